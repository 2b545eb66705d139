package org.scicodecs.cli.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.scicodecs.DType;
import org.scicodecs.NdArray;

/**
 * What a benchmark sweep needs to know about a data set: dtype, shape and the range of its finite
 * values (error bounds are chosen relative to the range, so a sweep fits any data).
 *
 * <p>Thread-safe: an immutable record.
 *
 * {@snippet :
 * DataStats stats = DataStats.of(field);
 * double tolerance = 1e-3 * stats.range();
 * }
 *
 * @param spec dtype and shape
 * @param min the smallest finite value
 * @param max the largest finite value
 */
public record DataStats(ArraySpec spec, double min, double max) {
  /** {@code max - min}, or 1 for constant (or empty) data. */
  public double range() {
    double r = max - min;
    return r > 0 && Double.isFinite(r) ? r : 1;
  }

  /** The element type. */
  public DType dtype() {
    return spec.dtype();
  }

  /** Scans the array once (any layout). */
  public static DataStats of(NdArray a) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long n = a.size();
    if (a.isContiguous()) {
      MemorySegment s = a.segment();
      for (long i = 0; i < n; i++) {
        double v = read(s, a.dtype(), i);
        if (v < min) {
          min = v;
        }
        if (v > max) {
          max = v;
        }
      }
    } else {
      for (long i = 0; i < n; i++) {
        double v = a.getDoubleFlat(i);
        if (v < min) {
          min = v;
        }
        if (v > max) {
          max = v;
        }
      }
    }
    if (min > max) {
      min = max = 0;
    }
    return new DataStats(new ArraySpec(a.dtype(), a.shape()), min, max);
  }

  /** Element {@code i} of a contiguous segment as a double (NaN compares false, so it is skipped). */
  public static double read(MemorySegment s, DType t, long i) {
    return switch (t) {
      case FLOAT32 -> s.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
      case FLOAT64 -> s.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i);
      case INT8 -> s.get(ValueLayout.JAVA_BYTE, i);
      case UINT8 -> Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, i));
      case INT16 -> s.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i);
      case UINT16 -> Short.toUnsignedInt(s.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i));
      case FLOAT16 -> Float.float16ToFloat(s.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i));
      case INT32 -> s.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i);
      case UINT32 -> Integer.toUnsignedLong(s.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i));
      case INT64 -> s.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i);
      case UINT64 -> {
        long v = s.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i);
        yield (double) (v >>> 1) * 2.0 + (v & 1);
      }
    };
  }
}
