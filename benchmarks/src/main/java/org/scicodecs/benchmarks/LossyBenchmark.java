package org.scicodecs.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.nativelib.NativeLibraries;
import org.scicodecs.sperr.Sperr;
import org.scicodecs.sperr.SperrOptions;
import org.scicodecs.sz3.Sz3;
import org.scicodecs.sz3.Sz3Options;

/**
 * The Java side of the SPERR and SZ3 benchmark ({@code scripts/bench-lossy}), driven by {@code
 * benchmarks/python/run_bench.py} together with the C driver ({@code benchmarks/c/lossy_bench.c})
 * and imagecodecs ({@code benchmarks/python/lossy_bench.py}), repetitions interleaved.
 *
 * <p>The input is the field file mapped read-only ({@link NdArray#map}). Each timed encode is
 * {@code Sperr.encode(data, options, arena)} / {@code Sz3.encode(data, options, arena)} in an arena
 * closed inside the timed region, and each timed {@code dec} is {@code decode(stream, arena)} the
 * same way: the library's own buffer reaches the caller without a copy and is freed when the arena
 * closes, as the C driver frees it. {@code deco} decodes into a caller's array ({@code decode(stream,
 * out)}): the library's buffer is then copied into {@code out}.
 *
 * <p>Steady state: before {@code ready}, every timed path runs {@value #WARMUP_CALLS} times on an
 * 8x8x8 array, so the Java code around the downcalls is C2-compiled; the runner also discards one
 * warm-up repetition per configuration on the large field.
 *
 * <p>Usage: {@code LossyBenchmark FIELD NZ NY NX OUTDIR}, then the protocol of {@code
 * lossy_bench.c}, plus {@code deco CFG REPS}.
 */
public final class LossyBenchmark {
  static final int WARMUP_CALLS = 3_000;

  private LossyBenchmark() {}

