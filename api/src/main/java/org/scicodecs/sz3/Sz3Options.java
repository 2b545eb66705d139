package org.scicodecs.sz3;

/**
 * How to compress with SZ3: the error-bound mode and its bounds. Immutable; validated on
 * construction.
 *
 * <p>Thread-safe: an immutable record.
 *
 * {@snippet :
 * Sz3Options bounded = Sz3Options.tolerance(0.1);        // |error| <= 0.1
 * Sz3Options relative = Sz3Options.relative(1e-4);       // |error| <= 1e-4 * (max - min)
 * Sz3Options both = Sz3Options.absAndRel(0.1, 1e-4);     // both hold
 * Sz3Options either = Sz3Options.absOrRel(0.1, 1e-4);    // the looser one holds
 * Sz3Options likePython = Sz3Options.of(null, 0.1, null); // sz3_encode(data, abs=0.1)
 * Sz3Options forTheWheel = bounded.withFormat(SZ3.FORMAT.V3_3_0); // readable by imagecodecs 2026.3.6
 * }
 *
 * @param mode the error-bound mode
 * @param abs the absolute bound, used by ABS, ABS_AND_REL and ABS_OR_REL (finite, &ge; 0)
 * @param rel the bound relative to the data's value range, used by REL, ABS_AND_REL and
 *     ABS_OR_REL (finite, &ge; 0)
 * @param format the stream layout to write: SZ3's own (default) or the one the imagecodecs PyPI
 *     wheel reads
 */
public record Sz3Options(SZ3.MODE mode, double abs, double rel, SZ3.FORMAT format) {

  /** Validates every parameter; messages name the parameter. */
  public Sz3Options {
    if (mode == null) {
      throw new IllegalArgumentException(
          "mode must be one of " + java.util.Arrays.toString(SZ3.MODE.values()));
    }
    if (!(abs >= 0) || Double.isInfinite(abs)) {
      throw new IllegalArgumentException("abs must be finite and >= 0, got " + abs);
    }
    if (!(rel >= 0) || Double.isInfinite(rel)) {
      throw new IllegalArgumentException("rel must be finite and >= 0, got " + rel);
    }
    if (format == null) {
      throw new IllegalArgumentException(
          "format must be one of " + java.util.Arrays.toString(SZ3.FORMAT.values()));
    }
  }

  /** A mode and its bounds, writing SZ3's own data format (3.3.2). */
  public Sz3Options(SZ3.MODE mode, double abs, double rel) {
    this(mode, abs, rel, SZ3.FORMAT.V3_3_2);
  }

  /**
   * The same bounds, writing the given layout: {@link SZ3.FORMAT#V3_3_0} for streams the
   * imagecodecs PyPI wheel's {@code sz3_decode} reads.
   */
  public Sz3Options withFormat(SZ3.FORMAT newFormat) {
    return new Sz3Options(mode, abs, rel, newFormat);
  }

  /** Absolute error bound: |error| &le; {@code abs} (the requested API's {@code tolerance}). */
  public static Sz3Options tolerance(double abs) {
    return new Sz3Options(SZ3.MODE.ABS, abs, 0);
  }

  /** Relative error bound: |error| &le; {@code rel} &times; (max &minus; min of the data). */
  public static Sz3Options relative(double rel) {
    return new Sz3Options(SZ3.MODE.REL, 0, rel);
  }

  /** Both bounds hold: |error| &le; min(abs, rel &times; range). */
  public static Sz3Options absAndRel(double abs, double rel) {
    return new Sz3Options(SZ3.MODE.ABS_AND_REL, abs, rel);
  }

  /** Either bound holds: |error| &le; max(abs, rel &times; range). */
  public static Sz3Options absOrRel(double abs, double rel) {
    return new Sz3Options(SZ3.MODE.ABS_OR_REL, abs, rel);
  }

  /**
   * imagecodecs' {@code sz3_encode(data, mode=, abs=, rel=)} arguments: a null mode is ABS, a null
   * bound is 0.
   */
  public static Sz3Options of(SZ3.MODE mode, Double abs, Double rel) {
    return new Sz3Options(
        mode == null ? SZ3.MODE.ABS : mode, abs == null ? 0 : abs, rel == null ? 0 : rel);
  }
}
