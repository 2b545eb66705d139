package org.scicodecs.sperr;

import java.util.Locale;

/**
 * SPERR's constants, mirroring imagecodecs' {@code SPERR} class: the compression modes with the
 * numbers of SPERR's C API ({@code sperr_comp_2d}/{@code sperr_comp_3d}).
 *
 * <p>Thread-safe: constants only.
 *
 * {@snippet :
 * if (SPERR.available()) {
 *   int mode = SPERR.MODE.PWE.value(); // 3, "fixed point-wise error"
 *   SPERR.MODE same = SPERR.MODE.of("pwe");
 * }
 * }
 */
public final class SPERR {
  private SPERR() {}

  /** Whether the SPERR library can be loaded (same as {@link Sperr#available()}). */
  public static boolean available() {
    return Sperr.available();
  }

  /** Compression modes, with SPERR's numbers. */
  public enum MODE {
    /** Fixed bit rate: the quality is bits per value (imagecodecs' {@code BPP}, "bpp"). */
    RATE(1, "bpp"),
    /** Fixed peak signal-to-noise ratio: the quality is the target PSNR in dB ("psnr"). */
    PSNR(2, "psnr"),
    /** Fixed point-wise error: the quality is the largest absolute error allowed ("pwe"). */
    PWE(3, "pwe");

    /** imagecodecs' name for {@link #RATE}. */
    public static final MODE BPP = RATE;

    private final int value;
    private final String pythonName;

    MODE(int value, String pythonName) {
      this.value = value;
      this.pythonName = pythonName;
    }

    /** SPERR's number for the mode (1, 2 or 3). */
    public int value() {
      return value;
    }

    /** imagecodecs' name: {@code "bpp"}, {@code "psnr"} or {@code "pwe"}. */
    public String pythonName() {
      return pythonName;
    }

    /** The mode with SPERR's number 1, 2 or 3. */
    public static MODE of(int value) {
      for (MODE m : values()) {
        if (m.value == value) {
          return m;
        }
      }
      throw new IllegalArgumentException("mode: invalid SPERR mode " + value + " (1, 2 or 3)");
    }

    /**
     * The mode named {@code "bpp"} or {@code "rate"}, {@code "psnr"}, or {@code "pwe"} or {@code
     * "tolerance"} (any case).
     */
    public static MODE of(String name) {
      if (name == null) {
        throw new IllegalArgumentException("mode must not be null");
      }
      return switch (name.strip().toLowerCase(Locale.ROOT)) {
        case "bpp", "rate" -> RATE;
        case "psnr" -> PSNR;
        case "pwe", "tolerance" -> PWE;
        default ->
            throw new IllegalArgumentException(
                "mode: invalid SPERR mode '" + name + "' (bpp/rate, psnr, pwe/tolerance)");
      };
    }
  }
}
