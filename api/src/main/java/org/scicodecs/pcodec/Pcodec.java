package org.scicodecs.pcodec;

import org.scicodecs.bindings.pcodec.cpcodec_h;
import org.scicodecs.internal.NativeCodec;

/**
 * PCODEC: lossless compression of numerical columns (integers and floats), through the pco crate
 * behind scicodecs' C ABI.
 *
 * <p>Thread-safe: all methods are static and keep no mutable state.
 *
 * {@snippet :
 * System.out.println(Pcodec.version()); // "pcodec 1.0.3"
 * }
 */
public final class Pcodec {
  static final NativeCodec NATIVE = new NativeCodec("pcodec", "cpcodec", PcodecException::new);

  private Pcodec() {}

  /** Whether the pcodec library can be loaded. Never throws. */
  public static boolean available() {
    return NATIVE.available();
  }

  /**
   * {@code "pcodec X.Y.Z"}: the version of the pco crate inside the loaded library (its {@code
   * pco_version()}); {@code "pcodec n/a"} when it is not available.
   */
  public static String version() {
    return NATIVE.version(
        () -> cpcodec_h.pco_version().reinterpret(64).getString(0).replaceFirst("^pco ", ""));
  }
}
