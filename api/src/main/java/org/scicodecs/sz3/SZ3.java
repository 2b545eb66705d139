package org.scicodecs.sz3;

/**
 * SZ3 constants, as imagecodecs' {@code SZ3} namespace names them.
 *
 * <p>Thread-safe: constants only.
 *
 * {@snippet :
 * Sz3Options options = Sz3Options.of(SZ3.MODE.ABS_OR_REL, 1e-3, 1e-4);
 * }
 */
public final class SZ3 {
  private SZ3() {}

  /**
   * SZ3 stream layouts ({@link Sz3Options#withFormat}). The configuration and the payload are the
   * same bytes in both; only their framing differs, so either converts losslessly to the other.
   */
  public enum FORMAT {
    /** Data format 3.3.2: header, payload, configuration last. What SZ3 3.3.2 writes (default). */
    V3_3_2("3.3.2"),
    /**
     * Data format 3.3.0: configuration first, then the payload. What the imagecodecs 2026.3.6 PyPI
     * wheel writes and reads: choose it for streams that Python's {@code sz3_decode} must read.
     */
    V3_3_0("3.3.0");

    private final String version;

    FORMAT(String version) {
      this.version = version;
    }

    /** The data-format version, e.g. {@code "3.3.2"}. */
    public String version() {
      return version;
    }
  }

  /**
   * Error-bound modes of SZ3's {@code sz3c} C wrapper, with the wrapper's (SZ2-style) numbers.
   * SZ3 itself also has PSNR and L2-norm bounds, but the {@code sz3c} wrapper of SZ3 3.3.2 accepts
   * only these four (for any other number it calls {@code exit(0)}), so they are not offered.
   */
  public enum MODE {
    /** |error| &le; abs. */
    ABS(0),
    /** |error| &le; rel &times; (max &minus; min of the data). */
    REL(1),
    /** |error| &le; min(abs, rel &times; range): both bounds hold. */
    ABS_AND_REL(2),
    /** |error| &le; max(abs, rel &times; range): either bound holds. */
    ABS_OR_REL(3);

    private final int value;

    MODE(int value) {
      this.value = value;
    }

    /** The number the C wrapper (and imagecodecs) uses for this mode. */
    public int value() {
      return value;
    }

    /** The mode with this number. */
    public static MODE of(int value) {
      for (MODE m : values()) {
        if (m.value == value) {
          return m;
        }
      }
      throw new IllegalArgumentException("invalid SZ3 error bound mode=" + value + " (0..3)");
    }
  }
}
