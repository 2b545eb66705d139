package org.scicodecs.cli.codec;

/**
 * What a codec says about a file in {@code scicodecs check}: whether the bytes are its stream, and
 * what the stream's header says where it says something.
 *
 * <p>Thread-safe: an immutable record.
 *
 * {@snippet :
 * Recognition r = Recognition.yes("float32 (128, 128, 128); fixed accuracy, tolerance 2^-10");
 * }
 *
 * @param verdict the answer
 * @param details what the header says (dims, dtype, mode), or why the answer is what it is
 */
public record Recognition(Verdict verdict, String details) {
  /** How sure the answer is. */
  public enum Verdict {
    /** The codec's signature and a valid header: this is the codec's stream. */
    YES,
    /** No signature to go by, but a header that parses: possibly the codec's stream. */
    MAYBE,
    /** Not the codec's stream. */
    NO,
    /** The codec's streams have nothing to recognise them by (SZIP, AEC). */
    CANNOT_TELL
  }

  /** This is the codec's stream. */
  public static Recognition yes(String details) {
    return new Recognition(Verdict.YES, details);
  }

  /** Possibly the codec's stream. */
  public static Recognition maybe(String details) {
    return new Recognition(Verdict.MAYBE, details);
  }

  /** Not the codec's stream. */
  public static Recognition no() {
    return new Recognition(Verdict.NO, "");
  }

  /** The format cannot be recognised. */
  public static Recognition cannotTell(String why) {
    return new Recognition(Verdict.CANNOT_TELL, why);
  }
}
