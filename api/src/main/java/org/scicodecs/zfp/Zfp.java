package org.scicodecs.zfp;

import static org.scicodecs.bindings.zfp.zfp_h.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.scicodecs.DType;
import org.scicodecs.DecodeLimits;
import org.scicodecs.NdArray;
import org.scicodecs.OutputTooSmallException;
import org.scicodecs.bindings.zfp.zfp_field;
import org.scicodecs.internal.Check;
import org.scicodecs.internal.Finite;
import org.scicodecs.internal.NativeCodec;
import org.scicodecs.internal.NativeMemory;
import org.scicodecs.internal.Outputs;
import org.scicodecs.nativelib.NativeLibraries;
import org.scicodecs.nativelib.NativeLibraryException;

/**
 * ZFP: compressed floating-point and integer arrays with fixed rate, precision or accuracy, or
 * lossless (reversible), through LLNL's zfp library — imagecodecs' {@code zfp_encode}, {@code
 * zfp_decode}, {@code zfp_check}, {@code zfp_version}.
 *
 * <p>Arrays are float32, float64, int32 or int64 with 1 to 4 dimensions, in any layout (strided
 * views are compressed in place, without a copy). Off-heap and memory-mapped arrays go to zfp
 * directly; Java arrays are copied off-heap first, because zfp keeps the data pointer across
 * several calls, where a heap address is not stable.
 *
 * <p>Streams carry the full zfp header by default, so {@link #decode(MemorySegment,
 * SegmentAllocator)} needs nothing else; streams written with {@link ZfpOptions#withHeader
 * withHeader(false)} need the dtype and shape on decoding, exactly as in imagecodecs. Streams are
 * byte-identical to imagecodecs' for the same zfp version and options.
 *
 * <p>Safety: zfp checks no bounds. Encoding always writes into a buffer of at least {@link
 * #maxEncodedSize} bytes, a bound that also holds where zfp's own {@code zfp_stream_maximum_size}
 * does not (parameters below a block's exponent bits); parameters zfp cannot code correctly are
 * refused. Decoding reads the header from a padded copy, checks type and dimensions in Java,
 * bounds the output by the caller's array or {@link DecodeLimits}, and lets zfp read the data only
 * from memory as large as the most the header's field and mode can consume: the caller's segment
 * when it is off-heap and that long (fixed-rate streams are), else a padded native copy. A stream
 * that ends before the decoder is done is a {@link ZfpException} — also when it ends inside zfp's
 * last 64-bit word, where the decoder is run a second time with the missing bytes set to ones to
 * see whether it needed them (streams of 8-bit-word zfp builds, such as Debian's, legitimately end
 * there and decode). On a {@link ZfpException} the contents of a caller's {@code out} are
 * unspecified. No call uses a critical downcall: zfp keeps the data and stream pointers across
 * several calls.
 *
 * <p>Thread-safe: all methods are static; each call has its own zfp stream and field.
 *
 * {@snippet :
 * float[] temperature = new float[180 * 360];
 * NdArray data = NdArray.of(temperature, 180, 360);
 * byte[] stream = Zfp.encode(data, ZfpOptions.tolerance(0.1)); // |error| <= 0.1
 * try (Arena arena = Arena.ofConfined()) {
 *   NdArray decoded = Zfp.decode(MemorySegment.ofArray(stream), arena);
 *   double first = decoded.getDouble(0, 0);
 * }
 * }
 */
public final class Zfp {
  static final NativeCodec NATIVE = new NativeCodec("zfp", "zfp", ZfpException::new);

