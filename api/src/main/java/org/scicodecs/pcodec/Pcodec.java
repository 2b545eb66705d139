package org.scicodecs.pcodec;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import org.scicodecs.DType;
import org.scicodecs.DecodeLimits;
import org.scicodecs.NdArray;
import org.scicodecs.OutputTooSmallException;
import org.scicodecs.bindings.pcodec.PcoChunkConfig;
import org.scicodecs.bindings.pcodec.cpcodec_h;
import org.scicodecs.internal.Check;
import org.scicodecs.internal.Downcalls;
import org.scicodecs.internal.NativeCodec;
import org.scicodecs.internal.NativeMemory;
import org.scicodecs.internal.Outputs;

/**
 * PCODEC: lossless compression of numerical columns (integers and floats), through the pco crate
 * behind scicodecs' C ABI with the shape of upstream's cpcodec — imagecodecs' {@code
 * pcodec_encode}, {@code pcodec_decode}, {@code pcodec_check}, {@code pcodec_version}.
 *
 * <p>Arrays of uint8/16/32/64, int8/16/32/64 and float16/32/64 of any shape are compressed as one
 * flat sequence in C order (pco is one-dimensional: the shape is not stored, the number type and the
 * element count are). Every call is a single downcall that keeps no pointer, so small Java arrays
 * are passed without a copy through a critical downcall; off-heap and mapped arrays always are.
 *
 * <p>Sizing: encoding needs at most {@link #maxEncodedSize} bytes (pco's guarantee, for default
 * paging; smaller pages may need a little more, which is handled); decoding sizes its output from
 * the element count the stream records, bounded by {@link DecodeLimits}, and pco never writes past
 * the capacity it is given.
 *
 * <p>Thread-safe: all methods are static and keep no mutable state.
 *
 * {@snippet :
 * int[] column = new int[100_000];
 * byte[] stream = Pcodec.encode(NdArray.of(column), PcodecOptions.defaults());
 * try (Arena arena = Arena.ofConfined()) {
 *   NdArray back = Pcodec.decode(MemorySegment.ofArray(stream), arena); // int32, shape (100000)
 *   NdArray image = Pcodec.decode(MemorySegment.ofArray(stream), DType.INT32,
 *       new long[] {250, 400}, arena);                                   // with the caller's shape
 * }
 * }
 */
public final class Pcodec {
  static final NativeCodec NATIVE = new NativeCodec("pcodec", "cpcodec", PcodecException::new);

  /** pco's number type codes (upstream's PCO_TYPE_*), indexed by DType ordinal. */
  private static final byte[] TYPE_CODES = new byte[DType.values().length];

  static {
    TYPE_CODES[DType.UINT32.ordinal()] = 1;
    TYPE_CODES[DType.UINT64.ordinal()] = 2;
    TYPE_CODES[DType.INT32.ordinal()] = 3;
    TYPE_CODES[DType.INT64.ordinal()] = 4;
    TYPE_CODES[DType.FLOAT32.ordinal()] = 5;
    TYPE_CODES[DType.FLOAT64.ordinal()] = 6;
    TYPE_CODES[DType.UINT16.ordinal()] = 7;
    TYPE_CODES[DType.INT16.ordinal()] = 8;
    TYPE_CODES[DType.FLOAT16.ordinal()] = 9;
    TYPE_CODES[DType.UINT8.ordinal()] = 10;
    TYPE_CODES[DType.INT8.ordinal()] = 11;
  }

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

  /** Whether the bytes start with pco's standalone magic {@code "pco!"}. */
  public static boolean check(MemorySegment stream) {
    return stream.byteSize() >= 4
        && stream.get(JAVA_BYTE, 0) == 'p'
        && stream.get(JAVA_BYTE, 1) == 'c'
        && stream.get(JAVA_BYTE, 2) == 'o'
        && stream.get(JAVA_BYTE, 3) == '!';
  }

  // ---- encode ------------------------------------------------------------------------------

  /** The most bytes encoding this array can take with default paging (pco's guarantee). */
  public static long maxEncodedSize(NdArray data) {
    byte type = typeCode(Check.notNull(data, "data").dtype(), "data");
    NATIVE.require();
    long bound = cpcodec_h.pco_standalone_guarantee_file_size(data.size(), type);
    if (bound == 0) {
      throw new PcodecException("pco_standalone_guarantee_file_size failed for " + data);
    }
    return bound;
  }

