package org.scicodecs.sperr;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.Arrays;
import java.util.Optional;
import org.scicodecs.DType;
import org.scicodecs.DecodeLimits;
import org.scicodecs.NdArray;
import org.scicodecs.OutputTooSmallException;
import org.scicodecs.bindings.sperr.SPERR_C_API_h;
import org.scicodecs.internal.Check;
import org.scicodecs.internal.Downcalls;
import org.scicodecs.internal.Finite;
import org.scicodecs.internal.NativeCodec;
import org.scicodecs.internal.NativeMemory;
import org.scicodecs.internal.Outputs;

/**
 * SPERR: error-bounded lossy compression of 2-D and 3-D floating-point fields (wavelets + SPECK),
 * through NCAR's SPERR library — imagecodecs' {@code sperr_encode}, {@code sperr_decode}, {@code
 * sperr_check}, {@code sperr_version}.
 *
 * <p>Arrays are float32 or float64 with 2 or 3 dimensions and at most 2^32 - 1 values. Modes are
 * a bit rate, a PSNR or a point-wise error bound ({@link SperrOptions}). 3-D volumes may be split
 * into chunks that SPERR codes in parallel with OpenMP; the 3-D stream does not depend on the
 * thread count. Strided arrays are copied to C order first (SPERR takes a raw pointer); small Java
 * arrays reach SPERR through a critical downcall without a copy, larger ones are copied off-heap
 * ({@link Downcalls}).
 *
 * <p>Streams carry SPERR's header by default (3-D streams always), so {@link
 * #decode(MemorySegment, SegmentAllocator)} needs nothing else; a 2-D stream written with {@link
 * SperrOptions#withHeader withHeader(false)} decodes with {@link #decode(MemorySegment, DType,
 * long[], SegmentAllocator)}.
 *
 * <p>Safety: SPERR's 2-D decoder trusts its input, so every header is parsed and checked in Java
 * first ({@link #readHeader}): the version byte, the 3-D flag (0x40, which picks the decoder —
 * not the depth, which imagecodecs uses), the dtype flag, sizes (none 0, at most 2^32 - 1 values,
 * at most {@link DecodeLimits} or the caller's array), and for 3-D the chunk table, which must add
 * up to exactly the stream's length. Each bitstream (the 2-D body, each 3-D chunk) must then hold
 * SPERR's 17-byte conditioner and a complete 9-byte SPECK header with a plausible bit count (SPERR
 * trusts both and would read past its buffer or reserve unbounded memory). A 2-D stream cut after
 * that is SPERR's progressive access and decodes at lower quality, as in SPERR itself. 2-D
 * bitstreams are handed to SPERR in a zero-padded native copy. SPERR allocates its outputs with
 * {@code malloc}; they are copied and freed with {@code free} on every path.
 *
 * <p>Thread-safe: all methods are static and keep no mutable state; SPERR's C API keeps none.
 *
 * {@snippet :
 * float[] temperature = new float[64 * 180 * 360];
 * NdArray data = NdArray.of(temperature, 64, 180, 360);
 * byte[] stream = Sperr.encode(data, SperrOptions.pwe(0.01)); // |error| <= 0.01
 * try (Arena arena = Arena.ofConfined()) {
 *   NdArray decoded = Sperr.decode(MemorySegment.ofArray(stream), arena);
 *   double first = decoded.getDouble(0, 0, 0);
 * }
 * }
 */
public final class Sperr {
  static final NativeCodec NATIVE = new NativeCodec("sperr", "SPERR", SperrException::new);

  /** SPERR's conditioner: the first 17 bytes of every 2-D bitstream. */
  static final long MIN_BODY = 17;

  /** The most quantization steps (largest value / pwe) an encode may ask of SPERR. */
  static final double MAX_PWE_STEPS = 0x1p56;

  /** The largest pwe SPERR can code. */
  static final double MAX_PWE = 0x1p60;

  /** Zero bytes after a 2-D bitstream's copy: SPERR's reader may look a few bytes ahead. */
  private static final long PAD = 64;

  private Sperr() {}

  /** Whether the SPERR library can be loaded. Never throws. */
  public static boolean available() {
    return NATIVE.available();
  }

