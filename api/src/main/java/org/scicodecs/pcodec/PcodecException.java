package org.scicodecs.pcodec;

import org.scicodecs.CodecException;

/**
 * A PCODEC failure: the native library reported an error, the stream is invalid, or the library
 * is not available. Carries the library's status code where there is one.
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * {@snippet :
 * try {
 *   Pcodec.version();
 * } catch (PcodecException e) {
 *   System.err.println(e.getMessage());
 * }
 * }
 */
public final class PcodecException extends CodecException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message and, optionally, the library's status code and a cause. */
  public PcodecException(String message, Long nativeCode, Throwable cause) {
    super("pcodec", message, nativeCode, cause);
  }

  /** A failure with a message only. */
  public PcodecException(String message) {
    this(message, null, null);
  }

  /** A failure with a message and a cause (no native status). */
  public PcodecException(String message, Throwable cause) {
    this(message, null, cause);
  }
}
