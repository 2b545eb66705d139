package org.scicodecs.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.scicodecs.DType;
import org.scicodecs.NdArray;

/**
 * Finds NaN and infinite values in float arrays, for codecs that cannot code them (SPERR crashes on
 * them, zfp's lossy modes turn them into finite values): such codecs refuse them by name and index
 * instead of silently breaking the error bound.
 *
 * <p>The scan is a max-reduction over the exponent bits, which the JIT vectorizes: several GB/s,
 * small next to any lossy encoder. Thread-safe: stateless.
 */
public final class Finite {
  private static final ValueLayout.OfInt F32_BITS = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfLong F64_BITS = ValueLayout.JAVA_LONG_UNALIGNED;
  private static final int F32_EXP = 0x7f80_0000;
  private static final long F64_EXP = 0x7ff0_0000_0000_0000L;
  private static final int CHUNK = 1 << 14;

  private Finite() {}

  /**
   * The flat (C-order) index of the first NaN or infinity in a FLOAT32/FLOAT64 array, or -1 when
   * every value is finite (and for other dtypes).
   */
  public static long firstNonFinite(NdArray data) {
    if (data.dtype() != DType.FLOAT32 && data.dtype() != DType.FLOAT64) {
      return -1;
    }
    if (data.isContiguous()) {
      return firstNonFinite(data.contiguousSegment(), data.dtype());
    }
    long[] shape = data.shape();
    long[] index = new long[shape.length];
    for (long i = 0, n = data.size(); i < n; i++, next(index, shape)) {
      if (!Double.isFinite(data.getDouble(index))) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the first non-finite value in contiguous FLOAT32/FLOAT64 values, or -1. */
  static long firstNonFinite(MemorySegment values, DType dtype) {
    long n = values.byteSize() / dtype.byteSize();
    for (long start = 0; start < n; start += CHUNK) {
      long end = Math.min(n, start + CHUNK);
      boolean bad = dtype == DType.FLOAT32
          ? maxExponent32(values, start, end) == F32_EXP
          : maxExponent64(values, start, end) == F64_EXP;
      if (bad) {
        for (long i = start; i < end; i++) {
          boolean nonFinite = dtype == DType.FLOAT32
              ? (values.getAtIndex(F32_BITS, i) & F32_EXP) == F32_EXP
              : (values.getAtIndex(F64_BITS, i) & F64_EXP) == F64_EXP;
          if (nonFinite) {
            return i;
          }
        }
      }
    }
    return -1;
  }

  private static int maxExponent32(MemorySegment s, long start, long end) {
    int max = 0;
    for (long i = start; i < end; i++) {
      max = Math.max(max, s.getAtIndex(F32_BITS, i) & F32_EXP);
    }
    return max;
  }

  private static long maxExponent64(MemorySegment s, long start, long end) {
    long max = 0;
    for (long i = start; i < end; i++) {
      max = Math.max(max, s.getAtIndex(F64_BITS, i) & F64_EXP);
    }
    return max;
  }

  /**
   * The largest magnitude in a FLOAT32/FLOAT64 array of finite values (see {@link #require}): the
   * largest absolute value's bits, since positive floats order as their bit patterns do.
   */
  public static double maxAbs(NdArray data) {
    NdArray c = data.isContiguous() ? data : null;
    if (c == null) {
      double max = 0;
      long[] shape = data.shape();
      long[] index = new long[shape.length];
      for (long i = 0, n = data.size(); i < n; i++, next(index, shape)) {
        max = Math.max(max, Math.abs(data.getDouble(index)));
      }
      return max;
    }
    MemorySegment s = c.contiguousSegment();
    if (data.dtype() == DType.FLOAT32) {
      int max = 0;
      for (long i = 0, n = data.size(); i < n; i++) {
        max = Math.max(max, s.getAtIndex(F32_BITS, i) & 0x7fff_ffff);
      }
      return Float.intBitsToFloat(max);
    }
    long max = 0;
    for (long i = 0, n = data.size(); i < n; i++) {
      max = Math.max(max, s.getAtIndex(F64_BITS, i) & 0x7fff_ffff_ffff_ffffL);
    }
    return Double.longBitsToDouble(max);
  }

  /**
   * Throws when the array holds a NaN or an infinity, naming the first one's index and value.
   *
   * @param why what the codec would do with it and what to do instead, e.g. {@code "SPERR cannot
   *     code them; replace them first, or use SZ3, which keeps them"}
   * @throws IllegalArgumentException for the first non-finite value
   */
  public static void require(NdArray data, String name, String why) {
    long flat = firstNonFinite(data);
    if (flat >= 0) {
      long[] idx = index(flat, data.shape());
      throw new IllegalArgumentException(name + java.util.Arrays.toString(idx) + " is "
          + data.getDouble(idx) + ": " + why);
    }
  }

  /** Steps a C-order index to the next element (odometer order). */
  private static void next(long[] index, long[] shape) {
    for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
      index[d] = 0;
    }
  }

  /** The C-order index of flat position {@code flat} in an array of this shape. */
  static long[] index(long flat, long[] shape) {
    long[] idx = new long[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = flat % shape[d];
      flat /= shape[d];
    }
    return idx;
  }
}
