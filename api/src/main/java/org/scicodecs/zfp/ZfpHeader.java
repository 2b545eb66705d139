package org.scicodecs.zfp;

import java.util.Arrays;
import org.scicodecs.DType;

/**
 * What a full zfp header says: element type, shape (C order) and the compression mode with zfp's
 * four parameters, read without decoding the data ({@link Zfp#readHeader}).
 *
 * <p>Thread-safe: an immutable record (the accessors return copies of the shape).
 *
 * {@snippet :
 * ZfpHeader h = Zfp.readHeader(stream);
 * System.out.println(h.dtype() + " " + java.util.Arrays.toString(h.shape()) + " " + h.mode());
 * }
 *
 * @param dtype FLOAT32, FLOAT64, INT32 or INT64
 * @param shape the array's shape, slowest axis first
 * @param mode the compression mode zfp recognises from the parameters
 * @param minBits zfp's minimum bits per block
 * @param maxBits zfp's maximum bits per block
 * @param maxPrec zfp's maximum precision
 * @param minExp zfp's minimum exponent
 * @param headerBits the size of the header in bits
 */
public record ZfpHeader(
    DType dtype,
    long[] shape,
    ZFP.MODE mode,
    int minBits,
    int maxBits,
    int maxPrec,
    int minExp,
    long headerBits) {

  public ZfpHeader {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ZfpHeader h
        && dtype == h.dtype
        && Arrays.equals(shape, h.shape)
        && mode == h.mode
        && minBits == h.minBits
        && maxBits == h.maxBits
        && maxPrec == h.maxPrec
        && minExp == h.minExp
        && headerBits == h.headerBits;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape) * 31 + java.util.Objects.hash(dtype, mode, minBits, maxBits, maxPrec, minExp);
  }

  @Override
  public String toString() {
    return "ZfpHeader[" + dtype + " " + Arrays.toString(shape) + " " + mode + " minBits=" + minBits
        + " maxBits=" + maxBits + " maxPrec=" + maxPrec + " minExp=" + minExp + "]";
  }
}
