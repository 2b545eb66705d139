package org.scicodecs.floatpred;

import org.scicodecs.CodecException;

/**
 * A floating-point predictor failure (imagecodecs' {@code FloatpredError}): the array cannot be
 * predicted as asked. The predictor is pure Java; the codec itself arrives with its own issue.
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * {@snippet :
 * try {
 *   throw new FloatpredException("dist=3 is not a predictor distance (1, 2 or 4)");
 * } catch (FloatpredException e) {
 *   System.err.println(e.getMessage());
 * }
 * }
 */
public final class FloatpredException extends CodecException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message and, optionally, the library's status code and a cause. */
  public FloatpredException(String message, Long nativeCode, Throwable cause) {
    super("floatpred", message, nativeCode, cause);
  }

  /** A failure with a message only. */
  public FloatpredException(String message) {
    this(message, null, null);
  }

  /** A failure with a message and a cause (no native status). */
  public FloatpredException(String message, Throwable cause) {
    this(message, null, cause);
  }
}
