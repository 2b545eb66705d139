package org.scicodecs;

/**
 * The cap on memory that a decoder allocates on its own, from sizes read out of an (untrusted)
 * stream. A stream whose header promises more fails with the codec's exception before anything is
 * allocated. Decoding into a caller's array is bounded by that array instead.
 *
 * <p>The default is 2 GiB; the system property {@value #PROPERTY} changes it for the JVM (read at
 * each call), and codecs offer per-call overloads with an explicit limit.
 *
 * <p>Thread-safe: stateless.
 *
 * {@snippet :
 * System.setProperty(DecodeLimits.PROPERTY, Long.toString(8L << 30)); // allow 8 GiB
 * long cap = DecodeLimits.maxBytes();
 * }
 */
public final class DecodeLimits {
  /** System property: the largest allocation, in bytes, a decoder makes on its own. */
  public static final String PROPERTY = "scicodecs.decode.max-bytes";

  /** The default cap: 2 GiB. */
  public static final long DEFAULT_MAX_BYTES = 2L << 30;

  private DecodeLimits() {}

  /** The current cap, from {@value #PROPERTY} or the default. */
  public static long maxBytes() {
    String value = System.getProperty(PROPERTY);
    if (value == null || value.isBlank()) {
      return DEFAULT_MAX_BYTES;
    }
    try {
      long v = Long.parseLong(value.strip());
      if (v < 0) {
        throw new NumberFormatException("negative");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "system property " + PROPERTY + "='" + value + "' is not a byte count", e);
    }
  }
}
