package org.scicodecs.sperr;

import org.scicodecs.CodecException;

/**
 * A SPERR failure: the native library reported an error, the stream is invalid, or the library
 * is not available. Carries the library's status code where there is one.
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * {@snippet :
 * try {
 *   Sperr.version();
 * } catch (SperrException e) {
 *   System.err.println(e.getMessage());
 * }
 * }
 */
public final class SperrException extends CodecException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message and, optionally, the library's status code and a cause. */
  public SperrException(String message, Long nativeCode, Throwable cause) {
    super("sperr", message, nativeCode, cause);
  }

  /** A failure with a message only. */
  public SperrException(String message) {
    this(message, null, null);
  }

  /** A failure with a message and a cause (no native status). */
  public SperrException(String message, Throwable cause) {
    this(message, null, cause);
  }
}
