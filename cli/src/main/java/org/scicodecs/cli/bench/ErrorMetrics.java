package org.scicodecs.cli.bench;

import java.lang.foreign.MemorySegment;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.cli.codec.DataStats;

/**
 * How far a decoded array is from the original: the largest absolute difference and the mean
 * squared error, and from them the PSNR over the original's value range. NaN in the same place in
 * both counts as equal; NaN against a number is an infinite error.
 *
 * <p>Thread-safe: an immutable record.
 *
 * {@snippet :
 * ErrorMetrics e = ErrorMetrics.compare(original, decoded);
 * double db = e.psnr(stats.range());
 * }
 *
 * @param maxAbsError the largest |original - decoded|
 * @param mse the mean of (original - decoded)^2
 */
public record ErrorMetrics(double maxAbsError, double mse) {

  /** Compares two arrays of the same shape (any layout; the decoded one is usually C order). */
  public static ErrorMetrics compare(NdArray original, NdArray decoded) {
    long n = original.size();
    double max = 0;
    double sum = 0;
    boolean fast = original.isContiguous() && decoded.isContiguous()
        && original.dtype() == decoded.dtype();
    MemorySegment a = original.segment();
    MemorySegment b = decoded.segment();
    DType t = original.dtype();
    for (long i = 0; i < n; i++) {
      double x = fast ? DataStats.read(a, t, i) : original.getDoubleFlat(i);
      double y = fast ? DataStats.read(b, t, i) : decoded.getDoubleFlat(i);
      double d;
      if (x == y) {
        continue;
      } else if (Double.isNaN(x) || Double.isNaN(y)) {
        d = Double.isNaN(x) && Double.isNaN(y) ? 0 : Double.POSITIVE_INFINITY;
      } else {
        d = Math.abs(x - y);
      }
      if (d > max) {
        max = d;
      }
      sum += d * d;
    }
    return new ErrorMetrics(max, n == 0 ? 0 : sum / n);
  }

  /** PSNR in dB: {@code 20 log10(range) - 10 log10(mse)}; infinite for an exact round trip. */
  public double psnr(double range) {
    return psnr(mse, range);
  }

  /** PSNR in dB from a mean squared error and the data's value range. */
  public static double psnr(double mse, double range) {
    if (mse == 0) {
      return Double.POSITIVE_INFINITY;
    }
    return 20 * Math.log10(range) - 10 * Math.log10(mse);
  }
}
