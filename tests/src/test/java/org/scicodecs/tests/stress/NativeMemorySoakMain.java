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
 * three figures after a warm-up of a fifth of the cycles and at the end (the JVM must run with
 * {@code -XX:NativeMemoryTracking=summary}):
 * <ul>
 *   <li>the libraries' malloc: glibc's bytes in use ({@code mallinfo2}: {@code uordblks +
 *       hblkhd}) less what Native Memory Tracking says the JVM itself has malloc'd. Every
 *       library's buffers come from malloc outside NMT's view, so this is the precise check of a
 *       library-side leak, and it does not depend on whether freed pages go back to the system;
 *   <li>the process's resident memory (VmRSS);
 *   <li>NMT's committed total less the JVM's arenas: our own off-heap allocations (arenas of
 *       {@code java.lang.foreign}) are NMT mallocs, so a leak of them shows here.
 * </ul>
 * The JVM's arenas (the JIT compilers' scratch memory above all) are left out of both: a C2
 * compilation running at the moment of a sample holds 10 MiB or more for a moment, which once
 * looked like an 11 MiB leak of SZ3 on a busy CI machine.
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
        Sample atWarm = Sample.take();
        for (int i = warm; i < cycles; i++) {
          check(op, expected);
        }
        Sample atEnd = Sample.take();
        System.out.printf("soak %s %d %d %d %d %d %d %d %.1f%n", op.name(), cycles,
            atWarm.libraryMalloc(), atEnd.libraryMalloc(), atWarm.rssKb(), atEnd.rssKb(),
            atWarm.nmtKb(), atEnd.nmtKb(), (System.nanoTime() - t0) / 1e9);
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

  /** The three figures at one moment (see the class comment), after letting arenas settle. */
  record Sample(long libraryMalloc, long rssKb, long nmtKb) {
    static Sample take() throws Throwable {
      settle();
      // glibc's count includes the JVM's mallocs: read NMT on both sides of it and retry until the
      // JVM's figure did not move in between (a compiler thread may be allocating).
      for (int attempt = 0; ; attempt++) {
        Nmt before = Nmt.summary();
        long malloc = mallocInUse();
        Nmt after = Nmt.summary();
        if (before.mallocKb() == after.mallocKb() || attempt == 50) {
          return new Sample(malloc - (after.mallocKb() << 10), residentKb(), after.withoutArenasKb());
        }
        Thread.sleep(20);
      }
    }
  }

  /** glibc's bytes in use by malloc: {@code uordblks} (arena chunks) + {@code hblkhd} (mmapped). */
  static long mallocInUse() throws Throwable {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment info = (MemorySegment) MALLINFO2_HANDLE.invokeExact((SegmentAllocator) a);
      return info.getAtIndex(ValueLayout.JAVA_LONG, 7) + info.getAtIndex(ValueLayout.JAVA_LONG, 4);
    }
  }

  static long residentKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

  /**
   * NMT's summary in KiB: the committed total, the JVM's malloc total (arena chunks included),
   * and the JVM's arena memory: every category's arenas and the pool of free chunks.
   */
  record Nmt(long committedKb, long mallocKb, long arenasKb) {
    private static final Pattern TOTAL =
        Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB\\s+malloc: (\\d+)KB");
    private static final Pattern ARENA = Pattern.compile("\\(arena=(\\d+)KB");
    /** The pool of free arena chunks the JVM keeps for the next compilation. */
    private static final Pattern CHUNK_POOL =
        Pattern.compile("- +Arena Chunk \\(reserved=\\d+KB, committed=(\\d+)KB");

    long withoutArenasKb() {
      return committedKb - arenasKb;
    }

    static Nmt summary() throws Exception {
      String out = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
          new Object[] {new String[] {"summary", "scale=KB"}},
          new String[] {String[].class.getName()});
      Matcher total = TOTAL.matcher(out);
      if (!total.find()) {
        throw new IllegalStateException("no NMT summary (run with -XX:NativeMemoryTracking=summary):\n"
            + out);
      }
      long arenas = 0;
      for (Matcher m = ARENA.matcher(out); m.find(); ) {
        arenas += Long.parseLong(m.group(1));
      }
      for (Matcher m = CHUNK_POOL.matcher(out); m.find(); ) {
        arenas += Long.parseLong(m.group(1));
      }
      return new Nmt(Long.parseLong(total.group(1)), Long.parseLong(total.group(2)), arenas);
    }
  }
}
