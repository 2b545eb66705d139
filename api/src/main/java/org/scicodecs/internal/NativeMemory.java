package org.scicodecs.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import org.scicodecs.NdArray;

/**
 * Native memory the codecs need besides the caller's: C {@code malloc}/{@code free} (for buffers
 * that libraries allocate and for large scratch buffers that need not be zeroed), and staging of
 * heap arrays off-heap for libraries that keep a pointer across several calls.
 *
 * <p>Thread-safe: stateless.
 */
public final class NativeMemory {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final MethodHandle MALLOC =
      LINKER.downcallHandle(
          LINKER.defaultLookup().find("malloc").orElseThrow(),
          FunctionDescriptor.of(ADDRESS, JAVA_LONG));
  private static final MethodHandle FREE =
      LINKER.downcallHandle(
          LINKER.defaultLookup().find("free").orElseThrow(), FunctionDescriptor.ofVoid(ADDRESS));

  /** {@code madvise}, where the C library has it (Linux): asks for transparent huge pages. */
  private static final MethodHandle MADVISE =
      LINKER
          .defaultLookup()
          .find("madvise")
          .map(
              a ->
                  LINKER.downcallHandle(
                      a, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT)))
          .orElse(null);

  private static final int MADV_HUGEPAGE = 14;
  private static final long HUGE_PAGE = 2L << 20;

  private NativeMemory() {}

  /**
   * {@code malloc(bytes)}, freed when the arena closes. The memory is not zeroed: large requests
   * are served by fresh pages from the kernel, so only the bytes that are written cost anything.
   *
   * @throws OutOfMemoryError if malloc fails
   */
  @SuppressWarnings("restricted")
  public static MemorySegment malloc(long bytes, Arena arena) {
    return mallocUnmanaged(bytes).reinterpret(bytes, arena, NativeMemory::free);
  }

  /**
   * {@code malloc(bytes)} owned by the caller, who releases it with {@link #free}: for memory
   * handed on to a caller's arena by {@link Outputs#adopt}, as a library's own buffers are.
   *
   * @throws OutOfMemoryError if malloc fails
   */
  @SuppressWarnings("restricted")
  public static MemorySegment mallocUnmanaged(long bytes) {
    MemorySegment p;
    try {
      p = (MemorySegment) MALLOC.invokeExact(Math.max(1L, bytes));
    } catch (Throwable t) {
      throw new IllegalStateException("malloc failed", t);
    }
    if (p.equals(MemorySegment.NULL)) {
      throw new OutOfMemoryError("malloc(" + bytes + ") failed");
    }
    adviseHugePages(p.address(), bytes);
    return p.reinterpret(bytes);
  }

  /**
   * Large scratch buffers are fresh pages from the kernel on every call; faulting them in 4 KiB at
   * a time cost a zfp decode 8 ms per 20 MB stream copy. Huge pages make that a few faults.
   */
  private static void adviseHugePages(long address, long bytes) {
    if (MADVISE == null || bytes < 2 * HUGE_PAGE) {
      return;
    }
    long start = (address + HUGE_PAGE - 1) & -HUGE_PAGE;
    long end = (address + bytes) & -HUGE_PAGE;
    if (end > start) {
      try {
        int ignored = (int) MADVISE.invokeExact(MemorySegment.ofAddress(start), end - start, MADV_HUGEPAGE);
      } catch (Throwable t) {
        // Only advice: without it, the buffer works the same, a little slower.
      }
    }
  }

  /** C {@code free}: for buffers a library allocated with malloc (SPERR's and SZ3's outputs). */
  public static void free(MemorySegment pointer) {
    try {
      FREE.invokeExact(pointer);
    } catch (Throwable t) {
      throw new IllegalStateException("free failed", t);
    }
  }

  /**
   * The segment itself if its memory is off-heap, else an off-heap copy from the arena (8-byte
   * aligned): for libraries that keep a pointer in a struct or across calls (libaec, zfp).
   */
  public static MemorySegment offHeap(MemorySegment segment, Arena arena) {
    if (segment.isNative()) {
      return segment;
    }
    MemorySegment copy = arena.allocate(Math.max(1, segment.byteSize()), 8).asSlice(0, segment.byteSize());
    MemorySegment.copy(segment, 0, copy, 0, segment.byteSize());
    return copy;
  }

  /**
   * The segment as a single downcall can take it: itself, unless it is a heap segment too large
   * for a critical downcall ({@link Downcalls#needsOffHeapCopy}), which is copied off-heap.
   */
  public static MemorySegment forSingleCall(MemorySegment segment, Arena arena) {
    return Downcalls.needsOffHeapCopy(segment) ? offHeap(segment, arena) : segment;
  }

  /**
   * The array itself if its memory is off-heap, else a C-contiguous off-heap copy from the arena:
   * for libraries that hold the data pointer across calls, where a heap array (which the garbage
   * collector may move) cannot be passed.
   */
  public static NdArray offHeap(NdArray array, Arena arena) {
    if (array.segment().isNative()) {
      return array;
    }
    NdArray copy = NdArray.allocate(arena, array.dtype(), array.shape());
    array.copyTo(copy);
    return copy;
  }

  /**
   * An off-heap array to decode into for the caller's {@code out}: {@code out} itself when it is
   * off-heap, else a C-contiguous scratch array that {@link #finishOutput} copies back.
   */
  public static NdArray outputTarget(NdArray out, Arena arena) {
    return out.segment().isNative() ? out : NdArray.allocate(arena, out.dtype(), out.shape());
  }

  /** Copies a scratch array from {@link #outputTarget} into the caller's array. */
  public static void finishOutput(NdArray target, NdArray out) {
    if (target != out) {
      target.copyTo(out);
    }
  }
}
