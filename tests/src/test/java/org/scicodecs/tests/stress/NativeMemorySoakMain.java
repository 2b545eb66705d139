package org.scicodecs.tests.stress;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * Child-process body of the native-memory soak ({@link NativeMemorySoakTest}, {@code
 * scripts/soak}): runs each codec's encode→decode {@code args[0]} times and reports, per codec,
 * the process's resident memory (VmRSS) and the JVM's native memory as Native Memory Tracking
 * counts it (the JVM must run with {@code -XX:NativeMemoryTracking=summary}), after a warm-up of a
 * fifth of the cycles and at the end. Library buffers come from malloc outside NMT's view, so RSS
 * is what shows a library-side leak; NMT shows leaks of our own off-heap allocations (arenas).
 * The precise figure is glibc's count of bytes in use by malloc ({@code mallinfo2}: {@code
 * uordblks + hblkhd}), which every library's buffers and the JVM's own allocations share: it does
 * not depend on whether freed pages go back to the system.
 * Output: one line per codec, {@code soak NAME CYCLES MALLOC_WARM MALLOC_END (bytes) RSS_WARM_KB
 * RSS_END_KB NMT_WARM_KB NMT_END_KB SECONDS}.
 */
public final class NativeMemorySoakMain {
  private NativeMemorySoakMain() {}

  public static void main(String[] args) throws Throwable {
    int cycles = Integer.parseInt(args[0]);
    String only = args.length > 1 ? args[1] : null;
    try (Arena arena = Arena.ofShared()) {
      List<CodecOps.Op> ops = CodecOps.all(arena);
      // Every codec once first, so that loading libraries and starting thread pools (OpenMP) is
      // not counted as the first codec's growth.
      for (CodecOps.Op op : ops) {
        op.run().get();
      }
      for (CodecOps.Op op : ops) {
        if (only != null && !only.contains(op.name())) {
          continue;
        }
        long expected = op.run().get();
        long t0 = System.nanoTime();
        int warm = Math.max(1, cycles / 5);
        for (int i = 0; i < warm; i++) {
          check(op, expected);
        }
        settle();
        long rssWarm = rssKb(), nmtWarm = nmtKb(), mallocWarm = mallocInUse();
        for (int i = warm; i < cycles; i++) {
          check(op, expected);
        }
        settle();
        long rssEnd = rssKb(), nmtEnd = nmtKb(), mallocEnd = mallocInUse();
        System.out.printf("soak %s %d %d %d %d %d %d %d %.1f%n", op.name(), cycles, mallocWarm, mallocEnd,
            rssWarm, rssEnd, nmtWarm, nmtEnd, (System.nanoTime() - t0) / 1e9);
        System.out.flush();
      }
    }
  }

  private static void check(CodecOps.Op op, long expected) {
    if (op.run().get() != expected) {
      throw new AssertionError(op.name() + ": a result changed during the soak");
    }
  }

  /** Lets automatic arenas (decoded arrays) be collected and their memory freed. */
  private static void settle() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
  }

  private static final StructLayout MALLINFO2 = MemoryLayout.structLayout(
      MemoryLayout.sequenceLayout(10, ValueLayout.JAVA_LONG));
  private static final MethodHandle MALLINFO2_HANDLE = Linker.nativeLinker().downcallHandle(
      Linker.nativeLinker().defaultLookup().find("mallinfo2").orElseThrow(),
      FunctionDescriptor.of(MALLINFO2));

  /** glibc's bytes in use by malloc: {@code uordblks} (arena chunks) + {@code hblkhd} (mmapped). */
  static long mallocInUse() throws Throwable {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment info = (MemorySegment) MALLINFO2_HANDLE.invokeExact((SegmentAllocator) a);
      return info.getAtIndex(ValueLayout.JAVA_LONG, 7) + info.getAtIndex(ValueLayout.JAVA_LONG, 4);
    }
  }

  static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

  /** NMT's committed total ("Total: reserved=..KB, committed=..KB"), or -1 without NMT. */
  static long nmtKb() throws Exception {
    String out = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
        new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
    Matcher m = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(out);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }
}
