package org.scicodecs.pcodec;

/**
 * How to compress with pcodec: the compression level (0..12, higher is smaller and slower;
 * imagecodecs' default 8) and the largest number of values per page (0: pco's default, 2^18).
 *
 * <p>Thread-safe: an immutable record.
 *
 * {@snippet :
 * PcodecOptions defaults = PcodecOptions.defaults();        // level 8, default paging
 * PcodecOptions small = PcodecOptions.level(12);             // smallest output
 * PcodecOptions paged = small.withPageSize(65_536);          // pages of at most 65536 values
 * }
 *
 * @param level compression level 0..12
 * @param pageSize most values per page; 0 for pco's default (2^18)
 */
public record PcodecOptions(int level, long pageSize) {
  /** imagecodecs' and pco's default level. */
  public static final int DEFAULT_LEVEL = 8;

  /** The highest level. */
  public static final int MAX_LEVEL = 12;

  /** Validates both parameters; messages name them. */
  public PcodecOptions {
    if (level < 0 || level > MAX_LEVEL) {
      throw new IllegalArgumentException("level must be 0.." + MAX_LEVEL + ", got " + level);
    }
    if (pageSize < 0 || pageSize > (1L << 24)) {
      throw new IllegalArgumentException(
          "pageSize must be 0 (default) or at most 2^24 values (pco's limit), got " + pageSize);
    }
  }

  /** Level 8 and pco's default paging: what {@code pcodec_encode(data)} does. */
  public static PcodecOptions defaults() {
    return new PcodecOptions(DEFAULT_LEVEL, 0);
  }

  /** A compression level with default paging. */
  public static PcodecOptions level(int level) {
    return new PcodecOptions(level, 0);
  }

  /**
   * The requested API's form, {@code pcodec_encode(data, level=)}: null means the default, and out
   * of range values are clamped as imagecodecs does.
   */
  public static PcodecOptions of(Integer level) {
    return level == null ? defaults() : level(Math.max(0, Math.min(MAX_LEVEL, level)));
  }

  /** The same level with at most {@code values} per page (0: default). */
  public PcodecOptions withPageSize(long values) {
    return new PcodecOptions(level, values);
  }
}
