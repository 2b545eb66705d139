package org.scicodecs.sz3;

import static org.scicodecs.bindings.sz3.sz3c_h.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.function.Consumer;
import org.scicodecs.DType;
import org.scicodecs.DecodeLimits;
import org.scicodecs.NdArray;
import org.scicodecs.OutputTooSmallException;
import org.scicodecs.internal.Check;
import org.scicodecs.internal.NativeCodec;
import org.scicodecs.internal.NativeMemory;
import org.scicodecs.internal.Outputs;

/**
 * SZ3: error-bounded lossy compression of floating-point arrays (prediction + quantization),
 * through the {@code sz3c} C wrapper of the SZ3 library — imagecodecs' {@code sz3_encode}, {@code
 * sz3_decode}, {@code sz3_check}, {@code sz3_version}.
 *
 * <p>Arrays are float32 or float64 with 1 to 5 dimensions (SZ3 codes at most 4: as in
 * imagecodecs, a 5-D array is coded with its first two axes merged). Non-contiguous and on-heap
 * arrays are copied to contiguous native memory first.
 *
 * <p>Stream format (SZ3 data format 3.3.2): a 16-byte little-endian header (u32 magic {@code
 * 0xF342F310}, bytes {@code 10 F3 42 F3}; u32 data-format version, bytes {@code 00 02 03 03} for
 * 3.3.2; u64 payload size), the payload, and a trailing configuration block that records the
 * dimensions and element count but not, in streams from the C wrapper, the element type. Decoding
 * therefore always needs the dtype; the shape is optional and, when given, must match the
 * stream's (SZ3 does not record axes of length 1; the given shape may have them).
 *
 * <p>Data format 3.3.0, the layout the imagecodecs 2026.3.6 PyPI wheel writes and reads (the
 * configuration block first, after a size byte), holds the same configuration and payload bytes:
 * {@link #decode} reads such streams by rearranging them, and {@link Sz3Options#withFormat
 * Sz3Options.withFormat(SZ3.FORMAT.V3_3_0)} writes them (see {@link SZ3.FORMAT}). Other data-format
 * versions are refused.
 *
 * <p>Zero copy: decoding into a new array from an {@link Arena} hands over SZ3's own output buffer
 * (freed with {@code free_buf} when the arena closes), as encoding into an arena hands over its
 * stream; other allocators get a copy. Decoding into the caller's array copies SZ3's buffer into it
 * (the C wrapper allocates its output itself).
 *
 * <p>Safety: SZ3 3.3.2 trusts every byte of a stream (a flipped payload byte could crash the
 * process), so before SZ3 sees a stream, all of it is parsed and checked in Java, following
 * SZ3's decoder as its sources read; anything that fails is an {@link Sz3Exception}:
 *
 * <ul>
 *   <li>Header and configuration block: the magic, the version, the payload size against the
 *       length, the block's size and fields (dimensions of at most 31 bits, as SZ3 reads them
 *       back), the recorded element count against the recorded dimensions and the expected
 *       shape, bounded by {@link DecodeLimits}; the stream must end where the block does.
 *   <li>The payload's zstd layer: the raw length SZ3 would allocate is bounded (4 KiB plus 64
 *       bytes per value byte, and {@link DecodeLimits}), must be what the zstd frame records, and
 *       that frame (exactly one, filling the payload) must decompress, with the bundled libzstd,
 *       to exactly that length (SZ3 itself ignores zstd's errors).
 *   <li>Lossless streams ({@code ALGO_LOSSLESS}, which SZ3 writes for a zero error bound or
 *       poorly compressible data): the raw bytes must be exactly the array; they are delivered
 *       from Java, SZ3 is not called (its answer would be the same bytes).
 *   <li>Lossy streams of {@code ALGO_INTERP} and {@code ALGO_LORENZO_REG} (what the C wrapper
 *       writes) and {@code ALGO_NOPRED}: every field is read within the payload; the fields SZ3
 *       indexes or sizes with must be in range (the interpolation decoder's dimensions are the
 *       stream's, its block size 32, interpolator and direction valid, anchor stride 0 or a
 *       power of 2; lorenzo-regression has a predictor and a block size, one predictor choice
 *       per block naming an existing predictor, N+1 coefficients per block that uses regression,
 *       and no regression-only stream with a block one value thick, where SZ3 reads outside its
 *       array); every Huffman tree is rebuilt (both children of every internal node in range, no
 *       cycle or shared node, every node used, within the pool SZ3 allocates, distinct symbols
 *       in the quantizer's range and the state count SZ3's encoder derives from them); every bit
 *       stream is decoded in Java: the symbols the decoder consumes must fit in the stored length
 *       and fill it; each quantizer's stored unpredictable values must be exactly as many as the
 *       indices 0 (and anchor points) that take one; the raw bytes end with the last bit stream.
 *   <li>Streams written with SZ3's OpenMP mode (by SZ3's own tools): the chunk table is checked,
 *       every chunk's configuration must record its rows, and every chunk is checked as above
 *       and decoded on its own, serially (SZ3's OpenMP decoder, where an exception would end the
 *       process, is not used).
 *   <li>{@code ALGO_BIOMD}, {@code ALGO_BIOMDXTC} and unknown algorithms are refused.
 * </ul>
 *
 * <p>What no check can catch: SZ3 streams carry no checksum, so a corrupted stored value (an
 * unpredictable value, an error bound, a byte of a lossless array) or corrupted Huffman bits that
 * still form a valid stream decode to other values without an error. The checks decode each
 * Huffman stream once more in Java: measured on a 256<sup>3</sup> float32 field, about 3&ndash;5%
 * of the decode time at an error bound of 1e-3 of the range, 12&ndash;15% at 1e-5 (where codes
 * average 8 bits). Every
 * buffer SZ3 allocates is released with the wrapper's {@code free_buf}, also on errors; SZ3's own
 * C++ exceptions become an {@link Sz3Exception}.
 *
 * <p>OpenMP: the {@code sz3c} C wrapper (as used by imagecodecs too) never turns on SZ3's OpenMP
 * mode, so encoding is serial and there is no thread count.
 *
 * <p>Thread-safe: all methods are static and keep no mutable state; each call has its own SZ3
 * configuration.
 *
 * {@snippet :
 * float[] temperature = new float[180 * 360];
 * NdArray data = NdArray.of(temperature, 180, 360);
 * byte[] stream = Sz3.encode(data, Sz3Options.tolerance(0.1)); // |error| <= 0.1
 * try (Arena arena = Arena.ofConfined()) {
 *   NdArray decoded = Sz3.decode(MemorySegment.ofArray(stream), DType.FLOAT32, arena);
 *   double first = decoded.getDouble(0, 0);
 * }
 * }
 */
