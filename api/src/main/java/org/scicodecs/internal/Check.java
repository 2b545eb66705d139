package org.scicodecs.internal;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.scicodecs.DType;
import org.scicodecs.NdArray;

/**
 * Argument checks shared by the codecs. Every failure is an {@link IllegalArgumentException} whose
 * message starts with the parameter's name, so a caller sees at once which argument is wrong.
 *
 * <p>Thread-safe: stateless.
 */
public final class Check {
  private Check() {}

  /** {@code value}, or an IllegalArgumentException "{@code name} must not be null". */
  public static <T> T notNull(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    return value;
  }

  /** A segment the codec may write: not null and not read-only. */
  public static MemorySegment writable(MemorySegment segment, String name) {
    notNull(segment, name);
    if (segment.isReadOnly()) {
      throw new IllegalArgumentException(name + " is a read-only segment");
    }
    return segment;
  }

  /** A writable array view: its segment is not read-only. */
  public static NdArray writable(NdArray array, String name) {
    notNull(array, name);
    writable(array.segment(), name);
    return array;
  }

  /**
   * Rejects an output that shares memory with the input ("cannot encode in place", as imagecodecs
   * says), so a codec never reads what it has just written.
   */
  public static void noOverlap(MemorySegment in, String inName, MemorySegment out, String outName) {
    if (in.asOverlappingSlice(out).isPresent()) {
      throw new IllegalArgumentException(outName + " overlaps " + inName + ": cannot code in place");
    }
  }

  /** The dtype, if it is one of those the codec supports. */
  public static DType dtype(DType dtype, String name, String codec, DType... supported) {
    notNull(dtype, name);
    for (DType t : supported) {
      if (t == dtype) {
        return dtype;
      }
    }
    throw new IllegalArgumentException(
        name
            + ": dtype "
            + dtype
            + " is not supported by "
            + codec
            + " (supported: "
            + Arrays.toString(supported)
            + ")");
  }

  /** The number of dimensions, if it is between {@code min} and {@code max}. */
  public static int ndim(long[] shape, String name, String codec, int min, int max) {
    notNull(shape, name);
    if (shape.length < min || shape.length > max) {
      throw new IllegalArgumentException(
          name
              + ": "
              + codec
              + " handles "
              + min
              + " to "
              + max
              + " dimensions, got "
              + shape.length
              + " "
              + Arrays.toString(shape));
    }
    return shape.length;
  }

  /** A shape whose every size is at least 1 (codecs cannot code empty arrays). */
  public static long[] nonEmptyShape(long[] shape, String name, String codec) {
    notNull(shape, name);
    for (long s : shape) {
      if (s < 1) {
        throw new IllegalArgumentException(
            name + ": " + codec + " cannot code an empty array, shape " + Arrays.toString(shape));
      }
    }
    return shape;
  }

  /** A byte limit: not negative. */
  public static long nonNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
    return value;
  }

  /**
   * The product of non-negative sizes, or {@link Long#MAX_VALUE} when it does not fit in a long:
   * for comparing sizes read from an untrusted stream against a limit.
   */
  public static long saturatedProduct(long... sizes) {
    long n = 1;
    for (long d : sizes) {
      if (d < 0) {
        throw new IllegalArgumentException("negative size " + d);
      }
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException overflow) {
        return Long.MAX_VALUE;
      }
    }
    return n;
  }
}
