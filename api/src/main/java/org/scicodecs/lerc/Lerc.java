package org.scicodecs.lerc;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.scicodecs.DType;
import org.scicodecs.DecodeLimits;
import org.scicodecs.NdArray;
import org.scicodecs.OutputTooSmallException;
import org.scicodecs.bindings.lerc.Lerc_c_api_h;
import org.scicodecs.internal.Check;
import org.scicodecs.internal.Downcalls;
import org.scicodecs.internal.NativeCodec;
import org.scicodecs.internal.NativeMemory;
import org.scicodecs.internal.Zstd;

/**
 * LERC: limited-error raster compression for integer and floating-point rasters with validity
 * masks, through Esri's LERC library — imagecodecs' {@code lerc_encode}, {@code lerc_decode},
 * {@code lerc_check}, {@code lerc_version}.
 *
 * <p>Blobs are self-describing: {@link #decode(MemorySegment, SegmentAllocator)} reads the type,
 * size, bands and masks from the blob ({@link #readInfo}). Decoding accepts Lerc2 and Lerc1
 * ({@code CntZImage}) blobs, also wrapped in a zstd frame (GDAL's LERC_ZSTD, through libzstd) or a
 * zlib stream (GDAL's LERC_DEFLATE, through {@link Inflater}). Output sizes are exact: LERC computes
 * the encoded size beforehand, and decoding allocates what the blob info says, bounded by {@link
 * DecodeLimits}.
 *
 * <p>NaN: LERC 4 stores NaN values as invalid pixels, so a blob of data with NaNs gets a mask,
 * and the NaNs decode as 0 with mask 0 (imagecodecs gives the same); NaN payload bits are not
 * kept. Look at {@link LercDecoded#masks()} for such data. A NaN beside numbers in one pixel's
 * depth (the last axis of a 3-D or 4-D array) cannot be an invalid pixel; LERC would store it as a
 * no-data value decoding as -3.4028235e38, so encoding refuses it. ±0.0, subnormals and infinities
 * are kept bit-exactly by lossless encoding.
 *
 * <p>Every LERC call is a single downcall keeping no pointer, so small Java arrays are passed
 * without a copy (critical downcalls). Off-heap Lerc2 blobs are decoded in place; Lerc1 blobs and
 * blobs in Java arrays are decoded from a private native copy (the Lerc1 decoder writes into its
 * input).
 *
 * <p>Thread-safe: all methods are static and keep no mutable state.
 *
 * {@snippet :
 * short[] dem = new short[512 * 512];
 * byte[] blob = Lerc.encode(NdArray.of(dem, 512, 512), LercOptions.lossless());
 * try (Arena arena = Arena.ofConfined()) {
 *   LercDecoded d = Lerc.decode(MemorySegment.ofArray(blob), arena);
 *   NdArray raster = d.data(); // int16, (512, 512)
 * }
 * }
 */
public final class Lerc {
  static final NativeCodec NATIVE = new NativeCodec("lerc", "Lerc", LercException::new);

  /** LERC's data type codes, indexed by DType ordinal (-1: not supported). */
  private static final int[] TYPES = new int[DType.values().length];

  static {
    Arrays.fill(TYPES, -1);
    TYPES[DType.INT8.ordinal()] = 0;
    TYPES[DType.UINT8.ordinal()] = 1;
    TYPES[DType.INT16.ordinal()] = 2;
    TYPES[DType.UINT16.ordinal()] = 3;
    TYPES[DType.INT32.ordinal()] = 4;
    TYPES[DType.UINT32.ordinal()] = 5;
    TYPES[DType.FLOAT32.ordinal()] = 6;
    TYPES[DType.FLOAT64.ordinal()] = 7;
  }

