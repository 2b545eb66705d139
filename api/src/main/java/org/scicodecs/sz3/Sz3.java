package org.scicodecs.sz3;

import static org.scicodecs.bindings.sz3.sz3c_h.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.function.Function;
import org.scicodecs.DType;
import org.scicodecs.DecodeLimits;
import org.scicodecs.NdArray;
import org.scicodecs.OutputTooSmallException;
import org.scicodecs.internal.Check;
import org.scicodecs.internal.NativeCodec;
import org.scicodecs.internal.NativeMemory;

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
 * stream's. SZ3 only decodes streams of its own data-format version.
 *
 * <p>Safety: the C wrapper allocates the output from the dimensions it is given, and SZ3 trusts
 * the stream's. Before calling it, the header and the whole configuration block are parsed in
 * Java: the magic, the version, the payload size against the length, the block's size and fields,
 * and that the recorded element count is the product of the recorded dimensions and of the
 * expected shape, bounded by {@link DecodeLimits}. The stream must end exactly where the
 * configuration block does. Truncated streams, and wrong or forged headers, configuration blocks
 * and sizes are therefore an {@link Sz3Exception} before SZ3 runs. What Java cannot check is the
 * inside of the compressed payload: SZ3 3.3.2 trusts it, and <strong>a corrupted payload can crash
 * the process</strong> (flipped payload bytes of small streams were seen to end in SIGSEGV inside
 * SZ3); SZ3's own C++ exceptions become an {@link Sz3Exception}. Decode untrusted SZ3 streams in a
 * separate process.
 * Every buffer SZ3 allocates is released with the wrapper's {@code free_buf}, also on errors.
 *
 * <p>OpenMP: the {@code sz3c} C wrapper (as used by imagecodecs too) never turns on SZ3's OpenMP
 * mode, so encoding is serial and there is no thread count; a stream written with OpenMP by SZ3's
 * own tools (a flag in its configuration block) is decoded with OpenMP, which the bundled library
 * is built with.
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
    return compress(
        data,
        options,
        stream -> {
          if (stream.byteSize() > out.byteSize()) {
            throw new OutputTooSmallException("sz3 encode", stream.byteSize(), out.byteSize());
          }
          MemorySegment.copy(stream, 0, out, 0, stream.byteSize());
          return stream.byteSize();
        });
  }

  /** Compresses into a new segment of exactly the stream's size from the caller's allocator. */
  public static MemorySegment encode(NdArray data, Sz3Options options, SegmentAllocator allocator) {
    Check.notNull(allocator, "allocator");
    return compress(
        data,
        options,
        stream -> {
          MemorySegment result = allocator.allocate(stream.byteSize(), 8);
          MemorySegment.copy(stream, 0, result, 0, stream.byteSize());
          return result;
        });
  }

  /** Compresses into a new byte array of exactly the stream's size. */
  public static byte[] encode(NdArray data, Sz3Options options) {
    return compress(
        data,
        options,
        stream -> {
          if (stream.byteSize() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                "the stream has " + stream.byteSize()
                    + " bytes, too many for a Java array: use a MemorySegment");
          }
          return stream.toArray(ValueLayout.JAVA_BYTE);
        });
  }

  /** Runs SZ_compress_args and hands its malloc'd stream to {@code sink}, then frees it. */
  private static <T> T compress(
      NdArray data, Sz3Options options, Function<MemorySegment, T> sink) {
    Check.notNull(data, "data");
    Check.notNull(options, "options");
    int type = sz3Type(data.dtype(), "data");
    long[] shape = data.shape();
    Check.ndim(shape, "data", "SZ3", 1, 5);
    Check.nonEmptyShape(shape, "data", "SZ3");
    long[] r = wrapperDims(shape, "data");
    NATIVE.require();
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
      MemorySegment p =
          SZ_compress_args(
              type, src, outSize, options.mode().value(), options.abs(), options.rel(), 0.0,
              r[0], r[1], r[2], r[3], r[4]);
      if (p.equals(MemorySegment.NULL)) {
        throw new Sz3Exception("SZ_compress_args returned NULL (SZ3 failed to compress)");
      }
      try {
        long size = outSize.get(ValueLayout.JAVA_LONG, 0);
        return sink.apply(p.reinterpret(size));
      } finally {
        free_buf(p);
      }
    }
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
    return parse(stream);
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
    Sz3Header header = parse(stream);
    limit(dtype, header.shape());
    NdArray out = NdArray.allocate(allocator, dtype, header.shape());
    decompress(stream, header, out);
    return out;
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
    Sz3Header header = parse(stream);
    checkShape(header, shape, "shape");
    limit(dtype, shape);
    NdArray out = NdArray.allocate(allocator, dtype, shape);
    decompress(stream, header, out);
    return out;
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
    Sz3Header header = parse(stream);
    checkShape(header, out.shape(), "out");
    decompress(stream, header, out);
  }

  private static void decompress(MemorySegment stream, Sz3Header header, NdArray out) {
    NATIVE.require();
    int type = sz3Type(out.dtype(), "out");
    long[] r = wrapperDims(header.shape(), "stream");
    long bytes = header.size() * out.dtype().byteSize();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment src = stream;
      if (!stream.isNative()) {
        src = NativeMemory.malloc(stream.byteSize(), arena);
        MemorySegment.copy(stream, 0, src, 0, stream.byteSize());
      }
      MemorySegment p = SZ_decompress(type, src, src.byteSize(), r[0], r[1], r[2], r[3], r[4]);
      if (p.equals(MemorySegment.NULL)) {
        throw new Sz3Exception("SZ_decompress returned NULL (corrupt stream, or SZ3 failed)");
      }
      try {
        NdArray.of(p.reinterpret(bytes), out.dtype(), out.shape()).copyTo(out);
      } finally {
        free_buf(p);
      }
    }
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
              + ((old >>> 8) & 0xff) + " (the older layout with the configuration block first, as"
              + " the imagecodecs PyPI wheel writes): this SZ3 (3.3.2) decodes only 3.3.2 streams");
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
    long conf = HEADER_BYTES + payload;
    if (payload < 0 || payload > length - HEADER_BYTES - 1) {
      throw new Sz3Exception(
          "corrupt SZ3 stream: payload size " + Long.toUnsignedString(payload) + " does not fit in "
              + length + " bytes with the configuration block");
    }
    int confSize = u8(s, conf);
    int n = conf + 3 <= length ? s.get(ValueLayout.JAVA_BYTE, conf + 1) : -1;
    if (n < 1 || n > 4) {
      throw new Sz3Exception("corrupt SZ3 stream: " + n + " dimensions recorded (SZ3 codes 1 to 4)");
    }
    int bitWidth = u8(s, conf + 2);
    if (bitWidth < 1 || bitWidth > 63) {
      throw new Sz3Exception("corrupt SZ3 stream: dimension bit width " + bitWidth);
    }
    long dimBytes = (n * bitWidth + 7) / 8;
    long modePos = conf + 3 + dimBytes + 8 + 1;
    int ebMode = modePos < length ? u8(s, modePos) : -1;
    int bounds = switch (ebMode) {
      case 0, 1, 2, 3 -> 1;
      case 4, 5 -> 2;
      default -> throw new Sz3Exception("corrupt SZ3 stream: error-bound mode " + ebMode);
    };
    long expected = modePos + 1 + 8L * bounds + 1 + 1 + 4 + 4 + 1 - conf;
    if (confSize != expected || conf + confSize != length) {
      throw new Sz3Exception(
          "corrupt or truncated SZ3 stream: configuration block of " + confSize + " bytes at "
              + conf + ", expected " + expected + " bytes ending the " + length + "-byte stream");
    }
    long[] dims = new long[n];
    long pos = conf + 3;
    for (int i = 0; i < n; i++) {
      long value = 0;
      for (int j = 0; j < bitWidth; j++) {
        long bit = (long) i * bitWidth + j;
        value |= (long) ((u8(s, pos + bit / 8) >> (bit % 8)) & 1) << j;
      }
      dims[i] = value;
    }
    long num = s.get(LE_LONG, pos + dimBytes);
    long product = 1;
    for (long d : dims) {
      if (d < 1) {
        throw new Sz3Exception("corrupt SZ3 stream: dimensions " + Arrays.toString(dims));
      }
      product = Math.multiplyHigh(product, d) != 0 || product * d < 0 ? -1 : product * d;
      if (product < 0) {
        throw new Sz3Exception("corrupt SZ3 stream: dimensions " + Arrays.toString(dims) + " overflow");
      }
    }
    if (num != product) {
      throw new Sz3Exception(
          "corrupt SZ3 stream: " + Long.toUnsignedString(num) + " values recorded for dimensions "
              + Arrays.toString(dims));
    }
    int dataType = u8(s, conf + expected - 10);
    return new Sz3Header(version, payload, dims, ebMode, dataType);
  }

  private static int u8(MemorySegment s, long offset) {
    return s.get(ValueLayout.JAVA_BYTE, offset) & 0xff;
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

  /** The caller's shape must be the stream's; a 5-D one with its first two axes merged. */
  private static void checkShape(Sz3Header header, long[] shape, String what) {
    long[] expected = shape;
    if (shape.length == 5) {
      long merged = Math.multiplyHigh(shape[0], shape[1]) != 0 ? -1 : shape[0] * shape[1];
      expected = new long[] {merged, shape[2], shape[3], shape[4]};
    }
    if (!Arrays.equals(expected, header.shape())) {
      throw new Sz3Exception(
          "the stream holds an array of shape " + Arrays.toString(header.shape()) + ", " + what
              + " is " + Arrays.toString(shape));
    }
  }

  private static void limit(DType dtype, long[] shape) {
    long bytes = dtype.byteSize();
    for (long s : shape) {
      bytes = Math.multiplyHigh(bytes, s) != 0 || bytes * s < 0 ? Long.MAX_VALUE : bytes * s;
    }
    if (bytes > DecodeLimits.maxBytes()) {
      throw new Sz3Exception(
          "the stream describes a " + dtype + " array of shape " + Arrays.toString(shape) + " ("
              + bytes + " bytes), more than the " + DecodeLimits.maxBytes()
              + " bytes allowed (see DecodeLimits)");
    }
  }
}
