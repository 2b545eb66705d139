package org.scicodecs.sperr;

import java.util.Arrays;

/**
 * How to compress with SPERR: the mode and its quality, whether a 2-D stream carries its 10-byte
 * header, the chunk shape of a 3-D volume and the OpenMP thread count. Immutable; validated on
 * construction.
 *
 * <p>Thread-safe: an immutable record (the chunk array is copied in and out).
 *
 * {@snippet :
 * SperrOptions bounded = SperrOptions.pwe(1e-3);            // |error| <= 1e-3
 * SperrOptions rate = SperrOptions.rate(2.0);               // about 2 bits per value
 * SperrOptions psnr = SperrOptions.psnr(80);                // at least 80 dB
 * SperrOptions chunked = bounded.withChunks(64, 64, 64).withThreads(0); // all OpenMP threads
 * SperrOptions likePython = SperrOptions.of(null, null, 0.1); // sperr_encode(data, tolerance=0.1)
 * }
 *
 * @param mode RATE (bits per value), PSNR (dB) or PWE (maximum absolute error)
 * @param quality the mode's target: positive and finite
 * @param header 2-D only: true writes SPERR's 10-byte header (dtype and shape) so that decoding
 *     needs nothing else; false writes the bare bitstream. 3-D streams always carry a header and
 *     ignore this, as imagecodecs does.
 * @param chunks 3-D only: chunk shape in C order {@code (cz, cy, cx)}, each at least 1 and at most
 *     65535 (SPERR records chunk sizes in 16 bits; sizes above the volume's are clamped by SPERR),
 *     or null for one chunk holding the whole volume
 * @param threads OpenMP threads for 3-D (0: OpenMP's default, all cores); 2-D is single-threaded
 */
public record SperrOptions(SPERR.MODE mode, double quality, boolean header, long[] chunks, int threads) {

  /**
   * The highest PSNR target: SPERR codes wavelet coefficients as 64-bit integer bit planes, and
   * 350 dB (about 2^58 quantization steps over the range) crashed it.
   */
  public static final double MAX_PSNR = 280;

  /** The most threads a call may ask for. */
  static final int MAX_THREADS = 1024;

  /** Validates every parameter; messages name the parameter. */
  public SperrOptions {
    if (mode == null) {
      throw new IllegalArgumentException(
          "mode must be one of " + Arrays.toString(SPERR.MODE.values()));
    }
    if (!(quality > 0) || Double.isInfinite(quality)) {
      throw new IllegalArgumentException(
          "quality must be positive and finite for mode " + mode + ", got " + quality);
    }
    if (mode == SPERR.MODE.PSNR && quality > MAX_PSNR) {
      throw new IllegalArgumentException("psnr must be at most " + MAX_PSNR + " dB (float64 data"
          + " holds about 320 dB; SPERR 0.8.5 crashes on targets near 350 dB), got " + quality);
    }
    if (chunks != null) {
      if (chunks.length != 3) {
        throw new IllegalArgumentException(
            "chunks must have 3 sizes (cz, cy, cx), got " + Arrays.toString(chunks));
      }
      for (long c : chunks) {
        if (c < 1 || c > 0xffff) {
          throw new IllegalArgumentException(
              "chunks must be 1..65535 each, got " + Arrays.toString(chunks));
        }
      }
      chunks = chunks.clone();
    }
    if (threads < 0 || threads > MAX_THREADS) {
      throw new IllegalArgumentException(
          "threads must be 0 (OpenMP default) to " + MAX_THREADS + ", got " + threads);
    }
  }

  /** Fixed bit rate: about {@code bitsPerPixel} bits per value. */
  public static SperrOptions rate(double bitsPerPixel) {
    if (!(bitsPerPixel > 0) || Double.isInfinite(bitsPerPixel)) {
      throw new IllegalArgumentException("bitsPerPixel must be positive and finite, got " + bitsPerPixel);
    }
    return new SperrOptions(SPERR.MODE.RATE, bitsPerPixel, true, null, 1);
  }

  /** Fixed PSNR: at least {@code db} decibels (relative to the data range). */
  public static SperrOptions psnr(double db) {
    if (!(db > 0) || Double.isInfinite(db)) {
      throw new IllegalArgumentException("db must be positive and finite, got " + db);
    }
    return new SperrOptions(SPERR.MODE.PSNR, db, true, null, 1);
  }

  /** Fixed point-wise error: every decoded value within {@code maxError} of the original. */
  public static SperrOptions pwe(double maxError) {
    if (!(maxError > 0) || Double.isInfinite(maxError)) {
      throw new IllegalArgumentException("maxError must be positive and finite, got " + maxError);
    }
    return new SperrOptions(SPERR.MODE.PWE, maxError, true, null, 1);
  }

  /** The requested API's {@code tolerance}: the same as {@link #pwe(double)}. */
  public static SperrOptions tolerance(double tolerance) {
    if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tolerance must be positive and finite, got " + tolerance);
    }
    return pwe(tolerance);
  }

  /**
   * The requested API's {@code sperr_encode(data, mode=..., quality=..., tolerance=...)}: either
   * {@code tolerance} (then {@code mode} is null or "pwe", and {@code quality} null), or a mode
   * name ({@link SPERR.MODE#of(String)}) with its quality.
   */
  public static SperrOptions of(String mode, Double quality, Double tolerance) {
    if (tolerance != null) {
      if (quality != null) {
        throw new IllegalArgumentException("tolerance: give either quality or tolerance, not both");
      }
      if (mode != null && SPERR.MODE.of(mode) != SPERR.MODE.PWE) {
        throw new IllegalArgumentException("tolerance: only with mode pwe, not '" + mode + "'");
      }
      return tolerance(tolerance);
    }
    if (mode == null) {
      throw new IllegalArgumentException("mode must be given when tolerance is not");
    }
    if (quality == null) {
      throw new IllegalArgumentException("quality must be given with mode '" + mode + "'");
    }
    return new SperrOptions(SPERR.MODE.of(mode), quality, true, null, 1);
  }

  /** The same options with or without the 2-D header. */
  public SperrOptions withHeader(boolean header) {
    return new SperrOptions(mode, quality, header, chunks, threads);
  }

  /** The same options with 3-D chunks {@code (cz, cy, cx)}; no argument: one chunk. */
  public SperrOptions withChunks(long... chunks) {
    return new SperrOptions(mode, quality, header, chunks.length == 0 ? null : chunks, threads);
  }

  /** The same options with this OpenMP thread count (0: OpenMP's default). */
  public SperrOptions withThreads(int threads) {
    return new SperrOptions(mode, quality, header, chunks, threads);
  }

  /** The chunk shape {@code (cz, cy, cx)}, a copy, or null for one chunk. */
  @Override
  public long[] chunks() {
    return chunks == null ? null : chunks.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SperrOptions s
        && mode == s.mode
        && Double.compare(quality, s.quality) == 0
        && header == s.header
        && Arrays.equals(chunks, s.chunks)
        && threads == s.threads;
  }

  @Override
  public int hashCode() {
    return ((mode.hashCode() * 31 + Double.hashCode(quality)) * 31 + Boolean.hashCode(header)) * 31
        + Arrays.hashCode(chunks) * 7 + threads;
  }

  @Override
  public String toString() {
    return "SperrOptions[mode=" + mode + ", quality=" + quality + ", header=" + header
        + ", chunks=" + Arrays.toString(chunks) + ", threads=" + threads + "]";
  }
}