  /**
   * Compresses into the caller's segment.
   *
   * @return the number of bytes written at the start of {@code out}
   * @throws OutputTooSmallException if the stream does not fit (it states the size; nothing is
   *     written to {@code out} then)
   */
  public static long encode(NdArray data, PcodecOptions options, MemorySegment out) {
    Check.writable(out, "out");
    Check.noOverlap(data.segment(), "data", out, "out");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment src = flat(data, arena);
      long bound = maxEncodedSize(data);
      if (out.byteSize() >= bound && (out.isNative() || !Downcalls.needsOffHeapCopy(out))) {
        return compress(src, data, options, out, arena);
      }
      return Outputs.copyInto("pcodec encode", scratchStream(src, data, options, bound, arena), out);
    }
  }

  /** Compresses into a new segment of exactly the stream's size from the allocator. */
  public static MemorySegment encode(
      NdArray data, PcodecOptions options, SegmentAllocator allocator) {
    Check.notNull(allocator, "allocator");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment src = flat(data, arena);
      return Outputs.copyOf(scratchStream(src, data, options, maxEncodedSize(data), arena), allocator);
    }
  }

  /** Compresses into a new byte array of exactly the stream's size. */
  public static byte[] encode(NdArray data, PcodecOptions options) {
    try (Arena arena = Arena.ofConfined()) {
      return encode(data, options, arena).toArray(JAVA_BYTE);
    }
  }

  /** The data as one contiguous sequence that pco can read in one call. */
  private static MemorySegment flat(NdArray data, Arena arena) {
    typeCode(Check.notNull(data, "data").dtype(), "data");
    return NativeMemory.forSingleCall(data.toContiguous(arena).contiguousSegment(), arena);
  }

  /**
   * Encodes into off-heap scratch memory of the guarantee's size; pages smaller than pco's default
   * can exceed that guarantee, so a failure is retried once with room for per-page overhead.
   */
  private static MemorySegment scratchStream(
      MemorySegment src, NdArray data, PcodecOptions options, long bound, Arena arena) {
    MemorySegment scratch = arena.allocate(bound, 8);
    try {
      return scratch.asSlice(0, compress(src, data, options, scratch, arena));
    } catch (PcodecException e) {
      if (options.pageSize() == 0) {
        throw e;
      }
      long pages = Math.ceilDiv(Math.max(1, data.size()), options.pageSize());
      MemorySegment larger = arena.allocate(bound + pages * 4096, 8);
      return larger.asSlice(0, compress(src, data, options, larger, arena));
    }
  }

  private static long compress(
      MemorySegment src, NdArray data, PcodecOptions options, MemorySegment dst, Arena arena) {
    byte type = typeCode(data.dtype(), "data");
    NATIVE.require();
    MemorySegment config = PcoChunkConfig.allocate(arena);
    PcoChunkConfig.compression_level(config, options.level());
    PcoChunkConfig.max_page_n(config, options.pageSize());
    MemorySegment written = arena.allocate(JAVA_LONG);
    int status;
    try {
      if (Downcalls.useCritical(src, dst)) {
        MethodHandle h =
            Downcalls.critical(
                cpcodec_h.pco_standalone_simple_compress_into$address(),
                cpcodec_h.pco_standalone_simple_compress_into$descriptor());
        status = (int) h.invokeExact(src, data.size(), type, config, dst, dst.byteSize(), written);
      } else {
        status =
            cpcodec_h.pco_standalone_simple_compress_into(
                src, data.size(), type, config, dst, dst.byteSize(), written);
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
    if (status != cpcodec_h.PcoSuccess()) {
      throw failure("pco_standalone_simple_compress_into", status);
    }
    return written.get(JAVA_LONG, 0);
  }

  // ---- decode ------------------------------------------------------------------------------

  /**
   * Reads the number type and element count a stream records, without decoding it.
   *
   * @throws PcodecException if the stream's header is not a valid standalone pco header
   */
  public static PcodecInfo readInfo(MemorySegment stream) {
    Check.notNull(stream, "stream");
    if (!check(stream)) {
      throw new PcodecException("not a pco stream: no 'pco!' magic");
    }
    NATIVE.require();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment header = stream;
      if (!stream.isNative()) {
        // Only the header is read; a Java array cannot go to a plain downcall, so copy its start.
        header = arena.allocate(Math.min(stream.byteSize(), 4096));
        MemorySegment.copy(stream, 0, header, 0, header.byteSize());
      }
      MemorySegment type = arena.allocate(JAVA_BYTE);
      MemorySegment count = arena.allocate(JAVA_LONG);
      int status = cpcodec_h.pco_standalone_file_info(header, header.byteSize(), type, count);
      if (status != cpcodec_h.PcoSuccess()) {
        throw failure("pco_standalone_file_info", status);
      }
      byte code = type.get(JAVA_BYTE, 0);
      return new PcodecInfo(code == 0 ? null : dtypeOf(code), count.get(JAVA_LONG, 0));
    }
  }

  /**
   * Decodes a stream into a new one-dimensional array of the type and length it records, refusing
   * streams that promise more than {@link DecodeLimits#maxBytes()}.
   *
   * @throws PcodecException if the stream does not record its length (then give dtype and shape)
   */
  public static NdArray decode(MemorySegment stream, SegmentAllocator allocator) {
    PcodecInfo info = readInfo(stream);
    if (info.dtype() == null || info.count() == 0) {
      throw new PcodecException(
          "the stream records no element count (written by an old or low-level pco writer):"
              + " decode it with a dtype and shape");
    }
    return decode(stream, info.dtype(), new long[] {info.count()}, allocator);
  }

  /**
   * Decodes a stream into a new array of the caller's dtype and shape, as imagecodecs' {@code
   * pcodec_decode(data, shape, dtype)}; the dtype must be the stream's and the shape must hold
   * exactly its elements.
   */
  public static NdArray decode(
      MemorySegment stream, DType dtype, long[] shape, SegmentAllocator allocator) {
    Check.notNull(allocator, "allocator");
    typeCode(Check.notNull(dtype, "dtype"), "dtype");
    long bytes = dtype.byteSize();
    for (long n : Check.notNull(shape, "shape")) {
      if (n < 0) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative size");
      }
      bytes = Math.multiplyHigh(bytes, n) != 0 || bytes * n < 0 ? Long.MAX_VALUE : bytes * n;
    }
    if (bytes > DecodeLimits.maxBytes()) {
      throw new PcodecException(
          "a " + dtype + " array of shape " + Arrays.toString(shape) + " takes " + bytes
              + " bytes, more than the " + DecodeLimits.maxBytes() + " allowed (see DecodeLimits)");
    }
    NdArray out = NdArray.allocate(allocator, dtype, shape);
    decode(stream, out);
    return out;
  }

  /**
   * Decodes a stream into the caller's contiguous array (for example a memory-mapped file): its
   * dtype must be the stream's and its size the stream's element count.
   */
  public static void decode(MemorySegment stream, NdArray out) {
    Check.notNull(stream, "stream");
    Check.writable(out, "out");
    byte type = typeCode(out.dtype(), "out");
    if (!out.isContiguous()) {
      throw new IllegalArgumentException("out must be contiguous (pco writes a flat sequence): " + out);
    }
    Check.noOverlap(stream, "stream", out.segment(), "out");
    if (!check(stream)) {
      throw new PcodecException("not a pco stream: no 'pco!' magic");
    }
    NATIVE.require();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment src = NativeMemory.forSingleCall(stream, arena);
      MemorySegment dst = out.contiguousSegment();
      MemorySegment target = Downcalls.needsOffHeapCopy(dst)
          ? arena.allocate(dst.byteSize(), out.dtype().byteSize()) : dst;
      MemorySegment written = arena.allocate(JAVA_LONG);
      int status;
      try {
        if (Downcalls.useCritical(src, target)) {
          MethodHandle h =
              Downcalls.critical(
                  cpcodec_h.pco_standalone_simple_decompress_into$address(),
                  cpcodec_h.pco_standalone_simple_decompress_into$descriptor());
          status = (int) h.invokeExact(src, src.byteSize(), type, target, out.size(), written);
        } else {
          status = cpcodec_h.pco_standalone_simple_decompress_into(
              src, src.byteSize(), type, target, out.size(), written);
        }
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
      if (status != cpcodec_h.PcoSuccess()) {
        throw failure("pco_standalone_simple_decompress_into", status);
      }
      long n = written.get(JAVA_LONG, 0);
      if (n != out.size()) {
        throw new PcodecException(
            "decompressed element count mismatch: the stream holds " + n + " values, out has "
                + out.size());
      }
      if (target != dst) {
        MemorySegment.copy(target, 0, dst, 0, dst.byteSize());
      }
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static byte typeCode(DType dtype, String what) {
    byte code = TYPE_CODES[dtype.ordinal()];
    if (code == 0) {
      throw new IllegalArgumentException(what + " dtype " + dtype + " is not supported by PCODEC");
    }
    return code;
  }

  private static DType dtypeOf(byte code) {
    for (DType t : DType.values()) {
      if (TYPE_CODES[t.ordinal()] == code) {
        return t;
      }
    }
    throw new PcodecException("the stream records an unknown number type " + code);
  }

  private static PcodecException failure(String function, int status) {
    String name = switch (status) {
      case 1 -> "PcoInvalidType";
      case 2 -> "PcoCompressionError";
      case 3 -> "PcoDecompressionError";
      default -> "unknown error " + status;
    };
    return new PcodecException(function + " returned '" + name + "'", (long) status, null);
  }
}
