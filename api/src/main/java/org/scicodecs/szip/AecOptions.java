package org.scicodecs.szip;

/**
 * The parameters of a raw CCSDS 121.0-B (AEC) stream, which records none of them: the decoder must
 * be given exactly what the encoder used. Defaults follow imagecodecs' {@code aec_encode}: flags
 * {@link AEC#DATA_PREPROCESS}, block size 8, reference sample interval 2.
 *
 * <p>Thread-safe: an immutable record.
 *
 * {@snippet :
 * AecOptions o = AecOptions.of(16);                                   // 16-bit unsigned samples
 * AecOptions ccsds = AecOptions.of(12).withBlockSize(16).withRsi(128) // the CCSDS test set's
 *     .withFlags(AEC.DATA_PREPROCESS | AEC.RESTRICTED);
 * }
 *
 * @param bitsPerSample 1..32; samples are stored in 1, 2 (9–16 bits), 3 (17–24 bits with
 *     {@link AEC#DATA_3BYTE}) or 4 bytes, little-endian unless {@link AEC#DATA_MSB}
 * @param flags a combination of {@link AEC}'s flags
 * @param blockSize samples per block: 8, 16, 32 or 64 (any even size with {@link AEC#NOT_ENFORCE})
 * @param rsi blocks per reference sample interval, 1..4096
 */
public record AecOptions(int bitsPerSample, int flags, int blockSize, int rsi) {

  /** Validates every parameter; messages name the parameter. */
  public AecOptions {
    if (bitsPerSample < 1 || bitsPerSample > 32) {
      throw new IllegalArgumentException("bitsPerSample must be 1..32, got " + bitsPerSample);
    }
    int known = AEC.DATA_SIGNED | AEC.DATA_3BYTE | AEC.DATA_MSB | AEC.DATA_PREPROCESS
        | AEC.RESTRICTED | AEC.PAD_RSI | AEC.NOT_ENFORCE;
    if ((flags & ~known) != 0) {
      throw new IllegalArgumentException("flags has unknown bits: 0x" + Integer.toHexString(flags));
    }
    boolean standard = blockSize == 8 || blockSize == 16 || blockSize == 32 || blockSize == 64;
    boolean free = (flags & AEC.NOT_ENFORCE) != 0 && blockSize >= 2 && blockSize <= 64 && blockSize % 2 == 0;
    if (!standard && !free) {
      throw new IllegalArgumentException(
          "blockSize must be 8, 16, 32 or 64 (any even 2..64 with NOT_ENFORCE), got " + blockSize);
    }
    if (rsi < 1 || rsi > 4096) {
      throw new IllegalArgumentException("rsi must be 1..4096, got " + rsi);
    }
    if ((flags & AEC.RESTRICTED) != 0 && bitsPerSample > 4 && bitsPerSample <= 8) {
      throw new IllegalArgumentException(
          "RESTRICTED coding needs bitsPerSample <= 4, got " + bitsPerSample);
    }
  }

  /** Samples of {@code bitsPerSample} bits, with imagecodecs' defaults for the rest. */
  public static AecOptions of(int bitsPerSample) {
    return new AecOptions(bitsPerSample, AEC.DATA_PREPROCESS, 8, 2);
  }

  /** The same options with other flags. */
  public AecOptions withFlags(int newFlags) {
    return new AecOptions(bitsPerSample, newFlags, blockSize, rsi);
  }

  /** The same options with another block size. */
  public AecOptions withBlockSize(int samples) {
    return new AecOptions(bitsPerSample, flags, samples, rsi);
  }

  /** The same options with another reference sample interval. */
  public AecOptions withRsi(int blocks) {
    return new AecOptions(bitsPerSample, flags, blockSize, blocks);
  }

  /** Bytes one sample takes in memory. */
  int sampleBytes() {
    if (bitsPerSample <= 8) {
      return 1;
    } else if (bitsPerSample <= 16) {
      return 2;
    } else if (bitsPerSample <= 24 && (flags & AEC.DATA_3BYTE) != 0) {
      return 3;
    }
    return 4;
  }
}
