package org.scicodecs.sz3;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.scicodecs.DType;
import org.scicodecs.NdArray;

/**
 * What the payload checks cost against a whole decode, measured by hand (not a test): a 256^3
 * float32 smooth field (a sin/cos product plus noise of 0.1% of its range), coded at absolute
 * tolerances 1e-3 and 1e-5 of the range; per tolerance, after warm-up, the median of {@code
 * rounds} runs of: {@link Sz3#decode(MemorySegment, NdArray)} (off-heap stream and output, which
 * includes the checks), {@link Sz3Payload#check} alone, and within it the zstd step alone.
 *
 * <p>Run from the repository root after {@code mvn -pl api -am test-compile}:
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp api/target/test-classes:api/target/classes:$(cat cp.txt) \
 *     org.scicodecs.sz3.Sz3ValidationTiming [n=256] [rounds=7]
 * </pre>
 *
 * where {@code cp.txt} is {@code mvn -q -pl api dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
public final class Sz3ValidationTiming {
  private Sz3ValidationTiming() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    try (Arena arena = Arena.ofShared()) {
      long[] shape = {n, n, n};
      NdArray field = NdArray.allocate(arena, DType.FLOAT32, shape);
      MemorySegment f = field.segment();
      Random random = new Random(42);
      float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
      for (int z = 0, i = 0; z < n; z++) {
        for (int y = 0; y < n; y++) {
          for (int x = 0; x < n; x++, i++) {
            float v = (float) (Math.sin(x * 0.05) * Math.cos(y * 0.03) * Math.sin(z * 0.02 + 0.5)
                + 0.002 * random.nextGaussian());
            f.setAtIndex(ValueLayout.JAVA_FLOAT, i, v);
            min = Math.min(min, v);
            max = Math.max(max, v);
          }
        }
      }
      double range = max - min;
      NdArray out = NdArray.allocate(arena, DType.FLOAT32, shape);
      System.out.printf(Locale.ROOT, "%d^3 float32 (%d MB), range %.4f, medians of %d runs%n", n,
          field.byteSize() >> 20, range, rounds);
      for (double fraction : new double[] {1e-3, 1e-5}) {
        byte[] bytes = Sz3.encode(field, Sz3Options.tolerance(fraction * range));
        MemorySegment stream = arena.allocate(bytes.length);
        MemorySegment.copy(bytes, 0, stream, ValueLayout.JAVA_BYTE, 0, bytes.length);
        Sz3Conf conf = Sz3Conf.read(stream, Sz3.HEADER_BYTES + Sz3Forge.u64(bytes, 8), bytes.length);
        long raw = Sz3Forge.u64(bytes, 16);
        // warm up: the Java code C2-compiled on this very stream
        for (int i = 0; i < 3; i++) {
          Sz3.decode(stream, out);
        }
        for (int i = 0; i < 10; i++) {
          check(stream, conf);
        }
        double[] decode = new double[rounds], check = new double[rounds], zstd = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          long t0 = System.nanoTime();
          Sz3.decode(stream, out);
          long t1 = System.nanoTime();
          check(stream, conf);
          long t2 = System.nanoTime();
          try (Arena a = Arena.ofConfined()) {
            Sz3Payload.unzstd(stream, Sz3.HEADER_BYTES, conf.offset() - Sz3.HEADER_BYTES, -1,
                Long.MAX_VALUE, a);
          }
          long t3 = System.nanoTime();
          decode[r] = (t1 - t0) / 1e6;
          check[r] = (t2 - t1) / 1e6;
          zstd[r] = (t3 - t2) / 1e6;
        }
        double d = median(decode), c = median(check), z = median(zstd);
        System.out.printf(Locale.ROOT,
            "tolerance %.0e of range: %s, stream %d bytes (ratio %.1f), raw payload %d bytes%n"
                + "  Sz3.decode %.1f ms | checks %.1f ms = %.1f%% (zstd %.1f ms, Huffman and"
                + " fields %.1f ms) | SZ3 alone ~%.1f ms%n",
            fraction, Sz3Conf.algorithmName(conf.algorithm()), bytes.length,
            field.byteSize() / (double) bytes.length, raw, d, c, 100 * c / d, z, c - z, d - c);
      }
    }
  }

  private static void check(MemorySegment stream, Sz3Conf conf) {
    try (Arena a = Arena.ofConfined()) {
      Sz3Payload.check(stream, conf, DType.FLOAT32, a);
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