  /**
   * LERC 4.0.0 writing codec version 2 writes up to 3 bytes past the size it computed and
   * reports (its bit stuffer stores whole 32-bit words; measured over 1,600 random rasters of
   * every type, version and tolerance), which corrupted the C heap before this slack was added.
   * Every encode gets a buffer this much larger than the blob.
   */
  private static final int SLACK = 8;

  private Lerc() {}

  /** Whether the LERC library can be loaded. Never throws. */
  public static boolean available() {
    return NATIVE.available();
  }

  /**
   * {@code "lerc X.Y.Z"} from the version macros of the headers the bindings were generated from
   * (LERC has no run-time version call); {@code "lerc n/a"} when it is not available.
   */
  public static String version() {
    return NATIVE.version(
        () ->
            Lerc_c_api_h.LERC_VERSION_MAJOR()
                + "."
                + Lerc_c_api_h.LERC_VERSION_MINOR()
                + "."
                + Lerc_c_api_h.LERC_VERSION_PATCH());
  }

  /**
   * Whether the bytes start a Lerc2 ({@code "Lerc2"}) or Lerc1 ({@code "CntZImage"}) blob.
   * Wrapped blobs (zstd, zlib) are not recognised here, as in imagecodecs; {@link #decode} accepts
   * them.
   */
  public static boolean check(MemorySegment blob) {
    return startsWith(blob, "Lerc2") || startsWith(blob, "CntZImage");
  }

  // ---- encode ------------------------------------------------------------------------------

  /** Encodes into a new byte array of exactly the blob's size. */
  public static byte[] encode(NdArray data, LercOptions options) {
    return encode(data, null, options);
  }

  /** Encodes with validity masks (see {@link #encode(NdArray, NdArray, LercOptions, SegmentAllocator)}). */
  public static byte[] encode(NdArray data, NdArray masks, LercOptions options) {
    try (Arena arena = Arena.ofConfined()) {
      return encode(data, masks, options, arena).toArray(JAVA_BYTE);
    }
  }

  /**
   * Encodes into a new segment of exactly the blob's size from the allocator.
   *
   * @param masks null, or uint8/int8 validity masks (non-zero = valid) of shape {@code (rows,
   *     cols)} (one for all bands) or {@code (bands, rows, cols)}
   */
  public static MemorySegment encode(
      NdArray data, NdArray masks, LercOptions options, SegmentAllocator allocator) {
    Check.notNull(allocator, "allocator");
    try (Arena arena = Arena.ofConfined()) {
      Geometry g = Geometry.of(Check.notNull(data, "data"), Check.notNull(options, "options"));
      MemorySegment src = NativeMemory.forSingleCall(data.toContiguous(arena).contiguousSegment(), arena);
      refuseMixedNaN(src, data.dtype(), g);
      MemorySegment valid = masks(masks, g, arena);
      int size = compressedSize(src, g, valid, options, arena);
      MemorySegment out = allocator.allocate(size + SLACK);
      MemorySegment target = Downcalls.needsOffHeapCopy(out) ? arena.allocate(size + SLACK) : out;
      encodeInto(src, g, valid, options, target, size, arena);
      if (target != out) {
        MemorySegment.copy(target, 0, out, 0, size);
      }
      return out.asSlice(0, size);
    }
  }

  /**
   * Encodes into the caller's segment.
   *
   * @return the bytes written at the start of {@code out}
   * @throws OutputTooSmallException with the exact size, before writing, if the blob does not fit
   */
  public static long encode(NdArray data, NdArray masks, LercOptions options, MemorySegment out) {
    Check.writable(out, "out");
    Check.noOverlap(data.segment(), "data", out, "out");
    try (Arena arena = Arena.ofConfined()) {
      Geometry g = Geometry.of(data, Check.notNull(options, "options"));
      MemorySegment src = NativeMemory.forSingleCall(data.toContiguous(arena).contiguousSegment(), arena);
      refuseMixedNaN(src, data.dtype(), g);
      MemorySegment valid = masks(masks, g, arena);
      int size = compressedSize(src, g, valid, options, arena);
      if (size > out.byteSize()) {
        throw new OutputTooSmallException("lerc encode", size, out.byteSize());
      }
      // Encode in place only where LERC's overrun (SLACK) stays inside the caller's segment.
      boolean direct = out.byteSize() >= size + SLACK && !Downcalls.needsOffHeapCopy(out);
      MemorySegment target = direct ? out : arena.allocate(size + SLACK);
      encodeInto(src, g, valid, options, target, size, arena);
      if (!direct) {
        MemorySegment.copy(target, 0, out, 0, size);
      }
      return size;
    }
  }

