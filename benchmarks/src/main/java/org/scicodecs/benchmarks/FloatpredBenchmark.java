package org.scicodecs.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ForkJoinTask;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.floatpred.Floatpred;

/**
 * The Java side of the floating-point predictor benchmark (scripts/bench-floatpred): {@link
 * Floatpred#encode} and {@link Floatpred#decode} on an off-heap array read from a raw file, into
 * preallocated off-heap outputs, and {@link MemorySegment#copy} of the same bytes as the bandwidth
 * yardstick. Run it with {@code --add-modules jdk.incubator.vector} to time the Vector API loops.
 * With THREADS above 1 the calls get that many threads and the arrays live in a shared arena
 * (confined memory stays in the calling thread); the copy is then also timed split in as many
 * parts on as many threads, the yardstick for the threaded calls. Prints one line, {@code
 * ENCODE_NS DECODE_NS COPY_NS SHA256 OK COPY_THREADED_NS WARM_UP_S} (medians after a warm-up
 * that lasts until the timings settle, WARM_UP_S seconds; the SHA-256 of the encoded bytes, to
 * compare with imagecodecs'; OK is 1 when decoding gave the input back exactly), like
 * benchmarks/python/floatpred_bench.py (which prints the first five).
 *
 * <p>Usage: {@code FloatpredBenchmark FILE f2|f4|f8 AXIS DIST REPS THREADS DIM...}
 */
public final class FloatpredBenchmark {
  private FloatpredBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    DType dtype = DType.fromNumpy(args[1]);
    int axis = Integer.parseInt(args[2]);
    int dist = Integer.parseInt(args[3]);
    int reps = Integer.parseInt(args[4]);
    int threads = Integer.parseInt(args[5]);
    long[] shape = Arrays.stream(args, 6, args.length).mapToLong(Long::parseLong).toArray();
    try (Arena arena = threads == 1 ? Arena.ofConfined() : Arena.ofShared()) {
      // In memory like numpy.fromfile on the Python side, not mapped: both read ordinary pages.
      NdArray mapped = NdArray.map(file, FileChannel.MapMode.READ_ONLY, 0, dtype, arena, shape);
      NdArray data = NdArray.allocate(arena, dtype, shape);
      mapped.copyTo(data);
      NdArray encoded = NdArray.allocate(arena, dtype, shape);
      NdArray decoded = NdArray.allocate(arena, dtype, shape);
      MemorySegment copy = arena.allocate(data.byteSize(), 64);

      Runnable enc = () -> Floatpred.encode(data, axis, dist, encoded, threads);
      Runnable dec = () -> Floatpred.decode(encoded, axis, dist, decoded, threads);
      Runnable cpy = () -> MemorySegment.copy(data.segment(), 0, copy, 0, data.byteSize());
      Runnable cpyThreaded = () -> copyThreaded(data.segment(), copy, threads);
      // Warm-up: at least 10 rounds and three seconds, so the JIT has compiled the loops (the
      // Vector API ones take a while, more so on a busy machine), and then until neither encoding
      // nor decoding has become 5 % faster for two seconds (at most 60 s). With two threads on
      // two cores the JIT's compiler threads get little time: the per-row code was still
      // interpreted after three seconds there, and decoding ran at a seventh of its later speed
      // for another 3-8 s (Zen 3, JDK 25).
      long t0 = System.nanoTime();
      long settled = t0;
      long bestEnc = Long.MAX_VALUE;
      long bestDec = Long.MAX_VALUE;
      for (int w = 0; w < 10 || System.nanoTime() - settled < 2_000_000_000L
          || System.nanoTime() - t0 < 3_000_000_000L; w++) {
        long e = time(enc);
        long d = time(dec);
        cpy.run();
        cpyThreaded.run();
        if (e < bestEnc * 0.95 || d < bestDec * 0.95) {
          settled = System.nanoTime();
        }
        bestEnc = Math.min(bestEnc, e);
        bestDec = Math.min(bestDec, d);
        if (System.nanoTime() - t0 > 60_000_000_000L) {
          break;
        }
      }
      double warmUp = (System.nanoTime() - t0) / 1e9;
      long[] te = new long[reps];
      long[] td = new long[reps];
      long[] tc = new long[reps];
      long[] tt = new long[reps];
      for (int r = 0; r < reps; r++) {
        te[r] = time(enc);
        td[r] = time(dec);
        tc[r] = time(cpy);
        tt[r] = time(cpyThreaded);
      }
      boolean ok = decoded.segment().mismatch(data.segment()) == -1;
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(encoded.segment().asByteBuffer());
      System.out.println(
          median(te) + " " + median(td) + " " + median(tc) + " "
              + HexFormat.of().formatHex(sha.digest()) + " " + (ok ? 1 : 0) + " " + median(tt)
              + " " + String.format("%.1f", warmUp));
    }
  }

  /** The copy in {@code threads} equal parts, on the calling thread and the common pool. */
  private static void copyThreaded(MemorySegment from, MemorySegment to, int threads) {
    long size = from.byteSize();
    List<ForkJoinTask<?>> parts = new ArrayList<>();
    for (int t = 1; t < threads; t++) {
      long a = size * t / threads;
      long b = size * (t + 1) / threads;
      parts.add(ForkJoinTask.adapt(() -> MemorySegment.copy(from, a, to, a, b - a)).fork());
    }
    MemorySegment.copy(from, 0, to, 0, size / threads);
    parts.forEach(ForkJoinTask::join);
  }

  private static long time(Runnable step) {
    long t0 = System.nanoTime();
    step.run();
    return System.nanoTime() - t0;
  }

  private static long median(long[] t) {
    long[] s = t.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
