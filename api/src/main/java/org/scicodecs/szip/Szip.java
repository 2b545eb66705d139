package org.scicodecs.szip;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import org.scicodecs.DecodeLimits;
import org.scicodecs.OutputTooSmallException;
import org.scicodecs.bindings.szip.SZ_com_t;
import org.scicodecs.bindings.szip.szlib_h;
import org.scicodecs.internal.Check;
import org.scicodecs.internal.Downcalls;
import org.scicodecs.internal.NativeCodec;
import org.scicodecs.internal.NativeMemory;
import org.scicodecs.internal.Outputs;

/**
 * SZIP: the HDF5-compatible SZIP interface of libaec (adaptive entropy coding of integer samples,
 * CCSDS 121.0-B) — imagecodecs' {@code szip_encode}, {@code szip_decode}, {@code szip_params}.
 *
 * <p>SZIP streams record none of their parameters: encode and decode take the same {@link
 * SzipOptions}. Without the optional 4-byte size header the decoder must also be told the decoded
 * size, which the caller's output segment gives ({@link #decode(MemorySegment, SzipOptions,
 * MemorySegment)}); with it, {@link #decode(MemorySegment, SzipOptions, SegmentAllocator)} sizes
 * the output itself, bounded by {@link DecodeLimits}. Data are raw bytes: samples of {@code
 * bitsPerPixel} bits stored in 1, 2 or 4 bytes.
 *
 * <p>Each call is a single downcall holding no pointer afterwards, so small Java arrays go to libsz
 * without a copy through a critical downcall.
 *
 * <p>Thread-safe: all methods are static and keep no mutable state.
 *
 * {@snippet :
 * short[] band = new short[1024 * 1024];
 * SzipOptions o = SzipOptions.of("ec", 16, 16, 1024).withHeader(true);
 * byte[] stream = Szip.encode(MemorySegment.ofArray(band), o);
 * try (Arena arena = Arena.ofConfined()) {
 *   MemorySegment decoded = Szip.decode(MemorySegment.ofArray(stream), o, arena); // 2 MiB
 * }
 * }
 */
public final class Szip {
  static final NativeCodec NATIVE = new NativeCodec("libaec", "sz", SzipException::new);

  private static final ValueLayout.OfInt U32_LE = JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final int HEADER = 4;

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

  /**
   * The worst-case stream size for {@code bytes} of data (imagecodecs' bound, issue #128): every
   * block coded uncompressed plus its option bits, scanlines padded to whole blocks.
   */
  public static long maxEncodedSize(long bytes, SzipOptions o) {
    Check.nonNegative(bytes, "bytes");
    long blocksPerScanline = Math.ceilDiv(o.pixelsPerScanline(), o.pixelsPerBlock());
    int realBits = o.bitsPerPixel() == 32 || o.bitsPerPixel() == 64 ? 8 : o.bitsPerPixel();
    int bytesPerPixel = realBits <= 8 ? 1 : realBits <= 16 ? 2 : 4;
    int blockOverhead = realBits <= 8 ? 3 : realBits <= 16 ? 4 : 5;
    long pixels = Math.max(bytes / bytesPerPixel, 1);
    long blocks = blocksPerScanline * Math.ceilDiv(pixels, o.pixelsPerScanline());
    long header = o.header() ? HEADER : 0;
    return Math.ceilDiv(blocks * ((long) o.pixelsPerBlock() * realBits + blockOverhead), 8) + header;
  }

  /**
   * Encodes into the caller's segment.
   *
   * @return the bytes written at the start of {@code out}
   * @throws OutputTooSmallException if the stream does not fit (nothing is written then)
   */
  public static long encode(MemorySegment data, SzipOptions options, MemorySegment out) {
    Check.writable(out, "out");
    Check.noOverlap(data, "data", out, "out");
    try (Arena arena = Arena.ofConfined()) {
      // Straight into the caller's memory when it holds the bound (libsz cannot overrun then);
      // else a scratch stream that is copied only if it fits.
      boolean direct = out.byteSize() >= maxEncodedSize(data.byteSize(), options)
          && !Downcalls.needsOffHeapCopy(out);
      MemorySegment stream = encodeTo(data, options, direct ? out : null, arena);
      return direct ? stream.byteSize() : Outputs.copyInto("szip encode", stream, out);
    }
  }


