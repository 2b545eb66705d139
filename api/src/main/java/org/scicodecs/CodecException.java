package org.scicodecs;

import java.util.OptionalLong;

/**
 * The failure of a codec: the native library refused a call, a stream is corrupt or hostile, or
 * the library is not available. Each codec throws its own subclass (for example {@link
 * org.scicodecs.zfp.ZfpException}); bad arguments are {@link IllegalArgumentException}s instead.
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * {@snippet :
 * try {
 *   System.out.println(org.scicodecs.zfp.Zfp.version());
 * } catch (CodecException e) {
 *   System.err.println(e.codec() + " failed: " + e.getMessage() + " code=" + e.nativeCode());
 * }
 * }
 */
public class CodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String codec;
  private final Long nativeCode;

  /**
   * @param codec the codec's name as in {@code version()}, e.g. {@code "zfp"}
   * @param message what went wrong
   * @param nativeCode the library's status code, or null when there is none
   * @param cause the underlying exception, or null
   */
  protected CodecException(String codec, String message, Long nativeCode, Throwable cause) {
    super(message, cause);
    this.codec = codec;
    this.nativeCode = nativeCode;
  }

  /** The codec's name, e.g. {@code "zfp"}. */
  public String codec() {
    return codec;
  }

  /** The native library's status code, if the failure came with one. */
  public OptionalLong nativeCode() {
    return nativeCode == null ? OptionalLong.empty() : OptionalLong.of(nativeCode);
  }
}
