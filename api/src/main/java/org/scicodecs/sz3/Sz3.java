package org.scicodecs.sz3;

import org.scicodecs.internal.NativeCodec;

/**
 * SZ3: error-bounded lossy compression of floating-point arrays (prediction + quantization),
 * through the SZ3 library's C API.
 *
 * <p>Thread-safe: all methods are static and keep no mutable state.
 *
 * {@snippet :
 * System.out.println(Sz3.version()); // "sz3 3.3.2"
 * }
 */
public final class Sz3 {
  static final NativeCodec NATIVE = new NativeCodec("sz3", "SZ3c", Sz3Exception::new);

  private Sz3() {}

  /** Whether the SZ3 library can be loaded. Never throws. */
  public static boolean available() {
    return NATIVE.available();
  }

  /**
   * {@code "sz3 X.Y.Z"}: SZ3's C API has no version call, so this is the version recorded when the
   * bundled library was built; {@code "sz3 unknown"} for a library from elsewhere, {@code "sz3
   * n/a"} when it is not available.
   */
  public static String version() {
    return NATIVE.version(NATIVE::bundledVersion);
  }
}
