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
import org.scicodecs.zfp.ZFP;
import org.scicodecs.zfp.Zfp;
import org.scicodecs.zfp.ZfpOptions;

/**
 * The Java side of the ZFP benchmark: {@link Zfp#encode(NdArray, ZfpOptions, MemorySegment)} and
 * {@link Zfp#decode(MemorySegment, NdArray)} on a memory-mapped float32 field, driven by {@code
 * benchmarks/python/run_bench.py} (started by {@code scripts/bench-zfp}) together with the C driver
 * ({@code benchmarks/c/zfp_bench.c}) and imagecodecs ({@code benchmarks/python/zfp_bench.py}), with
 * their repetitions interleaved.
 *
 * <p>Everything is off-heap: the input is the field file mapped read-only ({@link NdArray#map}),
 * the stream goes into an {@link Arena} segment of {@link Zfp#maxEncodedSize} bytes (the API's
 * zero-copy path: zfp writes straight into it), and decoding writes into an Arena-allocated array.
 * Outputs are allocated and touched once, before any timing.
 *
 * <p>Steady state: before it reports {@code ready}, the harness runs every measured call path
 * (both modes, serial and OpenMP, both decode variants) {@value #WARMUP_CALLS} times on a small
 * array, so the API's Java code is C2-compiled before the first large call is timed; the runner
 * then discards one warm-up repetition per configuration on the large field as well.
 *
 * <p>Usage: {@code ZfpBenchmark FIELD NZ NY NX OUTDIR}, then the line protocol on stdin/stdout:
 *
 * <pre>
 *   enc CFG MODE PARAM EXEC THREADS REPS  -&gt; ok enc CFG SIZE T1 .. Tn   (ns; MODE accuracy|rate, EXEC serial|omp)
 *   dec CFG REPS                         -&gt; ok dec CFG CHECKSUM T1 .. Tn (stream as an exact-size segment)
 *   decd CFG REPS                        -&gt; ok decd CFG CHECKSUM T1 .. Tn (stream in its encode buffer)
 *   quit
 * </pre>
 *
 * <p>{@code dec} passes the stream as a segment of exactly its length, as after reading a file;
 * the API then decodes from a zero-padded copy (zfp reads whole 64-bit words and checks no bounds).
 * {@code decd} passes the whole encode buffer ({@code maxEncodedSize + 8} bytes), which the API
 * decodes in place: the difference between the two is the cost of that safety copy.
 */
public final class ZfpBenchmark {
  static final int WARMUP_CALLS = 12_000;

  private ZfpBenchmark() {}

  /** One configuration: its options, its stream buffer, and the last stream's length. */
  private static final class Config {
    final ZfpOptions options;
    final MemorySegment buffer;
    long size;

    Config(ZfpOptions options, MemorySegment buffer) {
      this.options = options;
      this.buffer = buffer;
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      System.err.println("usage: ZfpBenchmark FIELD NZ NY NX OUTDIR");
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
      out.println("ready java zfp " + Zfp.version() + " " + NativeLibraries.location("zfp").orElse(null)
          + " java " + Runtime.version());
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
            ZfpOptions options = options(w[2], Double.parseDouble(w[3]), w[4], Integer.parseInt(w[5]));
            int reps = Integer.parseInt(w[6]);
            Config c = configs.get(name);
            boolean first = c == null;
            if (first) {
              // 8 bytes beyond the maximum so that `decd` can decode in place (see the class doc).
              long capacity = Zfp.maxEncodedSize(data, options) + 8;
              c = new Config(options, arena.allocate(capacity, 64)); // zeroed: touched
              configs.put(name, c);
            }
            long[] t = new long[reps];
            for (int r = 0; r < reps; r++) {
              long t0 = System.nanoTime();
              c.size = Zfp.encode(data, c.options, c.buffer);
              t[r] = System.nanoTime() - t0;
            }
            out.println("ok enc " + name + " " + c.size + Protocol.join(t));
            if (first) {
              Files.write(outdir.resolve(name + ".zfp"), c.buffer.asSlice(0, c.size).toArray(ValueLayout.JAVA_BYTE));
            }
          }
          case "dec", "decd" -> {
            String name = w[1];
            int reps = Integer.parseInt(w[2]);
            Config c = configs.get(name);
            if (c == null) {
              throw new IllegalArgumentException("unknown config " + name + " (encode it first)");
            }
            MemorySegment stream = w[0].equals("dec") ? c.buffer.asSlice(0, c.size) : c.buffer;
            long[] t = new long[reps];
            for (int r = 0; r < reps; r++) {
              long t0 = System.nanoTime();
              Zfp.decode(stream, decoded);
              t[r] = System.nanoTime() - t0;
            }
            out.println("ok " + w[0] + " " + name + " " + String.format(Locale.ROOT, "%016x", Protocol.checksum(decoded.segment())) + Protocol.join(t));
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

  static ZfpOptions options(String mode, double param, String execution, int threads) {
    ZfpOptions o =
        switch (mode) {
          case "accuracy" -> ZfpOptions.tolerance(param);
          case "rate" -> ZfpOptions.rate(param);
          default -> throw new IllegalArgumentException("mode " + mode);
        };
    return switch (execution) {
      case "serial" -> o;
      case "omp" -> o.withExecution(ZFP.EXEC.OMP).withThreads(threads);
      default -> throw new IllegalArgumentException("execution " + execution);
    };
  }

  /**
   * Runs every path the benchmark times, {@value #WARMUP_CALLS} times each, on an 8x8x8 array (a
   * few microseconds a call), so that the Java code around the downcalls is compiled by C2.
   */
  static void warmUp(Arena arena) {
    NdArray small = NdArray.allocate(arena, DType.FLOAT32, 8, 8, 8);
    for (long i = 0; i < small.size(); i++) {
      small.segment().setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) Math.sin(i * 0.1));
    }
    NdArray target = NdArray.allocate(arena, DType.FLOAT32, 8, 8, 8);
    ZfpOptions[] all = {
      options("accuracy", 1e-3, "serial", 1), options("rate", 8, "serial", 1),
      options("accuracy", 1e-3, "omp", 2), options("rate", 8, "omp", 2),
    };
    long sink = 0;
    for (ZfpOptions o : all) {
      MemorySegment buffer = arena.allocate(Zfp.maxEncodedSize(small, o) + 8, 64);
      for (int i = 0; i < WARMUP_CALLS; i++) {
        long size = Zfp.encode(small, o, buffer);
        Zfp.decode(buffer.asSlice(0, size), target);
        Zfp.decode(buffer, target);
        sink += size;
      }
    }
    if (sink == 42) {
      System.err.println(); // keeps the loop's result alive
    }
  }


}