  /**
   * {@code "sperr X.Y.Z"}: SPERR has no run-time version call, so this is the version of the
   * headers the bindings were generated from; {@code "sperr n/a"} when it is not available.
   */
  public static String version() {
    return NATIVE.version(
        () ->
            SPERR_C_API_h.SPERR_VERSION_MAJOR()
                + "."
                + SPERR_C_API_h.SPERR_VERSION_MINOR()
                + "."
                + SPERR_C_API_h.SPERR_VERSION_PATCH());
  }

  /**
   * Whether the bytes are a SPERR stream, as far as the format allows: SPERR has no signature
   * (imagecodecs' {@code sperr_check} returns None). A 3-D stream's header — version byte 0, the
   * 3-D flag, sizes, and a chunk table that adds up to exactly the stream's length — is checked so
   * thoroughly that a match gives {@code Optional.of(true)}. Anything else gives {@code
   * Optional.empty()}, unknown: a 2-D header is only a version byte, a flag byte and two sizes,
   * which random bytes often satisfy, and a header-less 2-D bitstream has nothing to recognise.
   * Never false, and never throws for a non-null segment.
   */
  public static Optional<Boolean> check(MemorySegment stream) {
    Check.notNull(stream, "stream");
    try {
      SperrHeader h = SperrHeader.parse(stream);
      return h.threeD() ? Optional.of(true) : Optional.empty();
    } catch (SperrException e) {
      return Optional.empty();
    }
  }

  /** {@link #check(MemorySegment)} for a byte array. */
  public static Optional<Boolean> check(byte[] stream) {
    return check(MemorySegment.ofArray(Check.notNull(stream, "stream")));
  }

  // ---- encode ------------------------------------------------------------------------------

  /**
   * Compresses into the caller's segment.
   *
   * @return the number of bytes written at the start of {@code out}
   * @throws OutputTooSmallException if the stream does not fit (it states the exact size; nothing
   *     was written to {@code out})
   * @throws IllegalArgumentException for an unsupported dtype or shape, options that do not fit
   *     the array, or {@code out} overlapping the data
   * @throws SperrException if SPERR fails
   */
  public static long encode(NdArray data, SperrOptions options, MemorySegment out) {
    Check.notNull(data, "data");
    Check.writable(out, "out");
    if (out.asOverlappingSlice(data.segment()).isPresent()) {
      throw new IllegalArgumentException("cannot encode in-place: out overlaps the data");
    }
    MemorySegment stream = compress(data, options);
    try {
      return Outputs.copyInto("sperr encode", stream, out);
    } finally {
      NativeMemory.free(stream);
    }
  }

  /**
   * Compresses into a new segment of exactly the stream's size from the caller's allocator: SPERR's
   * own buffer, without a copy, when the allocator is an arena.
   */
  public static MemorySegment encode(NdArray data, SperrOptions options, SegmentAllocator allocator) {
    Check.notNull(allocator, "allocator");
    MemorySegment stream = compress(data, options);
    return Outputs.adopt(stream, stream.byteSize(), 1, allocator, NativeMemory::free);
  }

  /** Compresses into a new byte array of exactly the stream's size. */
  public static byte[] encode(NdArray data, SperrOptions options) {
    MemorySegment stream = compress(data, options);
    try {
      return Outputs.toByteArray(stream);
    } finally {
      NativeMemory.free(stream);
    }
  }

