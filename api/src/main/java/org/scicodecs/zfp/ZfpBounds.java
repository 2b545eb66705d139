package org.scicodecs.zfp;

/**
 * The most stream bytes zfp can write or read for a field and its four parameters, computed so
 * that it also holds for parameters a forged header may carry.
 *
 * <p>Why not {@code zfp_stream_maximum_size}: it caps a block at {@code maxbits}, but zfp's block
 * coders subtract their exponent/precision bits from {@code maxbits} as unsigned numbers. With
 * {@code maxbits} below those bits (a fixed-rate header with 1 bit per float block, or expert
 * {@code maxbits = 8} for float32) the subtraction wraps, the budget becomes unlimited and a block
 * takes up to its full lossless size: zfp would write past a buffer of {@code
 * zfp_stream_maximum_size} bytes (a heap overflow, seen as a JVM crash) and read past a stream of
 * that size. Likewise the reversible coders ignore {@code maxprec}, which the bound uses. Here a
 * block is bounded by its full size whenever {@code maxbits} cannot be trusted; for every
 * parameter set zfp's own modes produce, the result equals {@code zfp_stream_maximum_size}.
 *
 * <p>Reads are bounded too: zfp's bit stream fetches a 64-bit word only when it needs a bit in it,
 * and {@code stream_skip}/{@code stream_align} fetch only the word holding the next unread bit
 * when that word was already begun, so decoding {@code T} bits touches exactly {@code ceil(T/64)}
 * words: a stream segment of {@link #maxStreamBytes} bytes is never read past.
 *
 * <p>Thread-safe: stateless.
 */
final class ZfpBounds {
  /** ZFP_HEADER_MAX_BITS: 32 magic + 52 metadata + 64 mode bits. */
  static final long MAX_HEADER_BITS = 148;

  /** The number of bits a 12-bit or 64-bit mode field can record for minbits and maxbits. */
  static final int HEADER_MAX_BLOCK_BITS = 0x8000;

  private ZfpBounds() {}

  /**
   * The smallest absolute error zfp's fixed-accuracy mode can keep for floats up to {@code maxAbs}.
   * zfp turns each block into integers of the type's width scaled to the block's largest exponent
   * {@code e} (|x| < 2^e): 30 (float32) or 62 (float64) bits below it, and its decorrelating
   * transform loses a few more bits. The error of a block whose largest value is near {@code
   * maxAbs} can reach about 2^(e - 30 + 3) for float32 whatever the tolerance (9 × 2^(e - 30)
   * was measured for a 1e6 spike in a 3-D block); this bound adds one more bit: 2^(e - 26), and
   * 2^(e - 58) for float64.
   */
  static double smallestTolerance(org.scicodecs.DType dtype, double maxAbs) {
    if (maxAbs == 0) {
      return 0;
    }
    int e = Math.getExponent(maxAbs) + 1; // frexp's exponent: maxAbs < 2^e
    return Math.scalb(1.0, e - (dtype == org.scicodecs.DType.FLOAT32 ? 26 : 58));
  }

  /** Bits of a scalar type: zfp_field_precision. */
  static int typeBits(int type) {
    return switch (type) {
      case 1, 3 -> 32; // int32, float
      case 2, 4 -> 64; // int64, double
      default -> throw new ZfpException("invalid zfp type " + type);
    };
  }

  /**
   * The bits a block coder reads or writes before its integer coefficients: the all-zero flag and
   * common exponent of floating-point blocks, and the precision field of reversible blocks.
   */
  static int overheadBits(int type, boolean reversible) {
    return switch (type) {
      case 1 -> reversible ? 5 : 0; // int32: PBITS
      case 2 -> reversible ? 6 : 0; // int64: PBITS
      case 3 -> reversible ? 1 + 1 + 8 + 5 : 1 + 8; // float: flags, EBITS, PBITS
      case 4 -> reversible ? 1 + 1 + 11 + 6 : 1 + 11; // double
      default -> throw new ZfpException("invalid zfp type " + type);
    };
  }

  /** The most bits one block takes, for zfp's parameters (minexp below ZFP_MIN_EXP: reversible). */
  static long maxBlockBits(int type, int dims, long minBits, long maxBits, long maxPrec, int minExp) {
    boolean reversible = minExp < ZfpOptions.MIN_EXP;
    long values = 1L << (2 * dims);
    long overhead = overheadBits(type, reversible);
    long precision = reversible ? typeBits(type) : Math.min(maxPrec, typeBits(type));
    long full = overhead + values - 1 + values * precision;
    long bits = maxBits >= overhead ? Math.min(full, maxBits) : full;
    return Math.max(bits, minBits);
  }

  /**
   * The most bytes of a stream of {@code headerBits} header bits and a field of zfp sizes {@code
   * nx, ny, nz, nw} (as many as there are dimensions), in whole 64-bit words; {@link Long#MAX_VALUE}
   * if that does not fit a long.
   */
  static long maxStreamBytes(
      int type, long[] zfpSizes, long minBits, long maxBits, long maxPrec, int minExp, long headerBits) {
    try {
      long blocks = 1;
      for (long n : zfpSizes) {
        blocks = Math.multiplyExact(blocks, (n + 3) / 4);
      }
      long bits =
          Math.addExact(
              headerBits,
              Math.multiplyExact(
                  blocks, maxBlockBits(type, zfpSizes.length, minBits, maxBits, maxPrec, minExp)));
      return Math.multiplyExact(bits / 64 + (bits % 64 == 0 ? 0 : 1), 8L);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
