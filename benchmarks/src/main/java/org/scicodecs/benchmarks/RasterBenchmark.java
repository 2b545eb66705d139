package org.scicodecs.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.lerc.Lerc;
import org.scicodecs.lerc.LercOptions;
import org.scicodecs.pcodec.Pcodec;
import org.scicodecs.pcodec.PcodecOptions;
import org.scicodecs.szip.AEC;
import org.scicodecs.szip.Aec;
import org.scicodecs.szip.AecOptions;
import org.scicodecs.szip.Szip;
import org.scicodecs.szip.SzipOptions;

/**
 * The Java side of the raster benchmark (scripts/bench-raster): LERC, SZIP, AEC and PCODEC through
 * the scicodecs API on a memory-mapped 16-bit stack, with the parameters of
 * benchmarks/c/raster_bench.c, printing the same lines ({@code CODEC SIZE ENCODE_NS DECODE_NS OK},
 * medians after a warm-up).
 *
 * <p>Usage: {@code RasterBenchmark FILE u16|i16 FRAMES ROWS COLS REPS}
 */
public final class RasterBenchmark {
  private RasterBenchmark() {}

  interface Step {
    long run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    boolean signed = args[1].equals("i16");
    long frames = Long.parseLong(args[2]), rows = Long.parseLong(args[3]), cols = Long.parseLong(args[4]);
    int reps = Integer.parseInt(args[5]);
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = NdArray.map(file, FileChannel.MapMode.READ_ONLY, 0, signed ? DType.INT16 : DType.UINT16,
          arena, frames, rows, cols);
      NdArray back = NdArray.allocate(arena, data.dtype(), frames, rows, cols);
      MemorySegment out = arena.allocate(data.byteSize() * 2 + 4096, 8);
      long[] size = new long[1];

      LercOptions lerc = LercOptions.lossless().withPlanar(true);
      run("lerc", reps, data, back,
          () -> size[0] = Lerc.encode(data, null, lerc, out),
          () -> { Lerc.decode(out.asSlice(0, size[0]), back, null); return 0; }, size);

      SzipOptions szip = new SzipOptions(141, 32, 16, (int) cols, true);
      run("szip", reps, data, back,
          () -> size[0] = Szip.encode(data.segment(), szip, out),
          () -> Szip.decode(out.asSlice(0, size[0]), szip, back.segment()), size);

      AecOptions aec = AecOptions.of(16).withBlockSize(16).withRsi(128)
          .withFlags(AEC.DATA_PREPROCESS | (signed ? AEC.DATA_SIGNED : 0));
      run("aec", reps, data, back,
          () -> size[0] = Aec.encode(data.segment(), aec, out),
          () -> Aec.decode(out.asSlice(0, size[0]), aec, back.segment()), size);

      run("pcodec", reps, data, back,
          () -> size[0] = Pcodec.encode(data, PcodecOptions.defaults(), out),
          () -> { Pcodec.decode(out.asSlice(0, size[0]), back); return 0; }, size);
    }
  }

  private static void run(String codec, int reps, NdArray data, NdArray back, Step encode, Step decode,
      long[] size) throws Exception {
    // Warm-up: at least 3 rounds and half a second, so the JIT has compiled the paths.
    long until = System.nanoTime() + 500_000_000L;
    for (int w = 0; w < 3 || System.nanoTime() < until; w++) {
      encode.run();
      decode.run();
    }
    long[] te = new long[reps];
    long[] td = new long[reps];
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      encode.run();
      te[r] = System.nanoTime() - t0;
      t0 = System.nanoTime();
      decode.run();
      td[r] = System.nanoTime() - t0;
    }
    Arrays.sort(te);
    Arrays.sort(td);
    boolean ok = data.segment().mismatch(back.segment()) == -1;
    System.out.println(codec + " " + size[0] + " " + te[reps / 2] + " " + td[reps / 2] + " " + (ok ? 1 : 0));
  }
}
