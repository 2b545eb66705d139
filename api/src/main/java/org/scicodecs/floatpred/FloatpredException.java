package org.scicodecs.floatpred;

import org.scicodecs.CodecException;

/**
 * A floating-point predictor failure (imagecodecs' {@code FloatpredError}): the array cannot be
 * predicted as asked, because {@code shape[axis]} is not a whole number of {@code dist} steps
 * (imagecodecs: {@code "imcd_byteshuffle returned IMCD_VALUE_ERROR"}). Bad arguments (dtype, axis,
 * a {@code dist} other than 1, 2 or 4, {@code out}) are {@link IllegalArgumentException}s, as for
 * every codec.
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * {@snippet :
 * try {
 *   Floatpred.encode(NdArray.of(new float[2 * 3 * 4], 2, 3, 4), 1, 2); // 3 steps, dist 2
 * } catch (FloatpredException e) {
 *   System.err.println(e.getMessage()); // shape[1]=3 of [2, 3, 4] is not a multiple of dist=2
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