  /** A configuration: the codec, its options, and the last stream. */
  private record Config(boolean sperr, SperrOptions sperrOptions, Sz3Options sz3Options, int threads,
      MemorySegment stream) {}

  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      System.err.println("usage: LossyBenchmark FIELD NZ NY NX OUTDIR");
      System.exit(2);
    }
    Path fieldFile = Path.of(args[0]);
    long nz = Long.parseLong(args[1]), ny = Long.parseLong(args[2]), nx = Long.parseLong(args[3]);
    Path outdir = Path.of(args[4]);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);

    try (Arena arena = Arena.ofConfined()) {
      NdArray data =
          NdArray.map(fieldFile, FileChannel.MapMode.READ_ONLY, 0, DType.FLOAT32, arena, nz, ny, nx);
      NdArray decoded = NdArray.allocate(arena, DType.FLOAT32, nz, ny, nx); // zeroed: touched
      warmUp(arena);
      out.println("ready java sperr " + Sperr.version() + " " + NativeLibraries.location("SPERR").orElse(null)
          + " sz3 " + Sz3.version() + " java " + Runtime.version());
      out.flush();

      Map<String, Config> configs = new HashMap<>();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        String[] w = line.trim().split("\\s+");
        if (w[0].isEmpty()) {
          continue;
        }
        switch (w[0]) {
          case "quit" -> {
            return;
          }
          case "enc" -> {
            String name = w[1];
            Config c = config(w[2], Double.parseDouble(w[3]), w[4], Integer.parseInt(w[5]), data.shape());
            int reps = Integer.parseInt(w[6]);
            boolean first = !configs.containsKey(name);
            long[] t = new long[reps];
            MemorySegment kept = null;
            for (int r = 0; r < reps; r++) {
              long t0 = System.nanoTime();
              long t1;
              long t2;
              try (Arena call = Arena.ofConfined()) {
                MemorySegment s = c.sperr()
                    ? Sperr.encode(data, c.sperrOptions(), call)
                    : Sz3.encode(data, c.sz3Options(), call);
                t1 = System.nanoTime();
                if (r + 1 == reps) { // not timed: keep the last stream for decoding
                  kept = arena.allocate(s.byteSize(), 8).copyFrom(s);
                }
                t2 = System.nanoTime();
              }
              t[r] = (t1 - t0) + (System.nanoTime() - t2);
            }
            configs.put(name, new Config(c.sperr(), c.sperrOptions(), c.sz3Options(), c.threads(), kept));
            out.println("ok enc " + name + " " + kept.byteSize() + Protocol.join(t));
            if (first) {
              Files.write(outdir.resolve(name + ".bin"), kept.toArray(ValueLayout.JAVA_BYTE));
            }
          }
          case "dec", "deco" -> {
            String name = w[1];
            int reps = Integer.parseInt(w[2]);
            Config c = configs.get(name);
            if (c == null) {
              throw new IllegalArgumentException("unknown config " + name + " (encode it first)");
            }
            long[] t = new long[reps];
            long sum = 0;
            double maxErr = 0;
            for (int r = 0; r < reps; r++) {
              if (w[0].equals("deco")) {
                long t0 = System.nanoTime();
                decodeInto(c, decoded);
                t[r] = System.nanoTime() - t0;
                if (r + 1 == reps) {
                  sum = Protocol.checksum(decoded.segment());
                  maxErr = maxAbsError(data, decoded);
                }
                continue;
              }
              long t0 = System.nanoTime();
              long t1;
              long t2;
              try (Arena call = Arena.ofConfined()) {
                NdArray d = decode(c, call);
                t1 = System.nanoTime();
                if (r + 1 == reps) { // not timed
                  sum = Protocol.checksum(d.segment());
                  maxErr = maxAbsError(data, d);
                }
                t2 = System.nanoTime();
              }
              t[r] = (t1 - t0) + (System.nanoTime() - t2);
            }
            out.println("ok " + w[0] + " " + name + " " + String.format(Locale.ROOT, "%016x", sum)
                + Protocol.join(t) + " maxerr=" + String.format(Locale.ROOT, "%.6g", maxErr));
          }
          default -> throw new IllegalArgumentException("unknown command " + w[0]);
        }
        out.flush();
      }
    } catch (RuntimeException e) {
      out.println("err " + e);
      out.flush();
      throw e;
    }
  }

  /** The options of a MODE/EXEC pair, as lossy_bench.c reads them. */
  static Config config(String mode, double param, String execution, int threads, long[] shape) {
    boolean omp = switch (execution) {
      case "serial" -> false;
      case "omp" -> true;
      default -> throw new IllegalArgumentException("execution " + execution);
    };
    return switch (mode) {
      case "sperr-pwe", "sperr-psnr", "sperr-rate" -> {
        SperrOptions o = switch (mode) {
          case "sperr-pwe" -> SperrOptions.pwe(param);
          case "sperr-psnr" -> SperrOptions.psnr(param);
          default -> SperrOptions.rate(param);
        };
        if (omp) {
          o = o.withChunks((shape[0] + 1) / 2, (shape[1] + 1) / 2, (shape[2] + 1) / 2).withThreads(threads);
        } else {
          o = o.withThreads(1);
        }
        yield new Config(true, o, null, omp ? threads : 1, null);
      }
      case "sz3-abs" -> new Config(false, null, Sz3Options.tolerance(param), 1, null);
      case "sz3-rel" -> new Config(false, null, Sz3Options.relative(param), 1, null);
      default -> throw new IllegalArgumentException("mode " + mode);
    };
  }

  static NdArray decode(Config c, Arena arena) {
    return c.sperr()
        ? Sperr.decode(c.stream(), arena, Long.MAX_VALUE, c.threads())
        : Sz3.decode(c.stream(), DType.FLOAT32, arena);
  }

  static void decodeInto(Config c, NdArray out) {
    if (c.sperr()) {
      Sperr.decode(c.stream(), out);
    } else {
      Sz3.decode(c.stream(), out);
    }
  }

  /** Runs every timed path {@value #WARMUP_CALLS} times on an 8x8x8 array (C2 compilation). */
  static void warmUp(Arena arena) {
    NdArray small = NdArray.allocate(arena, DType.FLOAT32, 8, 8, 8);
    for (long i = 0; i < small.size(); i++) {
      small.segment().setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) Math.sin(i * 0.1));
    }
    NdArray target = NdArray.allocate(arena, DType.FLOAT32, 8, 8, 8);
    long sink = 0;
    for (String mode : new String[] {"sperr-pwe", "sz3-abs"}) {
      for (String execution : mode.startsWith("sperr") ? new String[] {"serial", "omp"} : new String[] {"serial"}) {
        Config c = config(mode, 1e-3, execution, 2, small.shape());
        for (int i = 0; i < WARMUP_CALLS; i++) {
          try (Arena call = Arena.ofConfined()) {
            MemorySegment s = c.sperr()
                ? Sperr.encode(small, c.sperrOptions(), call)
                : Sz3.encode(small, c.sz3Options(), call);
            Config k = new Config(c.sperr(), c.sperrOptions(), c.sz3Options(), c.threads(), s);
            sink += decode(k, call).size();
            decodeInto(k, target);
          }
        }
      }
    }
    if (sink == 42) {
      System.err.println(); // keeps the loop's result alive
    }
  }

  static double maxAbsError(NdArray a, NdArray b) {
    MemorySegment x = a.segment(), y = b.segment();
    double m = 0;
    for (long i = 0; i < a.size(); i++) {
      m = Math.max(m, Math.abs((double) x.getAtIndex(ValueLayout.JAVA_FLOAT, i) - y.getAtIndex(ValueLayout.JAVA_FLOAT, i)));
    }
    return m;
  }


}