  /**
   * Runs sperr_comp_2d/3d; returns SPERR's malloc'ed stream, which the caller must free. Nothing
   * else can fail between the native call and the caller's {@code try}.
   */
  private static MemorySegment compress(NdArray data, SperrOptions options) {
    Check.notNull(data, "data");
    Check.notNull(options, "options");
    DType dtype = Check.dtype(data.dtype(), "data", "SPERR", DType.FLOAT32, DType.FLOAT64);
    int ndim = Check.ndim(data.shape(), "data", "SPERR", 2, 3);
    long[] shape = Check.nonEmptyShape(data.shape(), "data", "SPERR");
    long values = 1;
    for (long s : shape) {
      if (s > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("data: size " + s + " exceeds 2^31 - 1 " + Arrays.toString(shape));
      }
      values *= s;
      if (values > 0xffff_ffffL) {
        throw new IllegalArgumentException(
            "data: SPERR codes at most 2^32 - 1 values, shape " + Arrays.toString(shape));
      }
    }
    if (ndim == 2 && options.chunks() != null) {
      throw new IllegalArgumentException("options: chunks are for 3-D arrays, data is 2-D");
    }
    // SPERR 0.8.5's encoder crashes the process on NaN or infinity (seen in SPECK's bit-plane
    // coder): refuse them here.
    Finite.require(data, "data", "SPERR cannot code NaN or infinity; replace them first, or use"
        + " SZ3, which keeps them");
    if (options.mode() == SPERR.MODE.PWE) {
      // SPERR quantizes wavelet coefficients (up to a few times the largest value) into 64-bit
      // integer bit planes of about 2 * pwe: beyond 2^63 steps its quantizer fails, and SPERR
      // 0.8.5 then crashes (2^65.6 did, 2^62.3 did not). 2^56 leaves room for the wavelet's gain.
      double maxAbs = Finite.maxAbs(data);
      if (options.quality() > MAX_PWE) {
        // Its outlier coder rounds errors (each above pwe) to 64-bit integers and fails above
        // 2^63, after which SPERR 0.8.5 writes its stream from an encoder it never made: a crash.
        throw new IllegalArgumentException("pwe " + options.quality() + " is above 2^60, more than"
            + " SPERR can code (it counts errors as 64-bit integers); scale the data down");
      }
      if (maxAbs / options.quality() >= MAX_PWE_STEPS) {
        throw new IllegalArgumentException(
            "pwe " + options.quality() + " is too fine for values as large as " + maxAbs
                + ": SPERR codes about max/pwe steps as 64-bit integers and allows at most 2^56"
                + " of them here; use a pwe of at least " + maxAbs / MAX_PWE_STEPS);
      }
    }
    NATIVE.require();
    try (Arena arena = Arena.ofConfined()) {
      NdArray src = data.isContiguous() ? data : data.toContiguous(arena);
      return compress(NativeMemory.forSingleCall(src.contiguousSegment(), arena), dtype, shape, options, arena);
    }
  }

  private static MemorySegment compress(
      MemorySegment in, DType dtype, long[] shape, SperrOptions options, Arena arena) {
    int ndim = shape.length;
    MemorySegment dst = arena.allocate(ADDRESS); // zeroed: SPERR wants *dst == NULL
    MemorySegment dstLen = arena.allocate(JAVA_LONG);
    int isFloat = dtype == DType.FLOAT32 ? 1 : 0;
    int mode = options.mode().value();
    int rc;
    String function;
    if (ndim == 2) {
      function = "sperr_comp_2d";
      rc =
          (int)
              Downcalls.call(
                  SPERR_C_API_h.sperr_comp_2d$address(),
                  SPERR_C_API_h.sperr_comp_2d$descriptor(),
                  SPERR_C_API_h.sperr_comp_2d$handle(),
                  in, isFloat, shape[1], shape[0], mode, options.quality(),
                  options.header() ? 1 : 0, dst, dstLen);
    } else {
      function = "sperr_comp_3d";
      long[] c = options.chunks() == null ? shape : options.chunks();
      rc =
          (int)
              Downcalls.call(
                  SPERR_C_API_h.sperr_comp_3d$address(),
                  SPERR_C_API_h.sperr_comp_3d$descriptor(),
                  SPERR_C_API_h.sperr_comp_3d$handle(),
                  in, isFloat, shape[2], shape[1], shape[0], c[2], c[1], c[0], mode,
                  options.quality(), (long) options.threads(), dst, dstLen);
    }
    MemorySegment p = dst.get(ADDRESS, 0);
    long length = dstLen.get(JAVA_LONG, 0);
    if (rc != 0 || p.equals(MemorySegment.NULL)) {
      if (!p.equals(MemorySegment.NULL)) {
        NativeMemory.free(p);
      }
      throw error(function, rc);
    }
    return p.reinterpret(length);
  }

  /** imagecodecs' SperrError text for a status. */
  static SperrException error(String function, long rc) {
    String text =
        switch ((int) rc) {
          case 0 -> "success";
          case 1 -> "`dst` is not pointing to a NULL pointer";
          case 2 -> "one or more parameters are invalid";
          case -1 -> "other error";
          default -> "unknown error " + rc;
        };
    return new SperrException(function + " returned '" + text + "'", rc, null);
  }

  // ---- decode ------------------------------------------------------------------------------

  /**
   * Reads and checks the header of a stream with a header (every 3-D stream; 2-D streams written
   * with the default options), without decoding.
   *
   * @throws SperrException if the stream is truncated or its header invalid
   */
  public static SperrHeader readHeader(MemorySegment stream) {
    Check.notNull(stream, "stream");
    return SperrHeader.parse(stream);
  }

