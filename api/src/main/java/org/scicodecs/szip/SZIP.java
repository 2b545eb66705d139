package org.scicodecs.szip;

/**
 * SZIP's option mask bits and limits ({@code SZ_*} in szlib.h), mirroring imagecodecs' {@code
 * SZIP.OPTION_MASK}. libaec's SZIP layer honours only {@link #NN} (preprocessing) and {@link #MSB}
 * (byte order); the other bits are accepted and ignored, as by every libaec-based SZIP.
 *
 * <p>Thread-safe: constants only.
 *
 * {@snippet :
 * int mask = SZIP.EC | SZIP.LSB; // entropy coding, little-endian samples
 * }
 */
public final class SZIP {
  public static final int ALLOW_K13 = 1;
  public static final int CHIP = 2;
  /** Entropy coding only ({@code "ec"}). */
  public static final int EC = 4;
  /** Samples are least significant byte first. */
  public static final int LSB = 8;
  /** Samples are most significant byte first. */
  public static final int MSB = 16;
  /** Nearest-neighbour preprocessing ({@code "nn"}). */
  public static final int NN = 32;
  public static final int RAW = 128;

  /** The largest pixels per block. */
  public static final int MAX_PIXELS_PER_BLOCK = 32;

  /** The largest blocks per scanline. */
  public static final int MAX_BLOCKS_PER_SCANLINE = 128;

  /** The largest pixels per scanline. */
  public static final int MAX_PIXELS_PER_SCANLINE = 4096;

  private SZIP() {}
}
