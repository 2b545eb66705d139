package org.scicodecs.szip;

import org.scicodecs.CodecException;

/**
 * A SZIP failure: the native library reported an error, the stream is invalid, or the library
 * is not available. Carries the library's status code where there is one.
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * {@snippet :
 * try {
 *   Szip.version();
 * } catch (SzipException e) {
 *   System.err.println(e.getMessage());
 * }
 * }
 */
public final class SzipException extends CodecException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message and, optionally, the library's status code and a cause. */
  public SzipException(String message, Long nativeCode, Throwable cause) {
    super("szip", message, nativeCode, cause);
  }

  /** A failure with a message only. */
  public SzipException(String message) {
    this(message, null, null);
  }

  /** A failure with a message and a cause (no native status). */
  public SzipException(String message, Throwable cause) {
    this(message, null, cause);
  }
}
