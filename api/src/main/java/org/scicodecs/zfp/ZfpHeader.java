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
 * double bitsPerValue = h.rate(); // for FIXED_RATE streams
 * ZfpOptions again = h.options(); // re-encodes with the same mode
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

  /** Bits per value for {@link ZFP.MODE#FIXED_RATE} ({@code maxBits / 4^ndim}), else 0. */
  public double rate() {
    return mode == ZFP.MODE.FIXED_RATE ? maxBits / (double) (1L << (2 * shape.length)) : 0;
  }

  /** Bit planes for {@link ZFP.MODE#FIXED_PRECISION} ({@code maxPrec}), else 0. */
  public int precision() {
    return mode == ZFP.MODE.FIXED_PRECISION ? maxPrec : 0;
  }

  /**
   * The tolerance zfp works to in {@link ZFP.MODE#FIXED_ACCURACY}: {@code 2^minExp}, the power of
   * two at or below the tolerance the stream was written with; else 0.
   */
  public double tolerance() {
    return mode == ZFP.MODE.FIXED_ACCURACY ? Math.scalb(1.0, minExp) : 0;
  }

  /**
   * Options with this stream's mode and parameters (full header, serial): encoding the same data
   * with them gives the same stream.
   *
   * @throws IllegalArgumentException for expert parameters outside {@link ZfpOptions}' ranges
   *     (a header can record some that zfp's encoder is not given through this API)
   */
  public ZfpOptions options() {
    return switch (mode) {
      case FIXED_RATE -> ZfpOptions.rate(rate());
      case FIXED_PRECISION -> ZfpOptions.precision(maxPrec);
      case FIXED_ACCURACY -> ZfpOptions.tolerance(tolerance());
      case REVERSIBLE -> ZfpOptions.reversible();
      default -> ZfpOptions.expert(minBits, maxBits, maxPrec, minExp);
    };
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
