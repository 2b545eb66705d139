package org.scicodecs.zfp;

import org.scicodecs.bindings.zfp.zfp_h;
import org.scicodecs.internal.NativeCodec;

/**
 * ZFP: compressed floating-point and integer arrays with fixed rate, precision or accuracy, or
 * lossless (reversible), through LLNL's zfp library.
 *
 * <p>Thread-safe: all methods are static and keep no mutable state.
 *
 * {@snippet :
 * if (Zfp.available()) {
 *   System.out.println(Zfp.version()); // "zfp 1.0.1"
 * }
 * }
 */
public final class Zfp {
  static final NativeCodec NATIVE = new NativeCodec("zfp", "zfp", ZfpException::new);

  private Zfp() {}

  /** Whether the zfp library can be loaded. Never throws. */
  public static boolean available() {
    return NATIVE.available();
  }

  /**
   * The library's version as imagecodecs reports it, e.g. {@code "zfp 1.0.1"}, read from the loaded
   * library ({@code zfp_library_version}); {@code "zfp n/a"} when it is not available.
   */
  public static String version() {
    return NATIVE.version(
        () -> {
          int v = zfp_h.zfp_library_version(); // major << 12 | minor << 8 | patch << 4 | tweak
          return ((v >> 12) & 0xf) + "." + ((v >> 8) & 0xf) + "." + ((v >> 4) & 0xf);
        });
  }
}
