package org.scicodecs.internal;

import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.scicodecs.CodecException;
import org.scicodecs.nativelib.NativeLibraries;
import org.scicodecs.nativelib.NativeLibraryException;

/**
 * A codec's link to its native library: availability, the version text, and the codec's own
 * exception when the library is missing. Every codec class holds one, so they all behave alike.
 *
 * <p>Thread-safe: loading is done once by {@link NativeLibraries}.
 */
public final class NativeCodec {
  private final String codec;
  private final String library;
  private final BiFunction<String, Throwable, ? extends CodecException> error;

  /**
   * @param codec the codec's name in version strings, e.g. {@code "zfp"}
   * @param library the library's base name, e.g. {@code "zfp"} for {@code libzfp.so}
   * @param error makes the codec's exception from a message and a cause
   */
  public NativeCodec(
      String codec, String library, BiFunction<String, Throwable, ? extends CodecException> error) {
    this.codec = codec;
    this.library = library;
    this.error = error;
  }

  /** Whether the native library can be loaded (loads it on first call). Never throws. */
  public boolean available() {
    return NativeLibraries.isAvailable(library);
  }

  /** Loads the library or throws the codec's exception, naming the paths tried and the fix. */
  public void require() {
    try {
      NativeLibraries.load(library);
    } catch (NativeLibraryException e) {
      throw error.apply(e.getMessage(), e);
    }
  }

  /**
   * {@code "<codec> <version>"} as imagecodecs writes it, {@code "<codec> n/a"} when the library
   * is missing, {@code "<codec> unknown"} when it is there but does not say.
   */
  public String version(Supplier<String> fromLibrary) {
    if (!available()) {
      return codec + " n/a";
    }
    String v;
    try {
      v = fromLibrary.get();
    } catch (RuntimeException | LinkageError e) {
      v = null;
    }
    return codec + " " + (v == null || v.isBlank() ? "unknown" : v);
  }

  /** The version recorded by scripts/build-native, if the library came from the jar. */
  public String bundledVersion() {
    return NativeLibraries.bundledVersion(library).orElse(null);
  }
}