public final class Sz3 {
  static final NativeCodec NATIVE = new NativeCodec("sz3", "SZ3c", Sz3Exception::new);

  /** SZ3's {@code SZ3_MAGIC_NUMBER}. */
  static final int MAGIC = 0xF342F310;

  /** SZ3 3.3.2's data-format version without its (ignored) low byte: major, minor, patch. */
  static final int DATA_VERSION = 0x030302;

  /** The header: magic, version, payload size. */
  static final int HEADER_BYTES = 16;

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

  /**
   * Whether the bytes are an SZ3 stream: SZ3's magic number, bytes {@code 10 F3 42 F3}, at offset 0
   * (the layout of SZ3 data format 3.3.1 and later, which this library writes) or at offset 1 (the
   * older layout, where the configuration block with the magic comes first after a one-byte size:
   * the streams of the imagecodecs 2026.3.6 PyPI wheel, data format 3.3.0, start {@code 29 10 F3 42
   * F3 00 00 03 03}). imagecodecs' {@code sz3_check} always answers None. The version is not looked
   * at: {@link #decode} refuses every data format but 3.3.2, as SZ3 itself does.
   */
  public static boolean check(MemorySegment stream) {
    return (stream.byteSize() >= 4 && stream.get(LE_INT, 0) == MAGIC)
        || (stream.byteSize() >= 5 && stream.get(LE_INT, 1) == MAGIC);
  }