  /**
   * Decodes a stream with a header into a new array from the allocator, refusing streams whose
   * header promises more than {@link DecodeLimits#maxBytes()}.
   */
  public static NdArray decode(MemorySegment stream, SegmentAllocator allocator) {
    return decode(stream, allocator, DecodeLimits.maxBytes());
  }

  /**
   * Decodes a stream with a header into a new array from the allocator, with one thread.
   *
   * @param maxBytes the largest array, in bytes, this call may allocate
   * @throws SperrException for a corrupt or truncated stream, or one larger than {@code maxBytes},
   *     before anything is allocated
   */
  public static NdArray decode(MemorySegment stream, SegmentAllocator allocator, long maxBytes) {
    return decode(stream, allocator, maxBytes, 1);
  }

  /**
   * Decodes a stream with a header into a new array from the allocator.
   *
   * @param maxBytes the largest array, in bytes, this call may allocate
   * @param threads OpenMP threads for a 3-D stream (0: OpenMP's default)
   */
  public static NdArray decode(
      MemorySegment stream, SegmentAllocator allocator, long maxBytes, int threads) {
    Check.notNull(stream, "stream");
    Check.notNull(allocator, "allocator");
    Check.nonNegative(maxBytes, "maxBytes");
    checkThreads(threads);
    SperrHeader header = SperrHeader.parse(stream);
    limit(header.dtype(), header.shape(), maxBytes);
    NATIVE.require();
    return adopt(decompress(stream, header, threads), header, allocator);
  }

  /** Decodes a stream with a header from a byte array into a new array (auto-freed memory). */
  public static NdArray decode(byte[] stream) {
    return decode(MemorySegment.ofArray(Check.notNull(stream, "stream")), Arena.ofAuto());
  }

  /**
   * Decodes a stream with a header into the caller's array (for example a memory-mapped file);
   * its dtype and shape must be those in the header. {@code out} may be strided.
   *
   * @throws SperrException if the header does not match {@code out}, or the stream is corrupt
   */
  public static void decode(MemorySegment stream, NdArray out) {
    Check.notNull(stream, "stream");
    Check.writable(out, "out");
    SperrHeader header = SperrHeader.parse(stream);
    if (header.dtype() != out.dtype() || !Arrays.equals(header.shape(), out.shape())) {
      throw new SperrException(
          "the stream holds a " + header.dtype() + " array of shape "
              + Arrays.toString(header.shape()) + ", out is " + out.dtype() + " "
              + Arrays.toString(out.shape()));
    }
    NATIVE.require();
    copyAndFree(decompress(stream, header, 1), header, out);
  }

  /**
   * Decodes a header-less 2-D stream (written with {@link SperrOptions#withHeader
   * withHeader(false)}) of the given dtype and shape {@code (rows, columns)}. Nothing in such a
   * stream records its size, so a wrong shape decodes to wrong values, never out of bounds.
   *
   * @throws IllegalArgumentException for a dtype other than float32/float64 or a shape that is
   *     not 2-D with at most 2^32 - 1 values
   * @throws SperrException for a stream too short to be SPERR's
   */
  public static NdArray decode(
      MemorySegment stream, DType dtype, long[] shape, SegmentAllocator allocator) {
    Check.notNull(stream, "stream");
    Check.notNull(allocator, "allocator");
    Check.dtype(dtype, "dtype", "SPERR", DType.FLOAT32, DType.FLOAT64);
    Check.ndim(shape, "shape", "SPERR header-less streams (2-D)", 2, 2);
    Check.nonEmptyShape(shape, "shape", "SPERR");
    try {
      SperrHeader.checkDims(shape, dtype);
    } catch (SperrException e) {
      throw new IllegalArgumentException("shape: " + e.getMessage(), e);
    }
    SperrHeader.checkBody(stream, 0, stream.byteSize(), shape[0] * shape[1]);
    limit(dtype, shape, DecodeLimits.maxBytes());
    NATIVE.require();
    SperrHeader bare = new SperrHeader(0, false, dtype, shape, null, new long[0], 0);
    return adopt(decompress(stream, bare, 1), bare, allocator);
  }

  private static void checkThreads(int threads) {
    if (threads < 0 || threads > SperrOptions.MAX_THREADS) {
      throw new IllegalArgumentException(
          "threads must be 0 (OpenMP default) to " + SperrOptions.MAX_THREADS + ", got " + threads);
    }
  }

