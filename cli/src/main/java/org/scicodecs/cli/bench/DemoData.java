package org.scicodecs.cli.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.io.Npy;

/**
 * The demo's embedded data, generated deterministically (the same bytes on every machine and run)
 * and written as {@code .npy} files, so that anyone can compress them again with {@code scicodecs
 * encode} or load them in NumPy:
 *
 * <ul>
 *   <li>{@code field.npy}: a 3-D float32 "temperature" field in degrees C — large-scale waves, a warm
 *       anomaly, a finer oscillation and a little sensor noise, the way simulation and reanalysis
 *       output looks to a compressor;
 *   <li>{@code stack.npy}: a uint16 stack of 12-bit detector frames — a smooth background, drifting
 *       and blinking Gaussian spots, and shot noise, as from a microscope or an X-ray detector.
 * </ul>
 *
 * <p>Thread-safe: stateless.
 *
 * {@snippet :
 * Path field = DemoData.field(dir.resolve("field.npy"), 128);
 * Path stack = DemoData.stack(dir.resolve("stack.npy"), 64, 256);
 * }
 */
public final class DemoData {
  private DemoData() {}

  /** Writes an {@code n x n x n} float32 field. */
  public static Path field(Path file, int n) {
    try (Arena arena = Arena.ofConfined()) {
      NdArray a = Npy.create(file, DType.FLOAT32, new long[] {n, n, n}, arena);
      MemorySegment s = a.segment();
      SplittableRandom noise = new SplittableRandom(20240601L);
      double twoPi = 2 * Math.PI;
      long i = 0;
      for (int z = 0; z < n; z++) {
        double w = (double) z / n;
        for (int y = 0; y < n; y++) {
          double v = (double) y / n;
          double row = StrictMath.cos(twoPi * (0.9 * v - 0.3 * w));
          for (int x = 0; x < n; x++) {
            double u = (double) x / n;
            double d2 = (u - 0.35) * (u - 0.35) + (v - 0.6) * (v - 0.6) + (w - 0.5) * (w - 0.5);
            double t = 1.5 * StrictMath.sin(twoPi * (1.3 * u + 0.4 * w)) * row
                + 0.8 * StrictMath.exp(-d2 / 0.02)
                + 0.25 * StrictMath.sin(twoPi * 5.1 * (u + 0.7 * v + 0.4 * w))
                + 0.002 * noise.nextDouble(-1, 1);
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i++, (float) (12 + 6 * t));
          }
        }
      }
    }
    return file;
  }

  /** Writes {@code frames} uint16 frames of {@code size x size} pixels. */
  public static Path stack(Path file, int frames, int size) {
    SplittableRandom r = new SplittableRandom(42L);
    int spots = 60;
    double[] x0 = new double[spots];
    double[] y0 = new double[spots];
    double[] vx = new double[spots];
    double[] vy = new double[spots];
    double[] sigma = new double[spots];
    double[] amp = new double[spots];
    for (int k = 0; k < spots; k++) {
      x0[k] = r.nextDouble(0, size);
      y0[k] = r.nextDouble(0, size);
      vx[k] = r.nextDouble(-0.5, 0.5);
      vy[k] = r.nextDouble(-0.5, 0.5);
      sigma[k] = r.nextDouble(1.2, 3.5);
      amp[k] = r.nextDouble(200, 3000);
    }
    double[] frame = new double[size * size];
    try (Arena arena = Arena.ofConfined()) {
      NdArray a = Npy.create(file, DType.UINT16, new long[] {frames, size, size}, arena);
      MemorySegment s = a.segment();
      long i = 0;
      for (int t = 0; t < frames; t++) {
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            frame[y * size + x] = 100 + 40 * StrictMath.sin(Math.PI * x / size) * StrictMath.cos(Math.PI * y / (2.0 * size));
          }
        }
        for (int k = 0; k < spots; k++) {
          double bright = amp[k] * (0.6 + 0.4 * StrictMath.sin(0.3 * t + k)); // blinking
          double cx = x0[k] + vx[k] * t;
          double cy = y0[k] + vy[k] * t;
          int reach = (int) Math.ceil(4 * sigma[k]);
          for (int y = Math.max(0, (int) cy - reach); y <= Math.min(size - 1, (int) cy + reach); y++) {
            for (int x = Math.max(0, (int) cx - reach); x <= Math.min(size - 1, (int) cx + reach); x++) {
              double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
              frame[y * size + x] += bright * StrictMath.exp(-d2 / (2 * sigma[k] * sigma[k]));
            }
          }
        }
        for (int p = 0; p < frame.length; p++) {
          double mean = frame[p];
          double v = mean + Math.sqrt(mean) * r.nextGaussian(); // shot noise
          int q = (int) Math.round(Math.max(0, Math.min(4095, v)));
          s.setAtIndex(ValueLayout.JAVA_SHORT, i++, (short) q);
        }
      }
    }
    return file;
  }
}