  /** {@link #check(MemorySegment)} for a byte array. */
  public static boolean check(byte[] stream) {
    return check(MemorySegment.ofArray(stream));
  }

  // ---- encode ------------------------------------------------------------------------------

  /**
   * Compresses into the caller's segment.
   *
   * @return the number of bytes written at the start of {@code out}
   * @throws OutputTooSmallException if the stream does not fit: it states the exact size, and
   *     nothing was written to {@code out}
   * @throws IllegalArgumentException for an unsupported dtype or shape, or {@code out} overlapping
   *     the data
   * @throws Sz3Exception if SZ3 fails
   */
  public static long encode(NdArray data, Sz3Options options, MemorySegment out) {
    Check.notNull(data, "data");
    Check.writable(out, "out");
    Check.noOverlap(data.segment(), "data", out, "out");
    Stream stream = compress(data, options);
    try {
      return Outputs.copyInto("sz3 encode", stream.bytes(), out);
    } finally {
      stream.release();
    }
  }

  /**
   * Compresses into a new segment of exactly the stream's size from the caller's allocator: SZ3's
   * own buffer, without a copy, when the allocator is an arena.
   */
  public static MemorySegment encode(NdArray data, Sz3Options options, SegmentAllocator allocator) {
    Check.notNull(allocator, "allocator");
    Stream stream = compress(data, options);
    return Outputs.adopt(stream.bytes(), stream.bytes().byteSize(), 1, allocator, stream.free());
  }

  /** Compresses into a new byte array of exactly the stream's size. */
  public static byte[] encode(NdArray data, Sz3Options options) {
    Stream stream = compress(data, options);
    try {
      return Outputs.toByteArray(stream.bytes());
    } finally {
      stream.release();
    }
  }

  /** An encoded stream in native memory and how to release it. */
  private record Stream(MemorySegment bytes, Consumer<MemorySegment> free) {
    void release() {
      free.accept(bytes);
    }
  }