  /**
   * LERC keeps NaN only as an invalid pixel in its mask, which needs every value of the pixel's
   * depth to be NaN. A pixel with NaN beside numbers has no such place: LERC 4.0 then stores the
   * NaN as a no-data value that decodes as -3.4028235e38 (imagecodecs returns that value), so it
   * is refused here.
   */
  private static void refuseMixedNaN(MemorySegment src, DType dtype, Geometry g) {
    if (g.depth() == 1 || (dtype != DType.FLOAT32 && dtype != DType.FLOAT64)) {
      return;
    }
    long pixels = (long) g.bands() * g.rows() * g.cols();
    for (long p = 0; p < pixels; p++) {
      int nan = 0;
      for (long k = p * g.depth(), end = k + g.depth(); k < end; k++) {
        double v = dtype == DType.FLOAT32 ? src.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, k)
            : src.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, k);
        if (Double.isNaN(v)) {
          nan++;
        }
      }
      if (nan > 0 && nan < g.depth()) {
        throw new IllegalArgumentException("data has NaN beside numbers in the depth of pixel " + p
            + " (flat index): LERC keeps NaN only where a whole pixel is NaN (as an invalid pixel in"
            + " its mask) and would decode this one as -3.4028235e38; replace it first, or use SZ3"
            + " (keeps NaN)");
      }
    }
  }

  /** The array's LERC geometry, as imagecodecs maps shapes. */
  private record Geometry(int type, int depth, int cols, int rows, int bands) {
    static Geometry of(NdArray data, LercOptions o) {
      int type = typeCode(data.dtype(), "data");
      long[] s = data.shape();
      long depth = 1, cols, rows = 1, bands = 1;
      switch (s.length) {
        case 1 -> cols = s[0];
        case 2 -> { rows = s[0]; cols = s[1]; }
        case 3 -> {
          if (o.planar()) {
            bands = s[0]; rows = s[1]; cols = s[2];
          } else {
            rows = s[0]; cols = s[1]; depth = s[2];
          }
        }
        case 4 -> { bands = s[0]; rows = s[1]; cols = s[2]; depth = s[3]; }
        default -> throw new IllegalArgumentException(
            "data shape " + Arrays.toString(s) + " is not supported by LERC (1 to 4 dimensions)");
      }
      for (long n : new long[] {depth, cols, rows, bands}) {
        if (n < 1 || n > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("data shape " + Arrays.toString(s) + " is empty or too large for LERC");
        }
      }
      return new Geometry(type, (int) depth, (int) cols, (int) rows, (int) bands);
    }
  }

  private static MemorySegment masks(NdArray masks, Geometry g, Arena arena) {
    if (masks == null) {
      return MemorySegment.NULL;
    }
    if (masks.dtype().byteSize() != 1) {
      throw new IllegalArgumentException("masks must be uint8 or int8 (one byte per pixel), not " + masks.dtype());
    }
    long[] s = masks.shape();
    boolean one = s.length == 2 && s[0] == g.rows && s[1] == g.cols;
    boolean perBand = s.length == 3 && s[0] == g.bands && s[1] == g.rows && s[2] == g.cols;
    if (!one && !perBand) {
      throw new IllegalArgumentException("masks.shape " + Arrays.toString(s) + " does not match the data ("
          + g.bands + " bands of " + g.rows + " x " + g.cols + ")");
    }
    return NativeMemory.forSingleCall(masks.toContiguous(arena).contiguousSegment(), arena);
  }

  private static int maskCount(MemorySegment valid, Geometry g) {
    return valid.equals(MemorySegment.NULL) ? 0 : (int) (valid.byteSize() / ((long) g.rows * g.cols));
  }

  private static int compressedSize(
      MemorySegment src, Geometry g, MemorySegment valid, LercOptions o, Arena arena) {
    NATIVE.require();
    MemorySegment size = arena.allocate(JAVA_INT);
    int status = (int) Downcalls.call(
        Lerc_c_api_h.lerc_computeCompressedSizeForVersion$address(),
        Lerc_c_api_h.lerc_computeCompressedSizeForVersion$descriptor(),
        Lerc_c_api_h.lerc_computeCompressedSizeForVersion$handle(),
        src, o.version(), g.type, g.depth, g.cols, g.rows, g.bands, maskCount(valid, g), valid,
        o.tolerance(), size);
    if (status != 0) {
      throw failure("lerc_computeCompressedSizeForVersion", status);
    }
    return size.get(JAVA_INT, 0);
  }

  /** Encodes a blob of {@code size} bytes (from the pre-pass) into {@code out}, which has slack. */
  private static void encodeInto(
      MemorySegment src, Geometry g, MemorySegment valid, LercOptions o, MemorySegment out, int size,
      Arena arena) {
    MemorySegment written = arena.allocate(JAVA_INT);
    int status = (int) Downcalls.call(
        Lerc_c_api_h.lerc_encodeForVersion$address(),
        Lerc_c_api_h.lerc_encodeForVersion$descriptor(),
        Lerc_c_api_h.lerc_encodeForVersion$handle(),
        src, o.version(), g.type, g.depth, g.cols, g.rows, g.bands, maskCount(valid, g), valid,
        o.tolerance(), out, size, written);
    if (status != 0) {
      throw failure("lerc_encodeForVersion", status);
    }
    if (written.get(JAVA_INT, 0) != size) {
      throw new LercException("lerc_encodeForVersion wrote " + written.get(JAVA_INT, 0)
          + " bytes, the size pre-pass said " + size);
    }
  }

  // ---- decode ------------------------------------------------------------------------------

  /**
   * Reads a blob's info (type, size, bands, masks, value range) without decoding it. Wrapped
   * blobs are unwrapped first.
   *
   * @throws LercException if the blob is not valid
   */
  public static LercInfo readInfo(MemorySegment blob) {
    Check.notNull(blob, "blob");
    NATIVE.require();
    try (Arena arena = Arena.ofConfined()) {
      return info(unwrap(blob, arena), arena);
    }
  }

  /**
   * Decodes a blob into a new array (and masks, when the blob has them) from the allocator, in the
   * shape {@link LercInfo#shape()} gives; invalid pixels are 0. Refuses blobs whose info promises
   * more than {@link DecodeLimits#maxBytes()}.
   */
  public static LercDecoded decode(MemorySegment blob, SegmentAllocator allocator) {
    Check.notNull(blob, "blob");
    Check.notNull(allocator, "allocator");
    NATIVE.require();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment b = unwrap(blob, arena);
      LercInfo info = info(b, arena);
      long bytes = (long) info.bands() * info.rows() * info.cols() * info.depth() * info.dtype().byteSize();
      if (bytes > DecodeLimits.maxBytes()) {
        throw new LercException("the blob describes " + bytes + " bytes of data, more than the "
            + DecodeLimits.maxBytes() + " allowed (see DecodeLimits)");
      }
      NdArray data = NdArray.allocate(allocator, info.dtype(), info.shape());
      NdArray masks = info.masks() == 0 ? null : NdArray.allocate(allocator, DType.UINT8, info.maskShape());
      decodeInto(b, info, data, masks, arena);
      return new LercDecoded(data, masks);
    }
  }

  /**
   * Decodes a blob into the caller's arrays: {@code out} with the blob's dtype and as many
   * elements as {@link LercInfo#shape()} (any shape of that size, contiguous); {@code masksOut}
   * null, or uint8 of the masks' size.
   */
  public static void decode(MemorySegment blob, NdArray out, NdArray masksOut) {
    Check.notNull(blob, "blob");
    Check.writable(out, "out");
    NATIVE.require();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment b = unwrap(blob, arena);
      LercInfo info = info(b, arena);
      long n = (long) info.bands() * info.rows() * info.cols() * info.depth();
      if (out.dtype() != info.dtype() || out.size() != n || !out.isContiguous()) {
        throw new LercException("the blob holds " + n + " " + info.dtype() + " values "
            + Arrays.toString(info.shape()) + "; out is " + out);
      }
      if (masksOut != null) {
        long m = (long) info.masks() * info.rows() * info.cols();
        if (masksOut.dtype().byteSize() != 1 || masksOut.size() != m || !masksOut.isContiguous()) {
          throw new LercException("the blob has " + info.masks() + " masks (" + m + " bytes); masksOut is " + masksOut);
        }
      }
      decodeInto(b, info, out, masksOut, arena);
    }
  }

  private static void decodeInto(MemorySegment blob, LercInfo info, NdArray out, NdArray masksOut, Arena arena) {
    boolean allValid = (long) info.validPixels() == (long) info.rows() * info.cols();
    MemorySegment dst = out.contiguousSegment();
    MemorySegment target = dst.isNative() ? dst : arena.allocate(dst.byteSize(), 8);
    if (!allValid) {
      target.fill((byte) 0); // invalid pixels read as 0, as imagecodecs gives them
    }
    MemorySegment valid = MemorySegment.NULL;
    if (info.masks() > 0) {
      valid = arena.allocate((long) info.masks() * info.rows() * info.cols());
    }
    int status = Lerc_c_api_h.lerc_decode(blob, info.blobSize(), info.masks(), valid, info.depth(),
        info.cols(), info.rows(), info.bands(), TYPES[info.dtype().ordinal()], target);
    if (status != 0) {
      throw failure("lerc_decode", status);
    }
    if (target != dst) {
      MemorySegment.copy(target, 0, dst, 0, dst.byteSize());
    }
    if (masksOut != null && info.masks() > 0) {
      MemorySegment.copy(valid, 0, masksOut.contiguousSegment(), 0, valid.byteSize());
    }
  }

  private static LercInfo info(MemorySegment blob, Arena arena) {
    if (blob.byteSize() > Integer.MAX_VALUE) {
      throw new LercException("blob of " + blob.byteSize() + " bytes is larger than LERC reads (2 GiB)");
    }
    MemorySegment info = arena.allocate(JAVA_INT, 9);
    MemorySegment range = arena.allocate(JAVA_DOUBLE, 3);
    int status = Lerc_c_api_h.lerc_getBlobInfo(blob, (int) blob.byteSize(), info, range, 9, 3);
    if (status != 0) {
      throw failure("lerc_getBlobInfo", status);
    }
    int[] i = info.toArray(JAVA_INT);
    DType dtype = null;
    for (DType t : DType.values()) {
      if (TYPES[t.ordinal()] == i[1]) {
        dtype = t;
      }
    }
    if (dtype == null) {
      throw new LercException("invalid data type " + i[1] + " in the blob");
    }
    if (i[2] < 1 || i[3] < 1 || i[4] < 1 || i[5] < 1 || i[8] < 0 || (i[8] > 1 && i[8] != i[5])) {
      throw new LercException("invalid blob info " + Arrays.toString(i));
    }
    if (blob.byteSize() < i[7]) {
      throw new LercException("incomplete blob: " + blob.byteSize() + " bytes, its header says " + i[7]);
    }
    return new LercInfo(i[0], dtype, i[2], i[3], i[4], i[5], i[6], i[7], i[8],
        range.getAtIndex(JAVA_DOUBLE, 0), range.getAtIndex(JAVA_DOUBLE, 1), range.getAtIndex(JAVA_DOUBLE, 2));
  }

  // ---- wrappers ----------------------------------------------------------------------------

  /**
   * The blob to hand to LERC: unwrapped from a zstd frame or zlib stream when it starts with one;
   * an off-heap Lerc2 blob as it is; anything else as a private native copy (the Lerc1 decoder
   * writes into its input, and a Java array cannot go to a plain downcall).
   */
  private static MemorySegment unwrap(MemorySegment blob, Arena arena) {
    if (blob.byteSize() >= 4 && Integer.toUnsignedLong(blob.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED
        .withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 0)) == 0xFD2FB528L) {
      return unzstd(blob, arena);
    }
    if (blob.byteSize() >= 2 && blob.get(JAVA_BYTE, 0) == 0x78) {
      byte b1 = blob.get(JAVA_BYTE, 1);
      if (b1 == (byte) 0x9C || b1 == 0x5E || b1 == 0x01 || b1 == (byte) 0xDA) {
        return inflate(blob, arena);
      }
    }
    if (blob.isNative() && startsWith(blob, "Lerc2")) {
      return blob; // the Lerc2 decoder only reads its input: no copy
    }
    MemorySegment copy = NativeMemory.malloc(Math.max(1, blob.byteSize()), arena).asSlice(0, blob.byteSize());
    MemorySegment.copy(blob, 0, copy, 0, blob.byteSize());
    return copy;
  }

  private static MemorySegment unzstd(MemorySegment frame, Arena arena) {
    Zstd.require("a zstd-wrapped LERC blob", LercException::new);
    MemorySegment content = Zstd.decompressFrame(NativeMemory.offHeap(frame, arena), -1,
        Math.min(DecodeLimits.maxBytes(), Integer.MAX_VALUE), 0, arena,
        message -> new LercException("the zstd frame around the LERC blob: " + message));
    return content;
  }

  private static MemorySegment inflate(MemorySegment stream, Arena arena) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(stream.asByteBuffer());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] chunk = new byte[1 << 16];
      while (!inflater.finished()) {
        int n = inflater.inflate(chunk);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new LercException("the zlib stream around the LERC blob is truncated");
        }
        out.write(chunk, 0, n);
        if (out.size() > DecodeLimits.maxBytes()) {
          throw new LercException("the zlib stream inflates to more than allowed (see DecodeLimits)");
        }
      }
      byte[] bytes = out.toByteArray();
      return arena.allocateFrom(JAVA_BYTE, bytes);
    } catch (DataFormatException e) {
      throw new LercException("the zlib stream around the LERC blob is corrupt: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static int typeCode(DType dtype, String what) {
    int code = TYPES[dtype.ordinal()];
    if (code < 0) {
      throw new IllegalArgumentException(what + " dtype " + dtype + " is not supported by LERC"
          + " (int8, uint8, int16, uint16, int32, uint32, float32, float64)");
    }
    return code;
  }

  private static boolean startsWith(MemorySegment s, String magic) {
    if (s.byteSize() < magic.length()) {
      return false;
    }
    for (int i = 0; i < magic.length(); i++) {
      if (s.get(JAVA_BYTE, i) != magic.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static LercException failure(String function, int status) {
    String name = switch (status) {
      case 1 -> "Failed";
      case 2 -> "WrongParam";
      case 3 -> "BufferTooSmall";
      case 4 -> "NaN";
      case 5 -> "HasNoData";
      default -> "unknown error " + status;
    };
    return new LercException(function + " returned " + name, (long) status, null);
  }
}
