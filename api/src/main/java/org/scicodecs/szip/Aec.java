package org.scicodecs.szip;

import org.scicodecs.bindings.aec.libaec_h;
import org.scicodecs.internal.NativeCodec;

/**
 * AEC: libaec's raw CCSDS 121.0-B adaptive entropy coder (no header, all parameters supplied by
 * the caller), for CCSDS streams. Failures are {@link SzipException}s.
 *
 * <p>Thread-safe: all methods are static and keep no mutable state.
 *
 * {@snippet :
 * System.out.println(Aec.version()); // "libaec 1.1.4"
 * }
 */
public final class Aec {
  static final NativeCodec NATIVE = new NativeCodec("libaec", "aec", SzipException::new);

  private Aec() {}

  /** Whether libaec can be loaded. Never throws. */
  public static boolean available() {
    return NATIVE.available();
  }

  /** {@code "libaec X.Y.Z"} from libaec's version macros; {@code "libaec n/a"} if unavailable. */
  public static String version() {
    return NATIVE.version(Aec::headerVersion);
  }

  static String headerVersion() {
    return libaec_h.AEC_VERSION_MAJOR()
        + "."
        + libaec_h.AEC_VERSION_MINOR()
        + "."
        + libaec_h.AEC_VERSION_PATCH();
  }
}
