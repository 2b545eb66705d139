package org.scicodecs.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Function;
import org.scicodecs.bindings.zstd.zstd_h;
import org.scicodecs.nativelib.NativeLibraries;

/**
 * Checked decompression of one zstd frame from an untrusted stream, with the bundled libzstd: for
 * codecs that wrap their data in zstd (SZ3's payload, GDAL's LERC_ZSTD). The frame must fill its
 * segment, record its content size, stay within the caller's limit, and decode to exactly that
 * size; any failure is the codec's exception, made from a message by the caller's factory.
 *
 * <p>Thread-safe: stateless.
 */
public final class Zstd {
  private Zstd() {}

  /**
   * Loads libzstd.
   *
   * @param what who needs it, for the message, e.g. {@code "checking an SZ3 payload"}
   */
  public static void require(String what, Function<String, ? extends RuntimeException> error) {
    try {
      NativeLibraries.load("zstd");
    } catch (RuntimeException e) {
      throw error.apply(what + " needs libzstd.so, which is not available: " + e.getMessage());
    }
  }

  /**
   * Decompresses {@code frame}, a native segment holding exactly one zstd frame, into a native
   * segment from the arena of its content size plus {@code padding} zeroed bytes.
   *
   * @param expected the content size the frame must record, or -1 for any size from 1 to {@code max}
   * @param max the largest content size allowed
   * @return the content, followed by {@code padding} zero bytes (the returned segment's size is
   *     content + padding)
   */
  public static MemorySegment decompressFrame(MemorySegment frame, long expected, long max,
      long padding, Arena arena, Function<String, ? extends RuntimeException> error) {
    long frameSize = zstd_h.ZSTD_findFrameCompressedSize(frame, frame.byteSize());
    if (zstd_h.ZSTD_isError(frameSize) != 0 || frameSize != frame.byteSize()) {
      throw error.apply("not one zstd frame (" + (zstd_h.ZSTD_isError(frameSize) != 0
          ? errorName(frameSize) : frameSize + " of " + frame.byteSize() + " bytes") + ")");
    }
    long content = zstd_h.ZSTD_getFrameContentSize(frame, frame.byteSize());
    if (content == zstd_h.ZSTD_CONTENTSIZE_UNKNOWN() || content == zstd_h.ZSTD_CONTENTSIZE_ERROR()) {
      throw error.apply("the zstd frame records "
          + (content == zstd_h.ZSTD_CONTENTSIZE_UNKNOWN() ? "no size" : "an invalid header"));
    }
    // An unsigned 64-bit count: a forged one above 2^63 is negative as a long.
    if (expected >= 0 ? content != expected : content < 1 || content > max) {
      throw error.apply("the zstd frame records " + Long.toUnsignedString(content) + " bytes, "
          + (expected >= 0 ? "not " + expected : "outside 1.." + max + " (see DecodeLimits)"));
    }
    MemorySegment out = NativeMemory.malloc(content + padding, arena);
    out.asSlice(content, padding).fill((byte) 0);
    long n = zstd_h.ZSTD_decompress(out, content, frame, frame.byteSize());
    if (zstd_h.ZSTD_isError(n) != 0) {
      throw error.apply("zstd: " + errorName(n));
    }
    if (n != content) {
      throw error.apply("the zstd frame decodes to " + n + " bytes, it records " + content);
    }
    return out;
  }

  private static String errorName(long code) {
    return zstd_h.ZSTD_getErrorName(code).reinterpret(256).getString(0);
  }
}
