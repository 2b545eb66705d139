package org.scicodecs.sperr;

import org.scicodecs.bindings.sperr.SPERR_C_API_h;
import org.scicodecs.internal.NativeCodec;

/**
 * SPERR: error-bounded lossy compression of 2-D and 3-D floating-point fields (wavelets + SPECK),
 * through NCAR's SPERR library.
 *
 * <p>Thread-safe: all methods are static and keep no mutable state.
 *
 * {@snippet :
 * System.out.println(Sperr.version()); // "sperr 0.8.5"
 * }
 */
public final class Sperr {
  static final NativeCodec NATIVE = new NativeCodec("sperr", "SPERR", SperrException::new);

  private Sperr() {}

  /** Whether the SPERR library can be loaded. Never throws. */
  public static boolean available() {
    return NATIVE.available();
  }

  /**
   * {@code "sperr X.Y.Z"}: SPERR has no run-time version call, so this is the version of the
   * headers the bindings were generated from; {@code "sperr n/a"} when it is not available.
   */
  public static String version() {
    return NATIVE.version(
        () ->
            SPERR_C_API_h.SPERR_VERSION_MAJOR()
                + "."
                + SPERR_C_API_h.SPERR_VERSION_MINOR()
                + "."
                + SPERR_C_API_h.SPERR_VERSION_PATCH());
  }
}
