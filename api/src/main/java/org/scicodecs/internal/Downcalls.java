package org.scicodecs.internal;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Downcall handles with {@link Linker.Option#critical(boolean) critical(true)}, so a Java array
 * passed as a heap segment reaches native code without a copy. A critical call holds off the
 * garbage collector for its duration and must not call back into Java, so it is only for single,
 * short calls whose pointers are not kept after the call returns; larger heap arrays are copied
 * off-heap instead ({@link #useCritical}).
 *
 * <p>Thread-safe: handles are created once per function and shared.
 */
public final class Downcalls {
  /** System property: the largest heap array, in bytes, passed with a critical downcall. */
  public static final String CRITICAL_LIMIT_PROPERTY = "scicodecs.critical.max-bytes";

  private static final long CRITICAL_LIMIT =
      Long.getLong(CRITICAL_LIMIT_PROPERTY, 64L << 20); // 64 MiB: milliseconds of GC delay at most

  private static final ConcurrentHashMap<Long, MethodHandle> CRITICAL = new ConcurrentHashMap<>();

  private Downcalls() {}

  /**
   * The critical variant of a bound function, from the generated binding's {@code $address()} and
   * {@code $descriptor()}.
   */
  @SuppressWarnings("restricted")
  public static MethodHandle critical(MemorySegment address, FunctionDescriptor descriptor) {
    return CRITICAL.computeIfAbsent(
        address.address(),
        a -> Linker.nativeLinker().downcallHandle(address, descriptor, Linker.Option.critical(true)));
  }

  /**
   * Whether a call over these segments should use the critical handle: true when at least one is
   * on the heap and every heap segment is small enough. Off-heap segments never need it.
   */
  public static boolean useCritical(MemorySegment... segments) {
    boolean anyHeap = false;
    for (MemorySegment s : segments) {
      if (s != null && !s.isNative()) {
        anyHeap = true;
        if (s.byteSize() > CRITICAL_LIMIT) {
          return false;
        }
      }
    }
    return anyHeap;
  }

  /** Whether a heap segment is too large for a critical call and must be copied off-heap. */
  public static boolean needsOffHeapCopy(MemorySegment segment) {
    return !segment.isNative() && segment.byteSize() > CRITICAL_LIMIT;
  }

  /**
   * Calls a bound function once, through its critical handle when a small Java array is among the
   * arguments, else through the binding's plain handle. Larger heap arrays must have been copied
   * off-heap by the caller ({@link #needsOffHeapCopy}). For calls that keep no pointer afterwards.
   *
   * @param address the binding's {@code name$address()}
   * @param descriptor the binding's {@code name$descriptor()}
   * @param plain the binding's {@code name$handle()}
   * @return what the function returned (boxed), or null for void
   */
  public static Object call(
      MemorySegment address, FunctionDescriptor descriptor, MethodHandle plain, Object... args) {
    MemorySegment[] segments =
        java.util.Arrays.stream(args)
            .filter(a -> a instanceof MemorySegment)
            .toArray(MemorySegment[]::new);
    for (MemorySegment s : segments) {
      if (needsOffHeapCopy(s)) {
        throw new IllegalStateException("a large heap segment must be copied off-heap first");
      }
    }
    MethodHandle handle = useCritical(segments) ? critical(address, descriptor) : plain;
    try {
      return handle.invokeWithArguments(args);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError("should not reach here", t);
    }
  }
}
