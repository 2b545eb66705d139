package org.scicodecs.lerc;

import org.scicodecs.bindings.lerc.Lerc_c_api_h;
import org.scicodecs.internal.NativeCodec;

/**
 * LERC: limited-error raster compression (lossless or with a maximum error) for integer and
 * floating-point rasters with validity masks, through Esri's LERC library.
 *
 * <p>Thread-safe: all methods are static and keep no mutable state.
 *
 * {@snippet :
 * System.out.println(Lerc.version()); // "lerc 4.0.0"
 * }
 */
public final class Lerc {
  static final NativeCodec NATIVE = new NativeCodec("lerc", "Lerc", LercException::new);

  private Lerc() {}

  /** Whether the LERC library can be loaded. Never throws. */
  public static boolean available() {
    return NATIVE.available();
  }

  /**
   * {@code "lerc X.Y.Z"} from the version macros of the headers the bindings were generated from
   * (LERC has no run-time version call); {@code "lerc n/a"} when it is not available.
   */
  public static String version() {
    return NATIVE.version(
        () ->
            Lerc_c_api_h.LERC_VERSION_MAJOR()
                + "."
                + Lerc_c_api_h.LERC_VERSION_MINOR()
                + "."
                + Lerc_c_api_h.LERC_VERSION_PATCH());
  }
}
