package org.scicodecs;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;

/** Test arrays shared by the codec tests: smooth and noisy fields, and the shared real data. */
public final class TestData {
  private TestData() {}

  /** A smooth field of the given shape and dtype (values scaled to fit integers). */
  public static NdArray smooth(Arena arena, DType dtype, long... shape) {
    NdArray a = NdArray.allocate(arena, dtype, shape);
    long n = a.size();
    for (long i = 0; i < n; i++) {
      double v = 100 * Math.sin(i * 0.013) * Math.cos(i * 0.0021) + 30 * Math.sin(i * 0.0007);
      set(a, i, v);
    }
    return a;
  }

  /** Gaussian noise around a slow trend. */
  public static NdArray noisy(Arena arena, DType dtype, long seed, long... shape) {
    NdArray a = NdArray.allocate(arena, dtype, shape);
    Random r = new Random(seed);
    for (long i = 0; i < a.size(); i++) {
      set(a, i, 10 * Math.sin(i * 0.001) + 5 * r.nextGaussian());
    }
    return a;
  }

  /** Sets element i (C order of a contiguous array) from a double, rounding for integers. */
  public static void set(NdArray a, long i, double v) {
    MemorySegment s = a.segment();
    switch (a.dtype()) {
      case FLOAT32 -> s.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, (float) v);
      case FLOAT64 -> s.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i, v);
      case INT32, UINT32 -> s.setAtIndex(java.lang.foreign.ValueLayout.JAVA_INT, i, (int) Math.rint(v * 1000));
      case INT64, UINT64 -> s.setAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, i, Math.round(v * 1_000_000));
      case INT16, UINT16 -> s.setAtIndex(java.lang.foreign.ValueLayout.JAVA_SHORT, i, (short) Math.rint(v * 50));
      case INT8, UINT8 -> s.setAtIndex(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) Math.rint(v));
      case FLOAT16 -> s.setAtIndex(java.lang.foreign.ValueLayout.JAVA_SHORT, i, Float.floatToFloat16((float) v));
    }
  }

  /** The largest |a - b| over all elements, in C order, whatever the layouts. */
  public static double maxAbsDiff(NdArray a, NdArray b) {
    double max = 0;
    for (long i = 0; i < a.size(); i++) {
      max = Math.max(max, Math.abs(a.getDoubleFlat(i) - b.getDoubleFlat(i)));
    }
    return max;
  }

  /** The shared reference data folder ({@code ../shared/data}); skips the test if absent. */
  public static Path sharedData(String relative) {
    String base = System.getProperty("scicodecs.shared.data", "../../shared/data");
    Path p = Path.of(base).resolve(relative);
    Assumptions.assumeTrue(Files.exists(p), "shared data not present: " + p);
    return p;
  }

  /** Maps a headerless little-endian raw file read-only. */
  public static NdArray mapRaw(Path file, DType dtype, Arena arena, long... shape) {
    return NdArray.map(file, FileChannel.MapMode.READ_ONLY, 0, dtype, arena, shape);
  }

  /** The bytes of a file as a native segment. */
  public static MemorySegment readFile(Path file, Arena arena) throws IOException {
    byte[] b = Files.readAllBytes(file);
    return arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, b);
  }
}
