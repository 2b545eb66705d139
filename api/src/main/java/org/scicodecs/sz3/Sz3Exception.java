package org.scicodecs.sz3;

import org.scicodecs.CodecException;

/**
 * A SZ3 failure: the native library reported an error, the stream is invalid, or the library
 * is not available. Carries the library's status code where there is one.
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * {@snippet :
 * try {
 *   Sz3.version();
 * } catch (Sz3Exception e) {
 *   System.err.println(e.getMessage());
 * }
 * }
 */
public final class Sz3Exception extends CodecException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message and, optionally, the library's status code and a cause. */
  public Sz3Exception(String message, Long nativeCode, Throwable cause) {
    super("sz3", message, nativeCode, cause);
  }

  /** A failure with a message only. */
  public Sz3Exception(String message) {
    this(message, null, null);
  }

  /** A failure with a message and a cause (no native status). */
  public Sz3Exception(String message, Throwable cause) {
    this(message, null, cause);
  }
}
