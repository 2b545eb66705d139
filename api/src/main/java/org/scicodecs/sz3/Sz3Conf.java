package org.scicodecs.sz3;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * One SZ3 3.3.2 configuration block ({@code Config::save}), parsed and checked in Java: the block
 * that ends every stream and, in streams written with SZ3's OpenMP mode, also heads every chunk.
 * Layout: u8 block size, i8 N, u8 dimension bit width, the N dimensions bit-packed, u64 value
 * count, u8 algorithm, u8 error-bound mode, one or two f64 bounds, u8 flags (lorenzo, lorenzo2,
 * regression, regression2, openmp from bit 7 down), u8 data type, i32 quantization bins, i32 block
 * size, u8 prediction dimension. SZ3 3.3.2 writes every field, so the block must have exactly this
 * size.
 *
 * <p>Thread-safe: an immutable record (arrays are not exposed outside the package).
 */
record Sz3Conf(
    long offset,
    int size,
    long[] dims,
    long num,
    int algorithm,
    int errorBoundMode,
    int flags,
    int dataType,
    int quantBins,
    int blockSize) {

  static final int ALGO_LORENZO_REG = 0;
  static final int ALGO_INTERP_LORENZO = 1;
  static final int ALGO_INTERP = 2;
  static final int ALGO_NOPRED = 3;
  static final int ALGO_LOSSLESS = 4;
  static final int ALGO_BIOMD = 5;
  static final int ALGO_BIOMDXTC = 6;

  private static final String[] ALGORITHMS = {
    "ALGO_LORENZO_REG", "ALGO_INTERP_LORENZO", "ALGO_INTERP", "ALGO_NOPRED", "ALGO_LOSSLESS",
    "ALGO_BIOMD", "ALGO_BIOMDXTC"
  };

  private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED;
  private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED;

  /** SZ3's name for an algorithm number, e.g. {@code ALGO_INTERP}. */
  static String algorithmName(int algorithm) {
    return algorithm >= 0 && algorithm < ALGORITHMS.length
        ? ALGORITHMS[algorithm]
        : "algorithm number " + algorithm;
  }

  int n() {
    return dims.length;
  }

  boolean lorenzo() {
    return (flags >> 7 & 1) != 0;
  }

  boolean lorenzo2() {
    return (flags >> 6 & 1) != 0;
  }

  boolean regression() {
    return (flags >> 5 & 1) != 0;
  }

  boolean openmp() {
    return (flags >> 3 & 1) != 0;
  }

  /** Offset of the flags byte (the one {@link #openmp()} is read from) within the stream. */
  long flagsOffset() {
    return offset + size - 11;
  }

  /**
   * Reads the block that starts at {@code at} and must lie within {@code [at, limit)}.
   *
   * @throws Sz3Exception if the block is truncated, has another size than its fields need, or
   *     records dimensions SZ3 cannot read back, or a value count that is not their product
   */
  static Sz3Conf read(MemorySegment s, long at, long limit) {
    if (at < 0 || at + 3 > limit) {
      throw new Sz3Exception(
          "corrupt or truncated SZ3 stream: no room for a configuration block at " + at);
    }
    int confSize = u8(s, at);
    int n = s.get(ValueLayout.JAVA_BYTE, at + 1);
    if (n < 1 || n > 4) {
      throw new Sz3Exception("corrupt SZ3 stream: " + n + " dimensions recorded (SZ3 codes 1 to 4)");
    }
    int bitWidth = u8(s, at + 2);
    // SZ3 reads the bits back with an int shift (ByteUtil bytes2vector): from the 32nd bit on,
    // what it reads is not what was written, so no sane stream has wider dimensions.
    if (bitWidth < 1 || bitWidth > 31) {
      throw new Sz3Exception(
          "corrupt SZ3 stream: dimension bit width " + bitWidth + " (SZ3 3.3.2 reads at most 31)");
    }
    long dimBytes = (n * bitWidth + 7) / 8;
    long modePos = at + 3 + dimBytes + 8 + 1;
    int ebMode = modePos < limit ? u8(s, modePos) : -1;
    int bounds =
        switch (ebMode) {
          case 0, 1, 2, 3 -> 1;
          case 4, 5 -> 2;
          default -> throw new Sz3Exception("corrupt SZ3 stream: error-bound mode " + ebMode);
        };
    long expected = modePos + 1 + 8L * bounds + 1 + 1 + 4 + 4 + 1 - at;
    if (confSize != expected || at + confSize > limit) {
      throw new Sz3Exception(
          "corrupt or truncated SZ3 stream: configuration block of " + confSize + " bytes at " + at
              + ", expected " + expected + " bytes within " + limit);
    }
    long[] dims = new long[n];
    long pos = at + 3;
    for (int i = 0; i < n; i++) {
      long value = 0;
      for (int j = 0; j < bitWidth; j++) {
        long bit = (long) i * bitWidth + j;
        value |= (long) ((u8(s, pos + bit / 8) >> (bit % 8)) & 1) << j;
      }
      dims[i] = value;
    }
    long num = s.get(LE_LONG, pos + dimBytes);
    long product = 1;
    for (long d : dims) {
      if (d < 1) {
        throw new Sz3Exception("corrupt SZ3 stream: dimensions " + Arrays.toString(dims));
      }
      product = Math.multiplyHigh(product, d) != 0 || product * d < 0 ? -1 : product * d;
      if (product < 0) {
        throw new Sz3Exception(
            "corrupt SZ3 stream: dimensions " + Arrays.toString(dims) + " overflow");
      }
    }
    if (num != product) {
      throw new Sz3Exception(
          "corrupt SZ3 stream: " + Long.toUnsignedString(num) + " values recorded for dimensions "
              + Arrays.toString(dims));
    }
    // SZ3 drops axes of length 1 before it records the dimensions (Config::setDims).
    if (n > 1 && Arrays.stream(dims).anyMatch(d -> d == 1)) {
      throw new Sz3Exception(
          "corrupt SZ3 stream: dimensions " + Arrays.toString(dims)
              + " include an axis of length 1, which SZ3 never records");
    }
    int algorithm = u8(s, modePos - 1);
    long tail = at + expected - 11; // flags, data type, quantization bins, block size, pred. dim
    return new Sz3Conf(at, confSize, dims, num, algorithm, ebMode, u8(s, tail), u8(s, tail + 1),
        s.get(LE_INT, tail + 2), s.get(LE_INT, tail + 6));
  }

  private static int u8(MemorySegment s, long offset) {
    return s.get(ValueLayout.JAVA_BYTE, offset) & 0xff;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sz3Conf c && offset == c.offset && Arrays.equals(dims, c.dims);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(offset) * 31 + Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return "Sz3Conf[" + algorithmName(algorithm) + ", dims=" + Arrays.toString(dims) + "]";
  }
}