  private static void limit(DType dtype, long[] shape, long maxBytes) {
    long bytes = dtype.byteSize();
    for (long s : shape) {
      bytes *= s; // at most 2^32 values of 8 bytes: no overflow
    }
    if (bytes > maxBytes) {
      throw new SperrException(
          "the stream's header describes a " + dtype + " array of shape " + Arrays.toString(shape)
              + " (" + bytes + " bytes), more than the " + maxBytes
              + " bytes allowed (see DecodeLimits)");
    }
  }

  /**
   * The decoded array in a new segment from the allocator: SPERR's own buffer, without a copy, when
   * the allocator is an arena (see {@link Outputs#adopt}).
   */
  private static NdArray adopt(MemorySegment decoded, SperrHeader header, SegmentAllocator allocator) {
    MemorySegment values =
        Outputs.adopt(
            decoded, header.decodedBytes(), header.dtype().byteSize(), allocator, NativeMemory::free);
    return NdArray.of(values, header.dtype(), header.shape());
  }

  /** Copies SPERR's decoded buffer into {@code out} and frees it. */
  private static void copyAndFree(MemorySegment decoded, SperrHeader header, NdArray out) {
    try {
      NdArray.of(decoded.reinterpret(header.decodedBytes()), out.dtype(), header.shape()).copyTo(out);
    } finally {
      NativeMemory.free(decoded);
    }
  }

  /**
   * Runs sperr_decomp_2d/3d on a checked header and returns SPERR's buffer of {@link
   * SperrHeader#decodedBytes()} bytes, which the caller must free; frees it itself on errors.
   */
  private static MemorySegment decompress(MemorySegment stream, SperrHeader header, int threads) {
    int isFloat = header.dtype() == DType.FLOAT32 ? 1 : 0;
    long[] shape = header.shape();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment dst = arena.allocate(ADDRESS); // zeroed: SPERR wants *dst == NULL
      int rc;
      String function;
      if (!header.threeD()) {
        function = "sperr_decomp_2d";
        long length = stream.byteSize() - header.headerLength();
        MemorySegment body = NativeMemory.malloc(length + PAD, arena);
        MemorySegment.copy(stream, header.headerLength(), body, 0, length);
        body.asSlice(length, PAD).fill((byte) 0);
        rc =
            SPERR_C_API_h.sperr_decomp_2d(body, length, isFloat, shape[1], shape[0], dst);
      } else {
        function = "sperr_decomp_3d";
        MemorySegment in = stream;
        if (Downcalls.needsOffHeapCopy(in)) {
          in = NativeMemory.malloc(stream.byteSize(), arena);
          MemorySegment.copy(stream, 0, in, 0, stream.byteSize());
        }
        MemorySegment dims = arena.allocate(JAVA_LONG, 3);
        rc =
            (int)
                Downcalls.call(
                    SPERR_C_API_h.sperr_decomp_3d$address(),
                    SPERR_C_API_h.sperr_decomp_3d$descriptor(),
                    SPERR_C_API_h.sperr_decomp_3d$handle(),
                    in, in.byteSize(), isFloat, (long) threads,
                    dims, dims.asSlice(8), dims.asSlice(16), dst);
        if (rc == 0) {
          long[] got = {dims.getAtIndex(JAVA_LONG, 2), dims.getAtIndex(JAVA_LONG, 1),
              dims.getAtIndex(JAVA_LONG, 0)};
          if (!Arrays.equals(got, shape)) {
            freeIfSet(dst);
            throw new SperrException(
                "sperr_decomp_3d decoded shape " + Arrays.toString(got) + ", the header says "
                    + Arrays.toString(shape));
          }
        }
      }
      MemorySegment p = dst.get(ADDRESS, 0);
      if (rc != 0 || p.equals(MemorySegment.NULL)) {
        if (!p.equals(MemorySegment.NULL)) {
          NativeMemory.free(p);
        }
        throw error(function, rc);
      }
      return p;
    }
  }

  private static void freeIfSet(MemorySegment dst) {
    MemorySegment p = dst.get(ADDRESS, 0);
    if (!p.equals(MemorySegment.NULL)) {
      NativeMemory.free(p);
      dst.set(ADDRESS, 0, MemorySegment.NULL);
    }
  }
}
