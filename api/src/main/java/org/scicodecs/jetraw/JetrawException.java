package org.scicodecs.jetraw;

import org.scicodecs.CodecException;

/**
 * A JETRAW failure ({@link Jetraw}): the vendor SDK reported a status (its {@code dp_status}, whose
 * number is in {@link #nativeCode()} and whose description, the SDK's own text, is in the message),
 * or the SDK is not installed (the message then names the places tried and how to install it).
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * {@snippet :
 * try {
 *   throw new JetrawException("jetraw_decode returned 'image too small'", 3L, null);
 * } catch (JetrawException e) {
 *   System.err.println(e.getMessage());
 * }
 * }
 */
public final class JetrawException extends CodecException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message and, optionally, the library's status code and a cause. */
  public JetrawException(String message, Long nativeCode, Throwable cause) {
    super("jetraw", message, nativeCode, cause);
  }

  /** A failure with a message only. */
  public JetrawException(String message) {
    this(message, null, null);
  }

  /** A failure with a message and a cause (no native status). */
  public JetrawException(String message, Throwable cause) {
    this(message, null, cause);
  }
}
