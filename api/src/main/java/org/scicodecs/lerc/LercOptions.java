package org.scicodecs.lerc;

/**
 * How to encode with LERC: the maximum error per value (0 = lossless), the Lerc2 codec version
 * (2..6; imagecodecs' default is 4, which is not LERC's newest, 6), and whether a 3-D array is
 * band-planar ({@code (bands, rows, cols)}) or pixel-interleaved ({@code (rows, cols, depth)}).
 *
 * <p>Thread-safe: an immutable record.
 *
 * {@snippet :
 * LercOptions lossless = LercOptions.lossless();                 // tolerance 0, version 4
 * LercOptions dem = LercOptions.tolerance(0.01).withVersion(3);  // |error| <= 0.01
 * LercOptions bands = LercOptions.lossless().withPlanar(true);   // (bands, rows, cols)
 * }
 *
 * @param tolerance the maximum absolute error, finite and >= 0 (for integers, 0.5 is lossless)
 * @param version the Lerc2 codec version, 2..6 (versions 2 and 3 cannot encode depth > 1)
 * @param planar a 3-D array is (bands, rows, cols) instead of (rows, cols, depth)
 */
public record LercOptions(double tolerance, int version, boolean planar) {
  /** imagecodecs' default codec version. */
  public static final int DEFAULT_VERSION = 4;

  /** Validates; messages name the parameter. */
  public LercOptions {
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tolerance must be finite and >= 0, got " + tolerance);
    }
    if (version < 2 || version > 6) {
      throw new IllegalArgumentException("version must be 2..6, got " + version);
    }
  }

  /** Lossless, codec version 4. */
  public static LercOptions lossless() {
    return new LercOptions(0, DEFAULT_VERSION, false);
  }

  /** At most {@code maxError} absolute error per value, codec version 4. */
  public static LercOptions tolerance(double maxError) {
    return new LercOptions(maxError, DEFAULT_VERSION, false);
  }

  /**
   * The requested API's form, {@code lerc_encode(data, tolerance=, version=)}: null means the
   * default; a negative tolerance is 0, as imagecodecs clamps it.
   */
  public static LercOptions of(Double tolerance, Integer version) {
    double t = tolerance == null ? 0 : Math.max(0, tolerance);
    return new LercOptions(t, version == null ? DEFAULT_VERSION : version, false);
  }

  /** The same options with another codec version. */
  public LercOptions withVersion(int codecVersion) {
    return new LercOptions(tolerance, codecVersion, planar);
  }

  /** The same options reading 3-D arrays as (bands, rows, cols) when {@code true}. */
  public LercOptions withPlanar(boolean bandsFirst) {
    return new LercOptions(tolerance, version, bandsFirst);
  }
}
