package org.scicodecs.szip;

import org.scicodecs.internal.NativeCodec;

/**
 * SZIP: the HDF5-compatible SZIP interface of libaec (adaptive entropy coding of integer samples,
 * CCSDS 121.0-B).
 *
 * <p>Thread-safe: all methods are static and keep no mutable state.
 *
 * {@snippet :
 * System.out.println(Szip.version()); // "libaec 1.1.4"
 * }
 */
public final class Szip {
  static final NativeCodec NATIVE = new NativeCodec("libaec", "sz", SzipException::new);

  private Szip() {}

  /** Whether libaec's SZIP library ({@code libsz}) can be loaded. Never throws. */
  public static boolean available() {
    return NATIVE.available();
  }

  /**
   * {@code "libaec X.Y.Z"} (as imagecodecs reports it) from libaec's version macros; {@code
   * "libaec n/a"} when the library is not available.
   */
  public static String version() {
    return NATIVE.version(Aec::headerVersion);
  }
}