  /** Encodes into a new segment of exactly the stream's size from the allocator. */
  public static MemorySegment encode(
      MemorySegment data, SzipOptions options, SegmentAllocator allocator) {
    Check.notNull(allocator, "allocator");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment stream = encodeTo(data, options, null, arena);
      return Outputs.copyOf(stream, allocator);
    }
  }

  /**
   * Encodes an integer array's elements (C order; a strided view is copied first) into a new byte
   * array: the requested API's {@code szip_encode(data, ...)}.
   */
  public static byte[] encode(org.scicodecs.NdArray data, SzipOptions options) {
    try (Arena arena = Arena.ofConfined()) {
      Check.notNull(data, "data");
      if (!data.dtype().isInteger()) {
        throw new IllegalArgumentException("SZIP codes integer samples, not " + data.dtype());
      }
      return encode(data.toContiguous(arena).contiguousSegment(), options);
    }
  }

  /** Encodes into a new byte array of exactly the stream's size. */
  public static byte[] encode(MemorySegment data, SzipOptions options) {
    try (Arena arena = Arena.ofConfined()) {
      return encodeTo(data, options, null, arena).toArray(ValueLayout.JAVA_BYTE);
    }
  }

  /** Encodes into {@code target} (at least the bound) or, if null, into scratch memory. */
  private static MemorySegment encodeTo(
      MemorySegment data, SzipOptions o, MemorySegment target, Arena arena) {
    Check.notNull(data, "data");
    Check.notNull(o, "options");
    if (data.byteSize() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("data exceeds 2 GiB, the SZIP size header's limit");
    }
    NATIVE.require();
    long header = o.header() ? HEADER : 0;
    MemorySegment out = target != null ? target : arena.allocate(maxEncodedSize(data.byteSize(), o), 8);
    MemorySegment length = arena.allocate(JAVA_LONG);
    length.set(JAVA_LONG, 0, out.byteSize() - header);
    MemorySegment src = NativeMemory.forSingleCall(data, arena);
    int status = call(true, out.asSlice(header), length, src, param(o, arena));
    if (status != szlib_h.SZ_OK()) {
      throw failure("SZ_BufftoBuffCompress", status);
    }
    if (o.header()) {
      out.set(U32_LE, 0, (int) data.byteSize());
    }
    return out.asSlice(0, header + length.get(JAVA_LONG, 0));
  }

  /**
   * Decodes a stream written with the size header into a new segment of that size from the
   * allocator.
   *
   * @throws IllegalArgumentException if the options have no header (then give an output segment)
   * @throws SzipException for a corrupt stream, or one promising more than {@link
   *     DecodeLimits#maxBytes()}
   */
  public static MemorySegment decode(
      MemorySegment stream, SzipOptions options, SegmentAllocator allocator) {
    Check.notNull(stream, "stream");
    Check.notNull(allocator, "allocator");
    if (!options.header()) {
      throw new IllegalArgumentException(
          "a stream without the size header does not say how large it decodes: pass an output"
              + " segment of the decoded size");
    }
    long size = headerSize(stream);
    if (size > DecodeLimits.maxBytes()) {
      throw new SzipException("the stream's header promises " + size + " bytes, more than the "
          + DecodeLimits.maxBytes() + " allowed (see DecodeLimits)");
    }
    MemorySegment out = allocator.allocate(size);
    decode(stream, options, out);
    return out;
  }

  /**
   * Decodes into the caller's segment. With the size header, {@code out} must hold at least that
   * many bytes; without it, {@code out}'s size is the decoded size.
   *
   * @return the decoded bytes written at the start of {@code out}
   */
  public static long decode(MemorySegment stream, SzipOptions options, MemorySegment out) {
    Check.notNull(stream, "stream");
    Check.notNull(options, "options");
    Check.writable(out, "out");
    Check.noOverlap(stream, "stream", out, "out");
    long header = options.header() ? HEADER : 0;
    long expected = options.header() ? headerSize(stream) : out.byteSize();
    if (expected > out.byteSize()) {
      throw new OutputTooSmallException("szip decode", expected, out.byteSize());
    }
    NATIVE.require();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment src = NativeMemory.forSingleCall(stream.asSlice(header), arena);
      MemorySegment dst = out.asSlice(0, expected);
      MemorySegment target = Downcalls.needsOffHeapCopy(dst) ? arena.allocate(Math.max(1, expected)) : dst;
      MemorySegment length = arena.allocate(JAVA_LONG);
      length.set(JAVA_LONG, 0, expected);
      int status = call(false, target.asSlice(0, expected), length, src, param(options, arena));
      if (status != szlib_h.SZ_OK()) {
        throw failure("SZ_BufftoBuffDecompress", status);
      }
      // libsz may report the length padded to its last scanline; it never writes past expected.
      long written = Math.min(length.get(JAVA_LONG, 0), expected);
      if (options.header() && written != expected) {
        throw new SzipException("the stream decodes to " + written + " bytes, its header says " + expected);
      }
      if (target != dst) {
        MemorySegment.copy(target, 0, dst, 0, written);
      }
      return written;
    }
  }

  private static long headerSize(MemorySegment stream) {
    if (stream.byteSize() < HEADER) {
      throw new SzipException("invalid data size: " + stream.byteSize() + " bytes, no 4-byte size header");
    }
    return Integer.toUnsignedLong(stream.get(U32_LE, 0));
  }

  private static MemorySegment param(SzipOptions o, Arena arena) {
    MemorySegment param = SZ_com_t.allocate(arena);
    SZ_com_t.options_mask(param, o.optionsMask());
    SZ_com_t.bits_per_pixel(param, o.bitsPerPixel());
    SZ_com_t.pixels_per_block(param, o.pixelsPerBlock());
    SZ_com_t.pixels_per_scanline(param, o.pixelsPerScanline());
    return param;
  }

  /** One libsz call; critical when a (small) Java array is involved. */
  private static int call(
      boolean compress, MemorySegment dst, MemorySegment dstLen, MemorySegment src, MemorySegment param) {
    try {
      if (Downcalls.useCritical(dst, src)) {
        MethodHandle h = compress
            ? Downcalls.critical(szlib_h.SZ_BufftoBuffCompress$address(), szlib_h.SZ_BufftoBuffCompress$descriptor())
            : Downcalls.critical(szlib_h.SZ_BufftoBuffDecompress$address(), szlib_h.SZ_BufftoBuffDecompress$descriptor());
        return (int) h.invokeExact(dst, dstLen, src, src.byteSize(), param);
      }
      return compress
          ? szlib_h.SZ_BufftoBuffCompress(dst, dstLen, src, src.byteSize(), param)
          : szlib_h.SZ_BufftoBuffDecompress(dst, dstLen, src, src.byteSize(), param);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  private static SzipException failure(String function, int status) {
    String name = switch (status) {
      case 0 -> "SZ_OK";
      case 2 -> "SZ_OUTBUFF_FULL";
      case -1 -> "SZ_PARAM_ERROR";
      case -2 -> "AEC_STREAM_ERROR";
      case -3 -> "AEC_DATA_ERROR";
      case -4 -> "SZ_MEM_ERROR";
      default -> "unknown status " + status;
    };
    return new SzipException(function + " returned " + name, (long) status, null);
  }
}