  /**
   * Runs SZ_compress_args and returns the stream in the requested format: SZ3's own buffer
   * (released with {@code free_buf}), or its 3.3.0 rearrangement in malloc'd memory.
   */
  private static Stream compress(NdArray data, Sz3Options options) {
    Check.notNull(data, "data");
    Check.notNull(options, "options");
    int type = sz3Type(data.dtype(), "data");
    long[] shape = data.shape();
    Check.ndim(shape, "data", "SZ3", 1, 5);
    Check.nonEmptyShape(shape, "data", "SZ3");
    long[] r = wrapperDims(shape, "data");
    NATIVE.require();
    MemorySegment p;
    long size;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment src;
      if (data.segment().isNative() && data.isContiguous()) {
        src = data.contiguousSegment();
      } else {
        NdArray copy = NdArray.allocate(arena, data.dtype(), shape);
        data.copyTo(copy);
        src = copy.segment();
      }
      MemorySegment outSize = arena.allocate(ValueLayout.JAVA_LONG);
      p = SZ_compress_args(
          type, src, outSize, options.mode().value(), options.abs(), options.rel(), 0.0,
          r[0], r[1], r[2], r[3], r[4]);
      if (p.equals(MemorySegment.NULL)) {
        throw new Sz3Exception("SZ_compress_args returned NULL (SZ3 failed to compress)");
      }
      size = outSize.get(ValueLayout.JAVA_LONG, 0);
    }
    MemorySegment own = p.reinterpret(size);
    if (options.format() == SZ3.FORMAT.V3_3_2) {
      return new Stream(own, Sz3::freeBuf);
    }
    try {
      // The 3.3.0 layout has the same bytes less the 8-byte payload length: it fits in `size`.
      MemorySegment legacy = NativeMemory.mallocUnmanaged(size);
      try {
        long n = Sz3Layout.toLegacy(own, SegmentAllocator.prefixAllocator(legacy)).byteSize();
        return new Stream(legacy.asSlice(0, n), NativeMemory::free);
      } catch (RuntimeException e) {
        NativeMemory.free(legacy);
        throw e;
      }
    } finally {
      freeBuf(own);
    }
  }

  /** SZ3's {@code free_buf}, for buffers the library allocated. */
  private static void freeBuf(MemorySegment p) {
    free_buf(p);
  }

  // ---- decode ------------------------------------------------------------------------------

  /**
   * Reads what the stream records about itself (version, payload size, shape), checking the
   * header and the configuration block as {@link #decode} does, without decoding the data.
   *
   * @throws Sz3Exception if the stream is not a complete SZ3 3.3.2 stream
   */
  public static Sz3Header readHeader(MemorySegment stream) {
    Check.notNull(stream, "stream");
    if (!Sz3Layout.isLegacy(stream)) {
      return parse(stream);
    }
    try (Arena arena = Arena.ofConfined()) {
      Sz3Header h = parse(Sz3Layout.toCurrent(stream, arena));
      return new Sz3Header(SZ3.FORMAT.V3_3_0.version(), h.payloadSize(), h.shape(),
          h.errorBoundMode(), h.recordedDataType());
    }
  }

  /** {@link #readHeader(MemorySegment)} for a byte array. */
  public static Sz3Header readHeader(byte[] stream) {
    return readHeader(MemorySegment.ofArray(Check.notNull(stream, "stream")));
  }

  /**
   * Decodes into a new array of the given dtype and of the shape the stream records, refusing
   * arrays larger than {@link DecodeLimits#maxBytes()}. The dtype must be given: SZ3 streams from
   * the C wrapper do not record it (decoding float64 data as float32, or the reverse, is refused
   * only if the sizes disagree — usually it is an {@link Sz3Exception} or garbage).
   */
  public static NdArray decode(MemorySegment stream, DType dtype, SegmentAllocator allocator) {
    Check.notNull(stream, "stream");
    Check.notNull(allocator, "allocator");
    sz3Type(Check.notNull(dtype, "dtype"), "dtype");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = current(stream, arena);
      Sz3Header header = parse(s);
      limit(dtype, header.shape());
      return deliver(decompress(s, header, dtype, arena), dtype, header.shape(), allocator);
    }
  }

  /**
   * Decodes into a new array of the given dtype and shape, as imagecodecs' {@code
   * sz3_decode(data, shape, dtype)}; the shape must be the stream's (for a 5-D shape, with its
   * first two axes merged as the encoder merges them).
   *
   * @throws Sz3Exception if the stream is corrupt or holds another shape
   */
  public static NdArray decode(
      MemorySegment stream, DType dtype, long[] shape, SegmentAllocator allocator) {
    Check.notNull(stream, "stream");
    Check.notNull(allocator, "allocator");
    sz3Type(Check.notNull(dtype, "dtype"), "dtype");
    Check.ndim(shape, "shape", "SZ3", 1, 5);
    Check.nonEmptyShape(shape, "shape", "SZ3");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = current(stream, arena);
      Sz3Header header = parse(s);
      checkShape(header, shape, "shape");
      limit(dtype, shape);
      return deliver(decompress(s, header, dtype, arena), dtype, shape, allocator);
    }
  }

  /** Decodes a byte array into a new array (auto-freed memory) of the stream's shape. */
  public static NdArray decode(byte[] stream, DType dtype) {
    return decode(MemorySegment.ofArray(Check.notNull(stream, "stream")), dtype, Arena.ofAuto());
  }

  /**
   * Decodes into the caller's array (for example a memory-mapped file, or a strided view); its
   * dtype says what the stream holds, and its shape must be the stream's.
   */
  public static void decode(MemorySegment stream, NdArray out) {
    Check.notNull(stream, "stream");
    Check.writable(out, "out");
    sz3Type(out.dtype(), "out");
    Check.ndim(out.shape(), "out", "SZ3", 1, 5);
    Check.nonEmptyShape(out.shape(), "out", "SZ3");
    Check.noOverlap(stream, "stream", out.segment(), "out");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = current(stream, arena);
      Sz3Header header = parse(s);
      checkShape(header, out.shape(), "out");
      Values values = decompress(s, header, out.dtype(), arena);
      try {
        NdArray.of(values.bytes(), out.dtype(), out.shape()).copyTo(out);
      } finally {
        values.release();
      }
    }
  }

  /** Decoded values in native memory; {@code free} is null for memory the call's arena owns. */
  private record Values(MemorySegment bytes, Consumer<MemorySegment> free) {
    void release() {
      if (free != null) {
        free.accept(bytes);
      }
    }
  }

  /**
   * A new array from the allocator: SZ3's own buffer, without a copy, when the allocator is an
   * arena; otherwise (or for values Java decoded) a copy.
   */
  private static NdArray deliver(Values values, DType dtype, long[] shape, SegmentAllocator allocator) {
    long n = values.bytes().byteSize();
    MemorySegment bytes = values.free() != null
        ? Outputs.adopt(values.bytes(), n, dtype.byteSize(), allocator, values.free())
        : Outputs.copyOf(values.bytes(), dtype.byteSize(), allocator);
    return NdArray.of(bytes, dtype, shape);
  }

  /** The stream in data format 3.3.2: itself, or a 3.3.0 stream rearranged in the arena. */
  private static MemorySegment current(MemorySegment stream, Arena arena) {
    return Sz3Layout.isLegacy(stream) ? Sz3Layout.toCurrent(stream, arena) : stream;
  }

  /** Checks the payload (see the class comment) and decodes: the values, and who frees them. */
  private static Values decompress(MemorySegment stream, Sz3Header header, DType dtype, Arena arena) {
    NATIVE.require();
    MemorySegment src = NativeMemory.offHeap(stream, arena);
    // The caller parsed this stream (Sz3Header): the configuration block is known to be sound.
    Sz3Conf conf = Sz3Conf.read(src, HEADER_BYTES + header.payloadSize(), src.byteSize());
    Sz3Payload.Plan plan = Sz3Payload.check(src, conf, dtype, arena);
    return switch (plan) {
      case Sz3Payload.Raw raw -> new Values(raw.values(), null);
      case Sz3Payload.Native ignored ->
          new Values(sz3Decompress(src, dtype, header.shape()), Sz3::freeBuf);
      case Sz3Payload.Chunks chunks -> {
        long bytes = header.size() * dtype.byteSize();
        MemorySegment all = NativeMemory.malloc(bytes, arena);
        for (Sz3Payload.Chunk chunk : chunks.chunks()) {
          long at = chunk.firstValue() * dtype.byteSize();
          if (chunk.plan() instanceof Sz3Payload.Raw raw) {
            MemorySegment.copy(raw.values(), 0, all, at, raw.values().byteSize());
          } else {
            MemorySegment values = sz3Decompress(chunk.stream(), dtype, chunk.dims());
            try {
              MemorySegment.copy(values, 0, all, at, values.byteSize());
            } finally {
              free_buf(values);
            }
          }
        }
        yield new Values(all, null);
      }
    };
  }

  /**
   * SZ_decompress on a checked, native stream of the given dimensions: the values, in SZ3's
   * malloc'd buffer, which the caller frees with {@code free_buf}.
   */
  private static MemorySegment sz3Decompress(MemorySegment src, DType dtype, long[] dims) {
    long[] r = wrapperDims(dims, "stream");
    long bytes = dtype.byteSize();
    for (long d : dims) {
      bytes *= d;
    }
    MemorySegment p =
        SZ_decompress(sz3Type(dtype, "out"), src, src.byteSize(), r[0], r[1], r[2], r[3], r[4]);
    if (p.equals(MemorySegment.NULL)) {
      throw new Sz3Exception("SZ_decompress returned NULL (corrupt stream, or SZ3 failed)");
    }
    return p.reinterpret(bytes);
  }

  // ---- stream parsing ----------------------------------------------------------------------

  private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED;

  /**
   * Parses and checks the header and the configuration block exactly as SZ3 3.3.2's {@code
   * Config::load} reads them, so that SZ3 reads nothing outside the stream and decodes exactly
   * product(dims) values.
   */
  static Sz3Header parse(MemorySegment s) {
    long length = s.byteSize();
    if (length < HEADER_BYTES) {
      throw new Sz3Exception(
          "not an SZ3 stream: " + length + " bytes, less than the 16-byte header");
    }
    if (s.get(LE_INT, 1) == MAGIC && s.get(LE_INT, 0) != MAGIC) {
      int old = s.get(LE_INT, 5);
      throw new Sz3Exception(
          "SZ3 stream of data format " + (old >>> 24) + "." + ((old >>> 16) & 0xff) + "."
              + ((old >>> 8) & 0xff) + " (the layout with the configuration block first): this"
              + " library reads 3.3.2 streams and the imagecodecs wheel's 3.3.0 ones");
    }
    if (s.get(LE_INT, 0) != MAGIC) {
      throw new Sz3Exception("not an SZ3 stream: the magic number (10 F3 42 F3) is missing");
    }
    int v = s.get(LE_INT, 4);
    String version = (v >>> 24) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff);
    if ((v >>> 8) != DATA_VERSION) {
      throw new Sz3Exception(
          "SZ3 data-format version " + version + ": this SZ3 (3.3.2) decodes only 3.3.2 streams");
    }
    long payload = s.get(LE_LONG, 8);
    if (payload < 0 || payload > length - HEADER_BYTES - 1) {
      throw new Sz3Exception(
          "corrupt SZ3 stream: payload size " + Long.toUnsignedString(payload) + " does not fit in "
              + length + " bytes with the configuration block");
    }
    Sz3Conf conf = Sz3Conf.read(s, HEADER_BYTES + payload, length);
    if (conf.offset() + conf.size() != length) {
      throw new Sz3Exception(
          "corrupt SZ3 stream: the configuration block ends at " + (conf.offset() + conf.size())
              + ", the stream at " + length);
    }
    return new Sz3Header(version, payload, conf.dims(), conf.errorBoundMode(), conf.dataType());
  }

  /** The dimensions SZ3 records for a shape: axes of length 1 dropped ([1] if none is left). */
  static long[] recordedDims(long[] shape) {
    long[] dims = Arrays.stream(shape).filter(d -> d != 1).toArray();
    return dims.length == 0 ? new long[] {1} : dims;
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static int sz3Type(DType dtype, String what) {
    return switch (Check.dtype(dtype, what, "SZ3", DType.FLOAT32, DType.FLOAT64)) {
      case FLOAT32 -> SZ_FLOAT();
      default -> SZ_DOUBLE();
    };
  }

  /** r5..r1 of the C wrapper: the shape right-aligned, fastest last, zeros for absent axes. */
  private static long[] wrapperDims(long[] shape, String what) {
    if (shape.length == 5 && Math.multiplyHigh(shape[0], shape[1]) != 0 || shape.length == 5
        && shape[0] * shape[1] < 0) {
      throw new IllegalArgumentException(what + ": shape " + Arrays.toString(shape) + " too large");
    }
    long[] r = new long[5];
    System.arraycopy(shape, 0, r, 5 - shape.length, shape.length);
    return r;
  }

  /**
   * The caller's shape must be the stream's: a 5-D one with its first two axes merged, and axes of
   * length 1 left out, as SZ3 records them.
   */
  private static void checkShape(Sz3Header header, long[] shape, String what) {
    long[] expected = shape;
    if (shape.length == 5) {
      long merged = Math.multiplyHigh(shape[0], shape[1]) != 0 ? -1 : shape[0] * shape[1];
      expected = new long[] {merged, shape[2], shape[3], shape[4]};
    }
    if (!Arrays.equals(recordedDims(expected), header.shape())) {
      throw new Sz3Exception(
          "the stream holds an array of shape " + Arrays.toString(header.shape()) + ", " + what
              + " is " + Arrays.toString(shape));
    }
  }

  private static void limit(DType dtype, long[] shape) {
    long bytes = Check.saturatedProduct(dtype.byteSize(), Check.saturatedProduct(shape));
    if (bytes > DecodeLimits.maxBytes()) {
      throw new Sz3Exception(
          "the stream describes a " + dtype + " array of shape " + Arrays.toString(shape) + " ("
              + bytes + " bytes), more than the " + DecodeLimits.maxBytes()
              + " bytes allowed (see DecodeLimits)");
    }
  }
}
