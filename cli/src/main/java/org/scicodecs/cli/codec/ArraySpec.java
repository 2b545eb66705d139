package org.scicodecs.cli.codec;

import java.util.Arrays;
import org.scicodecs.DType;

/**
 * The element type and shape of an array, e.g. what a decoded stream will be.
 *
 * <p>Thread-safe: an immutable record (the shape is copied in and out).
 *
 * {@snippet :
 * ArraySpec spec = new ArraySpec(DType.FLOAT32, new long[] {128, 128, 128});
 * long bytes = spec.byteSize(); // 8388608
 * }
 *
 * @param dtype the element type
 * @param shape the shape, slowest axis first
 */
public record ArraySpec(DType dtype, long[] shape) {
  /** Copies the shape. */
  public ArraySpec {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The number of elements (saturating at {@code Long.MAX_VALUE}). */
  public long size() {
    long n = 1;
    for (long s : shape) {
      if (s != 0 && n > Long.MAX_VALUE / s) {
        return Long.MAX_VALUE;
      }
      n *= s;
    }
    return n;
  }

  /** The bytes the elements take (saturating at {@code Long.MAX_VALUE}). */
  public long byteSize() {
    long n = size();
    return n > Long.MAX_VALUE / dtype.byteSize() ? Long.MAX_VALUE : n * dtype.byteSize();
  }

  /** {@code float32 (128, 128, 128)}. */
  @Override
  public String toString() {
    return dtype + " " + shapeText(shape);
  }

  /** A shape as NumPy prints it: {@code (128, 128, 128)} or {@code (5,)}. */
  public static String shapeText(long[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return sb.append(shape.length == 1 ? ",)" : ")").toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArraySpec a && a.dtype == dtype && Arrays.equals(a.shape, shape);
  }

  @Override
  public int hashCode() {
    return dtype.hashCode() * 31 + Arrays.hashCode(shape);
  }
}
