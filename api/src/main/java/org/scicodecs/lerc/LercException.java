package org.scicodecs.lerc;

import org.scicodecs.CodecException;

/**
 * A LERC failure: the native library reported an error, the stream is invalid, or the library
 * is not available. Carries the library's status code where there is one.
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * {@snippet :
 * try {
 *   Lerc.version();
 * } catch (LercException e) {
 *   System.err.println(e.getMessage());
 * }
 * }
 */
public final class LercException extends CodecException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message and, optionally, the library's status code and a cause. */
  public LercException(String message, Long nativeCode, Throwable cause) {
    super("lerc", message, nativeCode, cause);
  }

  /** A failure with a message only. */
  public LercException(String message) {
    this(message, null, null);
  }

  /** A failure with a message and a cause (no native status). */
  public LercException(String message, Throwable cause) {
    this(message, null, cause);
  }
}