  /** zfp's bit stream word (this build's BIT_STREAM_WORD_TYPE is 64 bits): buffers align to it. */
  private static final long WORD = 8;

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
          int v = zfp_library_version(); // major << 12 | minor << 8 | patch << 4 | tweak
          return ((v >> 12) & 0xf) + "." + ((v >> 8) & 0xf) + "." + ((v >> 4) & 0xf);
        });
  }

  /**
   * Whether the bytes start with zfp's magic {@code "zfp"} (imagecodecs' {@code zfp_check}: the
   * codec version byte after it is not looked at).
   */
  public static boolean check(MemorySegment stream) {
    return stream.byteSize() >= 3
        && stream.get(ValueLayout.JAVA_BYTE, 0) == 'z'
        && stream.get(ValueLayout.JAVA_BYTE, 1) == 'f'
        && stream.get(ValueLayout.JAVA_BYTE, 2) == 'p';
  }

  /** {@link #check(MemorySegment)} for a byte array. */
  public static boolean check(byte[] stream) {
    return check(MemorySegment.ofArray(stream));
  }

  // ---- encode ------------------------------------------------------------------------------

  /**
   * The most bytes {@link #encode} can write for this array and options, header included (zfp's
   * {@code zfp_stream_maximum_size}).
   */
  public static long maxEncodedSize(NdArray data, ZfpOptions options) {
    Check.notNull(data, "data");
    Check.notNull(options, "options");
    int type = zfpType(data.dtype(), "data");
    checkShape(data.shape(), "data");
    checkEncodable(data, options, type);
    NATIVE.require();
    try (Arena arena = Arena.ofConfined();
        Codec zfp = new Codec()) {
      zfp.field(MemorySegment.NULL, type, data.shape(), data.strides());
      zfp.mode(options, type, data.ndim());
      return zfp.encodeBound(arena);
    }
  }

  /**
   * Compresses into the caller's segment.
   *
   * @return the number of bytes written at the start of {@code out}
   * @throws OutputTooSmallException if the stream does not fit: it states the exact size, and
   *     nothing was written to {@code out}
   * @throws IllegalArgumentException for an unsupported dtype or shape, or {@code out} overlapping
   *     the data
   * @throws ZfpException if zfp fails (e.g. dimensions too large for a full header)
   */
  public static long encode(NdArray data, ZfpOptions options, MemorySegment out) {
    Check.notNull(data, "data");
    Check.writable(out, "out");
    if (out.asOverlappingSlice(data.segment()).isPresent()) {
      throw new IllegalArgumentException("cannot encode in-place: out overlaps the data");
    }
    try (Arena arena = Arena.ofConfined();
        Codec zfp = compressor(data, options, arena)) {
      long max = zfp.encodeBound(arena);
      boolean direct = out.isNative() && out.byteSize() >= max && out.address() % WORD == 0;
      MemorySegment target = direct ? out : NativeMemory.malloc(max, arena);
      long size = zfp.compress(target, options.header());
      return direct ? size : Outputs.copyInto("zfp encode", target.asSlice(0, size), out);
    }
  }

  /**
   * Compresses into a new segment of exactly the stream's size from the caller's allocator (the
   * stream is written to scratch memory first, then copied once).
   */
  public static MemorySegment encode(NdArray data, ZfpOptions options, SegmentAllocator allocator) {
    try (Arena arena = Arena.ofConfined();
        Codec zfp = compressor(data, options, arena)) {
      MemorySegment scratch = NativeMemory.malloc(zfp.encodeBound(arena), arena);
      long size = zfp.compress(scratch, options.header());
      return Outputs.copyOf(scratch.asSlice(0, size), WORD, allocator);
    }
  }

  /** Compresses into a new byte array of exactly the stream's size. */
  public static byte[] encode(NdArray data, ZfpOptions options) {
    try (Arena arena = Arena.ofConfined();
        Codec zfp = compressor(data, options, arena)) {
      MemorySegment scratch = NativeMemory.malloc(zfp.encodeBound(arena), arena);
      long size = zfp.compress(scratch, options.header());
      return Outputs.toByteArray(scratch.asSlice(0, size));
    }
  }

  private static Codec compressor(NdArray data, ZfpOptions options, Arena arena) {
    Check.notNull(data, "data");
    Check.notNull(options, "options");
    int type = zfpType(data.dtype(), "data");
    checkShape(data.shape(), "data");
    if (data.size() == 0) {
      throw new IllegalArgumentException("data is empty: zfp cannot compress zero elements");
    }
    checkEncodable(data, options, type);
    if (options.mode() != ZFP.MODE.REVERSIBLE) {
      Finite.require(data, "data", "zfp's lossy modes turn NaN and infinity into finite values;"
          + " replace them first, or use ZfpOptions.reversible() (lossless: keeps them) or SZ3"
          + " (keeps them)");
    }
    if (options.mode() == ZFP.MODE.FIXED_ACCURACY && options.tolerance() > 0
        && (data.dtype() == DType.FLOAT32 || data.dtype() == DType.FLOAT64)) {
      double maxAbs = Finite.maxAbs(data);
      double floor = ZfpBounds.smallestTolerance(data.dtype(), maxAbs);
      if (options.tolerance() < floor) {
        throw new IllegalArgumentException(
            "tolerance " + options.tolerance() + " is below what zfp can keep for " + data.dtype()
                + " values as large as " + maxAbs + " (" + floor + "): zfp codes "
                + (data.dtype() == DType.FLOAT32 ? "float32 with 32" : "float64 with 64")
                + "-bit integers scaled to each block's largest value; use a larger tolerance, "
                + (data.dtype() == DType.FLOAT32 ? "float64 data, " : "") + "reversible mode or SZ3");
      }
    }
    NATIVE.require();
    NdArray src = NativeMemory.offHeap(data, arena);
    if (hasZeroStride(src)) {
      // zfp reads a stride of 0 as "contiguous": a broadcast view must be materialized.
      NdArray copy = NdArray.allocate(arena, src.dtype(), src.shape());
      src.copyTo(copy);
      src = copy;
    }
    ZfpLibrary lib = ZfpLibrary.CPU;
    if (options.execution() == ZFP.EXEC.CUDA) {
      lib = cudaLibrary(options, src.ndim());
      src = src.toContiguous(arena); // zfp's CUDA backend reads contiguous host arrays only
    }
    Codec zfp = new Codec(lib);
    try {
      zfp.field(src.segment(), type, src.shape(), src.strides());
      zfp.mode(options, type, src.ndim());
      zfp.execution(options);
      return zfp;
    } catch (RuntimeException e) {
      zfp.close();
      throw e;
    }
  }

  /**
   * Refuses what zfp would code wrongly: rates that give no bits per block or more than a header
   * records, expert budgets below a block's exponent bits (zfp's unsigned arithmetic would wrap and
   * overflow its own OpenMP buffers), and 1-D sizes a full header cannot record.
   */
  private static void checkEncodable(NdArray data, ZfpOptions options, int type) {
    int dims = data.ndim();
    long values = 1L << (2 * dims);
    switch (options.mode()) {
      case FIXED_RATE -> {
        double bits = Math.floor(values * options.rate() + 0.5); // zfp_stream_set_rate
        bits = Math.max(bits, ZfpBounds.overheadBits(type, false));
        if (bits < 1 || bits > ZfpBounds.HEADER_MAX_BLOCK_BITS) {
          throw new IllegalArgumentException(
              "rate: " + options.rate() + " bits per value gives " + (long) bits + " bits per "
                  + dims + "-D block; zfp codes 1 to " + ZfpBounds.HEADER_MAX_BLOCK_BITS);
        }
      }
      case EXPERT -> {
        int overhead = ZfpBounds.overheadBits(type, false);
        if (options.maxBits() < overhead) {
          throw new IllegalArgumentException(
              "maxBits: a " + data.dtype() + " block needs at least " + overhead
                  + " bits (its exponent), got " + options.maxBits());
        }
      }
      default -> {}
    }
    if (options.header() && dims == 1 && data.shape(0) > 1L << 32) {
      throw new IllegalArgumentException(
          "data: a full zfp header records 1-D sizes up to 2^32 (zfp reads back 32 bits), got "
              + data.shape(0) + "; use withHeader(false) and pass the shape to decode");
    }
  }

  private static boolean hasZeroStride(NdArray a) {
    long[] shape = a.shape();
    long[] strides = a.strides();
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] > 1 && strides[i] == 0) {
        return true;
      }
    }
    return false;
  }

  private static void checkOutput(NdArray out) {
    Check.writable(out, "out");
    if (hasZeroStride(out)) {
      throw new IllegalArgumentException(
          "out has a zero stride " + Arrays.toString(out.strides()) + ": cannot decode into a"
              + " broadcast view");
    }
  }

  // ---- decode ------------------------------------------------------------------------------

  /**
   * Reads the full header of a stream (dtype, shape, mode) without decoding the data.
   *
   * @throws ZfpException if the stream has no valid full header
   */
  public static ZfpHeader readHeader(MemorySegment stream) {
    Check.notNull(stream, "stream");
    NATIVE.require();
    try (Arena arena = Arena.ofConfined();
        Codec zfp = new Codec()) {
      long bits = zfp.readHeader(stream, HEADER_FULL, arena);
      return zfp.header(bits, arena);
    }
  }

  /**
   * Decodes a stream with a full header into a new array from the allocator, refusing streams
   * whose header promises more than {@link DecodeLimits#maxBytes()}.
   */
  public static NdArray decode(MemorySegment stream, SegmentAllocator allocator) {
    return decode(stream, allocator, DecodeLimits.maxBytes());
  }

  /**
   * Decodes a stream with a full header into a new array from the allocator.
   *
   * @param maxBytes the largest array, in bytes, this call may allocate
   * @throws ZfpException for a corrupt or truncated stream, or one larger than {@code maxBytes},
   *     before anything is allocated
   */
  public static NdArray decode(MemorySegment stream, SegmentAllocator allocator, long maxBytes) {
    Check.notNull(stream, "stream");
    Check.notNull(allocator, "allocator");
    Check.nonNegative(maxBytes, "maxBytes");
    NATIVE.require();
    try (Arena arena = Arena.ofConfined();
        Codec zfp = new Codec()) {
      long bits = zfp.readHeader(stream, HEADER_FULL, arena);
      ZfpHeader header = zfp.header(bits, arena);
      long bytes = bytesOf(header.dtype(), header.shape());
      if (bytes > maxBytes) {
        throw new ZfpException(
            "the stream's header describes a " + header.dtype() + " array of shape "
                + Arrays.toString(header.shape()) + " (" + bytes + " bytes), more than the "
                + maxBytes + " bytes allowed (see DecodeLimits)");
      }
      zfp.readBound(stream, bytes, bits, maxBytes, arena); // refuse before allocating
      NdArray out = NdArray.allocate(allocator, header.dtype(), header.shape());
      zfp.decompress(stream, out, bits, maxBytes, arena);
      return out;
    }
  }

  /** Decodes a stream with a full header from a byte array into a new array (auto-freed memory). */
  public static NdArray decode(byte[] stream) {
    return decode(MemorySegment.ofArray(stream), Arena.ofAuto());
  }

  /**
   * Decodes a stream with a full header into the caller's array (for example a memory-mapped
   * file); its dtype and shape must be those in the header. {@code out} may be strided.
   *
   * @throws ZfpException if the header does not match {@code out}, or the stream is corrupt
   */
  public static void decode(MemorySegment stream, NdArray out) {
    Check.notNull(stream, "stream");
    checkOutput(out);
    NATIVE.require();
    try (Arena arena = Arena.ofConfined();
        Codec zfp = new Codec()) {
      long bits = zfp.readHeader(stream, HEADER_FULL, arena);
      ZfpHeader header = zfp.header(bits, arena);
      if (header.dtype() != out.dtype() || !Arrays.equals(header.shape(), out.shape())) {
        throw new ZfpException(
            "the stream holds a " + header.dtype() + " array of shape "
                + Arrays.toString(header.shape()) + ", out is " + out.dtype() + " "
                + Arrays.toString(out.shape()));
      }
      zfp.decompress(stream, out, bits, DecodeLimits.maxBytes(), arena);
    }
  }

  /**
   * Decodes a stream written without the full header ({@link ZfpOptions#withHeader
   * withHeader(false)}, imagecodecs' {@code header=False}) into a new array of the given dtype and
   * shape, as imagecodecs' {@code zfp_decode(data, shape=, dtype=)} does. A stream with a full
   * header cannot be decoded this way (its metadata would be read as the mode).
   */
  public static NdArray decode(
      MemorySegment stream, DType dtype, long[] shape, SegmentAllocator allocator) {
    Check.notNull(stream, "stream");
    Check.notNull(allocator, "allocator");
    zfpType(Check.notNull(dtype, "dtype"), "dtype");
    checkShape(Check.notNull(shape, "shape"), "shape");
    Check.nonEmptyShape(shape, "shape", "ZFP");
    NdArray out = NdArray.allocate(allocator, dtype, shape);
    decodeHeaderless(stream, out);
    return out;
  }

  /**
   * Decodes a stream written without the full header into the caller's array, whose dtype and
   * shape say what the stream holds.
   */
  public static void decodeHeaderless(MemorySegment stream, NdArray out) {
    Check.notNull(stream, "stream");
    checkOutput(out);
    int type = zfpType(out.dtype(), "out");
    checkShape(out.shape(), "out");
    if (out.size() == 0) {
      throw new IllegalArgumentException("out is empty");
    }
    NATIVE.require();
    try (Arena arena = Arena.ofConfined();
        Codec zfp = new Codec()) {
      long bits = zfp.readHeader(stream, HEADER_MAGIC | HEADER_MODE, arena);
      if (zfp_field_set_type(zfp.field, type) == zfp_type_none()) {
        throw new ZfpException("zfp_field_set_type failed");
      }
      zfp.setSize(out.shape());
      zfp.decompress(stream, out, bits, DecodeLimits.maxBytes(), arena);
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static final int HEADER_MAGIC = 1, HEADER_MODE = 4, HEADER_FULL = 7;

  static int zfpType(DType dtype, String what) {
    return switch (dtype) {
      case INT32 -> zfp_type_int32();
      case INT64 -> zfp_type_int64();
      case FLOAT32 -> zfp_type_float();
      case FLOAT64 -> zfp_type_double();
      default ->
          throw new IllegalArgumentException(
              what + " dtype " + dtype + " is not supported by ZFP (int32, int64, float32, float64)");
    };
  }

  private static DType dtypeOf(int type) {
    if (type == zfp_type_int32()) {
      return DType.INT32;
    } else if (type == zfp_type_int64()) {
      return DType.INT64;
    } else if (type == zfp_type_float()) {
      return DType.FLOAT32;
    } else if (type == zfp_type_double()) {
      return DType.FLOAT64;
    }
    throw new ZfpException("invalid zfp_field type " + type + " in the stream header");
  }

  private static void checkShape(long[] shape, String what) {
    if (shape.length < 1 || shape.length > 4) {
      throw new IllegalArgumentException(
          what + " shape " + Arrays.toString(shape) + " is not supported by ZFP (1 to 4 dimensions)");
    }
  }

  private static long bytesOf(DType dtype, long[] shape) {
    long n = dtype.byteSize();
    for (long s : shape) {
      n = Math.multiplyHigh(n, s) != 0 || n * s < 0 ? Long.MAX_VALUE : n * s;
    }
    return n;
  }

  /**
   * One zfp stream and field for one call; closing frees the field, the zfp stream and the bit
   * stream, whatever happened.
   */
  private static final class Codec implements AutoCloseable {
    final ZfpLibrary lib;
    final MemorySegment stream;
    final MemorySegment field;
    private MemorySegment bits = MemorySegment.NULL;
    private int headerMask = HEADER_FULL;

    Codec() {
      this(ZfpLibrary.CPU);
    }

    Codec(ZfpLibrary lib) {
      this.lib = lib;
      stream = lib.zfp_stream_open(MemorySegment.NULL);
      if (stream.equals(MemorySegment.NULL)) {
        throw new ZfpException("zfp_stream_open failed");
      }
      field = lib.zfp_field_alloc();
      if (field.equals(MemorySegment.NULL)) {
        lib.zfp_stream_close(stream);
        throw new ZfpException("zfp_field_alloc failed");
      }
    }

    /** numpy's order (slowest axis first) → zfp's (nx is the fastest axis). */
    void field(MemorySegment pointer, int type, long[] shape, long[] strides) {
      lib.zfp_field_set_pointer(field, pointer);
      lib.zfp_field_set_type(field, type);
      setSize(shape);
      setStrides(shape, strides);
    }

    /** Strides only for non-contiguous layouts; zero strides mean contiguous to zfp. */
    void setStrides(long[] shape, long[] strides) {
      if (!Arrays.equals(strides, NdArray.contiguousStrides(shape))) {
        long[] s = reversed(strides);
        switch (s.length) {
          case 1 -> lib.zfp_field_set_stride_1d(field, s[0]);
          case 2 -> lib.zfp_field_set_stride_2d(field, s[0], s[1]);
          case 3 -> lib.zfp_field_set_stride_3d(field, s[0], s[1], s[2]);
          default -> lib.zfp_field_set_stride_4d(field, s[0], s[1], s[2], s[3]);
        }
      }
    }

    void setSize(long[] shape) {
      long[] n = reversed(shape);
      switch (n.length) {
        case 1 -> lib.zfp_field_set_size_1d(field, n[0]);
        case 2 -> lib.zfp_field_set_size_2d(field, n[0], n[1]);
        case 3 -> lib.zfp_field_set_size_3d(field, n[0], n[1], n[2]);
        default -> lib.zfp_field_set_size_4d(field, n[0], n[1], n[2], n[3]);
      }
    }

    /** The mode calls imagecodecs makes, in the same order. */
    void mode(ZfpOptions o, int type, int ndim) {
      switch (o.mode()) {
        case REVERSIBLE -> lib.zfp_stream_set_reversible(stream);
        case FIXED_PRECISION -> lib.zfp_stream_set_precision(stream, o.precision());
        case FIXED_RATE -> lib.zfp_stream_set_rate(stream, o.rate(), type, ndim, 0);
        case FIXED_ACCURACY -> lib.zfp_stream_set_accuracy(stream, o.tolerance());
        case EXPERT -> {
          if (lib.zfp_stream_set_params(stream, o.minBits(), o.maxBits(), o.maxPrec(), o.minExp()) == 0) {
            throw new ZfpException("zfp_stream_set_params failed for " + o);
          }
        }
        default -> throw new IllegalArgumentException("mode " + o.mode());
      }
    }

    void execution(ZfpOptions o) {
      switch (o.execution()) {
        case SERIAL -> {}
        case OMP -> {
          if (lib.zfp_stream_set_execution(stream, zfp_exec_omp()) == 0) {
            throw new ZfpException("zfp_stream_set_execution failed: this zfp has no OpenMP");
          }
          if (o.threads() > 0 && lib.zfp_stream_set_omp_threads(stream, o.threads()) == 0) {
            throw new ZfpException("zfp_stream_set_omp_threads(" + o.threads() + ") failed");
          }
          if (o.chunkSize() > 0 && lib.zfp_stream_set_omp_chunk_size(stream, o.chunkSize()) == 0) {
            throw new ZfpException("zfp_stream_set_omp_chunk_size(" + o.chunkSize() + ") failed");
          }
        }
        case CUDA -> {
          if (lib.zfp_stream_set_execution(stream, zfp_exec_cuda()) == 0) {
            throw new ZfpException("zfp_stream_set_execution(CUDA) failed: this zfp has no CUDA");
          }
        }
      }
    }

    /** Compresses into a buffer of at least zfp_stream_maximum_size bytes; returns the size. */
    long compress(MemorySegment target, boolean fullHeader) {
      openBits(target);
      long headerBits =
          lib.zfp_write_header(stream, field, fullHeader ? HEADER_FULL : HEADER_MAGIC | HEADER_MODE);
      if (headerBits == 0) {
        throw new ZfpException(
            "zfp_write_header failed: the dimensions exceed what a full zfp header can record"
                + " (2-D: 2^24, 3-D: 2^16, 4-D: 2^12 per axis); use withHeader(false)");
      }
      long size = lib.zfp_compress(stream, field);
      if (lib != ZfpLibrary.CPU) {
        // zfp's CUDA path reports no error without a device: it just writes no blocks. A
        // fixed-rate stream's size is known exactly, so anything else is a failed GPU run.
        long expected = fixedRateSize(headerBits);
        if (size != expected) {
          throw new ZfpException(
              "zfp_compress on CUDA wrote " + size + " bytes instead of " + expected
                  + ": no usable GPU (libzfp-cuda.so needs an NVIDIA GPU and driver)");
        }
      }
      if (size == 0) {
        throw new ZfpException("zfp_compress failed");
      }
      return size;
    }

    /** The exact size of a fixed-rate stream: header, then maxbits per 4^d block, in words. */
    private long fixedRateSize(long headerBits) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment p = arena.allocate(ValueLayout.JAVA_INT, 4);
        lib.zfp_stream_params(stream, p, p.asSlice(4), p.asSlice(8), p.asSlice(12));
        long maxBits = Integer.toUnsignedLong(p.getAtIndex(ValueLayout.JAVA_INT, 1));
        long blocks = 1;
        for (long n : new long[] {zfp_field.nx(field), zfp_field.ny(field), zfp_field.nz(field),
            zfp_field.nw(field)}) {
          blocks *= n == 0 ? 1 : (n + 3) / 4;
        }
        return (headerBits + blocks * maxBits + 63) / 64 * 8;
      }
    }

    /**
     * Reads a header from a zero-padded copy of the stream's first bytes, so that zfp cannot read
     * past a short stream. Returns the header's size in bits.
     */
    long readHeader(MemorySegment source, int mask, Arena arena) {
      if (!check(source)) {
        throw new ZfpException(
            source.byteSize() < 3 ? "not a zfp stream: " + source.byteSize() + " bytes"
                : "not a zfp stream: no 'zfp' magic");
      }
      long probeBytes = 64;
      MemorySegment probe = arena.allocate(probeBytes + WORD, WORD);
      MemorySegment.copy(source, 0, probe, 0, Math.min(source.byteSize(), probeBytes));
      openBits(probe);
      headerMask = mask;
      long bits = lib.zfp_read_header(stream, field, mask);
      if (bits == 0) {
        throw new ZfpException(
            mask == HEADER_FULL
                ? "zfp_read_header failed: no valid full header (a stream written with"
                    + " withHeader(false) needs the dtype and shape to decode)"
                : "zfp_read_header failed: unsupported zfp codec version or invalid mode");
      }
      if (bits > source.byteSize() * 8) {
        throw new ZfpException(
            "truncated zfp stream: the header needs " + bits + " bits, the stream has "
                + source.byteSize() + " bytes");
      }
      if (mask == HEADER_FULL) {
        dtypeOf(zfp_field.type(field)); // validates the type
      }
      return bits;
    }

    ZfpHeader header(long bits, Arena arena) {
      DType dtype = dtypeOf(zfp_field.type(field));
      long[] shape = shapeOfField();
      MemorySegment p = arena.allocate(ValueLayout.JAVA_INT, 4);
      lib.zfp_stream_params(stream, p, p.asSlice(4), p.asSlice(8), p.asSlice(12));
      return new ZfpHeader(
          dtype,
          shape,
          ZFP.MODE.of(lib.zfp_stream_compression_mode(stream)),
          p.getAtIndex(ValueLayout.JAVA_INT, 0),
          p.getAtIndex(ValueLayout.JAVA_INT, 1),
          p.getAtIndex(ValueLayout.JAVA_INT, 2),
          p.getAtIndex(ValueLayout.JAVA_INT, 3),
          bits);
    }

    private long[] shapeOfField() {
      long nx = zfp_field.nx(field), ny = zfp_field.ny(field);
      long nz = zfp_field.nz(field), nw = zfp_field.nw(field);
      if (nx == 0) {
        throw new ZfpException("invalid zfp_field nx = 0 in the stream header");
      }
      if (ny == 0) {
        return new long[] {nx};
      } else if (nz == 0) {
        return new long[] {ny, nx};
      } else if (nw == 0) {
        return new long[] {nz, ny, nx};
      }
      return new long[] {nw, nz, ny, nx};
    }

    /**
     * The most bytes compression can write with the current field and mode: {@link ZfpBounds},
     * which is never below zfp's own {@code zfp_stream_maximum_size}.
     */
    long encodeBound(Arena arena) {
      int[] p = params(arena);
      long bound =
          ZfpBounds.maxStreamBytes(
              zfp_field.type(field), zfpSizes(), p[0], p[1], p[2], p[3], ZfpBounds.MAX_HEADER_BITS);
      if (bound == Long.MAX_VALUE) {
        throw new IllegalArgumentException("data: the stream bound overflows 64 bits");
      }
      return Math.max(bound, lib.zfp_stream_maximum_size(stream, field));
    }

    /** minbits, maxbits, maxprec, minexp. */
    private int[] params(Arena arena) {
      MemorySegment p = arena.allocate(ValueLayout.JAVA_INT, 4);
      lib.zfp_stream_params(stream, p, p.asSlice(4), p.asSlice(8), p.asSlice(12));
      return p.toArray(ValueLayout.JAVA_INT);
    }

    /** The field's zfp sizes nx, ny, ... (as many as it has dimensions). */
    private long[] zfpSizes() {
      return reversed(shapeOfField());
    }

    /**
     * Decodes into {@code out}. zfp reads only from memory that holds the most its field and mode
     * can consume ({@link ZfpBounds}, with the header's own size): the caller's segment when it is
     * off-heap, word-aligned and that long, else a native copy of that size. Afterwards, a decoder
     * that needed bytes past the stream's end means a truncated stream.
     *
     * @param copyLimit the largest padded copy this call may allocate beyond twice the output
     */
    void decompress(MemorySegment source, NdArray out, long headerBits, long copyLimit, Arena arena) {
      long max = readBound(source, out.byteSize(), headerBits, copyLimit, arena);
      long length = source.byteSize();
      long lengthInWords = (length + WORD - 1) / WORD * WORD;
      boolean direct = isDirect(source, max);
      MemorySegment input = source;
      if (!direct) {
        input = NativeMemory.malloc(max + WORD, arena);
        long copied = Math.min(length, max);
        MemorySegment.copy(source, 0, input, 0, copied);
        // The bytes of the stream's last, partial word are read as zero padding.
        input.asSlice(copied, Math.min(max + WORD, lengthInWords + WORD) - copied).fill((byte) 0);
      }
      NdArray target = NativeMemory.outputTarget(out, arena);
      long consumed = decompressInto(input, target, headerBits);
      if (consumed > lengthInWords) {
        throw truncated(consumed, length);
      }
      if (!direct && length % WORD != 0 && consumed == lengthInWords) {
        // The decoder read the last, partial word. If the missing bytes mattered, ones instead of
        // zeros change what it decodes: the stream was cut; else it ends as 8-bit-word zfp writes.
        input.asSlice(length, lengthInWords - length).fill((byte) 0xff);
        NdArray again = NdArray.allocate(arena, target.dtype(), target.shape());
        decompressInto(input, again, headerBits);
        NdArray first = target.isContiguous() ? target : target.toContiguous(arena);
        if (first.contiguousSegment().mismatch(again.contiguousSegment()) != -1) {
          throw truncated(consumed, length);
        }
      }
      NativeMemory.finishOutput(target, out);
    }

    /**
     * The most bytes zfp may read for the field and mode the header set; if the stream must be
     * copied to hold that much, refuses a copy larger than {@code copyLimit} and twice the output
     * (only forged or exotic minbits need more).
     */
    long readBound(MemorySegment source, long outBytes, long headerBits, long copyLimit, Arena arena) {
      int[] p = params(arena);
      long max =
          ZfpBounds.maxStreamBytes(zfp_field.type(field), zfpSizes(), p[0], p[1], p[2], p[3], headerBits);
      long allowed = Math.max(copyLimit, outBytes > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : 2 * outBytes + 4096);
      if (max == Long.MAX_VALUE || (!isDirect(source, max) && max > allowed)) {
        throw new ZfpException(
            "the stream's header (" + Arrays.toString(shapeOfField()) + ", minBits=" + p[0]
                + ") lets zfp read up to " + max + " bytes, more than the " + allowed
                + " bytes of padded copy allowed; the stream has " + source.byteSize() + " bytes");
      }
      return max;
    }

    private static boolean isDirect(MemorySegment source, long max) {
      return source.isNative() && source.address() % WORD == 0 && source.byteSize() >= max;
    }

    private long decompressInto(MemorySegment input, NdArray target, long headerBits) {
      openBits(input);
      if (lib.zfp_read_header(stream, field, headerMask) != headerBits) {
        throw new ZfpException("zfp_read_header failed on the second read");
      }
      lib.zfp_field_set_pointer(field, target.segment());
      lib.zfp_field_set_stride_1d(field, 0); // clears all four strides
      setStrides(target.shape(), target.strides());
      long consumed = lib.zfp_decompress(stream, field);
      if (consumed == 0) {
        throw new ZfpException("zfp_decompress failed");
      }
      return consumed;
    }

    private void openBits(MemorySegment buffer) {
      if (!bits.equals(MemorySegment.NULL)) {
        lib.stream_close(bits);
        bits = MemorySegment.NULL;
      }
      bits = lib.stream_open(buffer, buffer.byteSize());
      if (bits.equals(MemorySegment.NULL)) {
        throw new ZfpException("stream_open failed");
      }
      lib.zfp_stream_set_bit_stream(stream, bits);
      lib.zfp_stream_rewind(stream);
    }

    @Override
    public void close() {
      lib.zfp_field_free(field);
      lib.zfp_stream_close(stream);
      if (!bits.equals(MemorySegment.NULL)) {
        lib.stream_close(bits);
      }
    }
  }

  private static ZfpException truncated(long consumed, long length) {
    return new ZfpException(
        "truncated or corrupt zfp stream: decoding needed " + consumed + " bytes, the stream has "
            + length);
  }

  /**
   * The CUDA build of zfp, for what its CUDA backend supports (zfp 1.0.1: fixed-rate mode, 1 to 3
   * dimensions); anything else is refused rather than silently run on the CPU.
   */
  private static ZfpLibrary cudaLibrary(ZfpOptions options, int ndim) {
    if (options.mode() != ZFP.MODE.FIXED_RATE) {
      throw new ZfpException(
          "zfp's CUDA backend supports fixed-rate mode only, not " + options.mode()
              + ": use ZfpOptions.rate(...) or execution SERIAL/OMP");
    }
    if (ndim > 3) {
      throw new ZfpException("zfp's CUDA backend supports 1 to 3 dimensions, not " + ndim);
    }
    try {
      NativeLibraries.load("zfp-cuda");
    } catch (NativeLibraryException e) {
      throw new ZfpException(
          "CUDA execution needs libzfp-cuda.so (zfp built with CUDA: scripts/build-native --cuda)."
              + "\n" + e.getMessage(), e);
    }
    return ZfpLibrary.cuda();
  }

  private static long[] reversed(long[] a) {
    long[] r = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[a.length - 1 - i];
    }
    return r;
  }
}
