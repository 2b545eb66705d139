package org.scicodecs.sz3;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.scicodecs.DType;
import org.scicodecs.DecodeLimits;
import org.scicodecs.internal.NativeMemory;
import org.scicodecs.internal.Zstd;

/**
 * Checks an SZ3 3.3.2 payload in Java, so that SZ3's decoder, which trusts it, only ever sees a
 * payload that it reads within bounds, and says how to decode it ({@link Plan}).
 *
 * <p>Facts from SZ3 3.3.2's decoder that the checks follow ({@code SZ_decompress} in {@code
 * api/sz.hpp} and {@code SZDispatcher.hpp}):
 *
 * <ul>
 *   <li>Every algorithm's payload is {@code Lossless_zstd}: a u64 raw length and one zstd frame.
 *       SZ3 allocates the raw length it reads (or, for {@code ALGO_LOSSLESS}, decompresses into
 *       the output of {@code num * sizeof(T)} bytes with that length as capacity) and ignores
 *       {@code ZSTD_decompress}'s result. Here the length is bounded, the frame must be the whole
 *       rest of the payload and record that length, and it is decompressed (with the bundled
 *       libzstd, the same call SZ3 makes) to exactly that many bytes. A lossless payload is then
 *       the array itself: it is delivered from here and SZ3 is not called.
 *   <li>The lossy algorithms ({@code SZGenericCompressor::decompress}) read, from the raw bytes,
 *       the decomposition's fields and quantizer (with its unpredictable values), a Huffman tree,
 *       a u64 count of quantization indices and their Huffman bits; the decomposition then
 *       consumes the indices, taking the next unpredictable value (unchecked) for every index 0.
 *       Here every field is read with its bounds; the fields SZ3 indexes with must be in range;
 *       the dimensions the interpolation decoder writes by must be the stream's; every tree is
 *       checked ({@link Sz3Huffman}); every bit stream is decoded in Java, and the counts must be
 *       those the decoder consumes: exactly one index per value, one predictor selection per block
 *       (each naming an existing predictor), N+1 regression coefficients per block that uses
 *       regression; and the number of zero indices (plus anchor points) must equal the stored
 *       count of unpredictable values, per quantizer. The raw bytes must end where the last bit
 *       stream does. Beyond what safety needs, the checks also hold the stream to what SZ3's
 *       encoder writes (quantizer radius {@code quantbinCnt / 2}, bit streams exactly as long
 *       as their codes, canonical trees), which turns more corruption into an exception.
 *   <li>{@code ALGO_INTERP}, {@code ALGO_LORENZO_REG} (what the C wrapper writes) and {@code
 *       ALGO_NOPRED} are checked; {@code ALGO_BIOMD}, {@code ALGO_BIOMDXTC} and any other number
 *       are refused.
 *   <li>A stream written with SZ3's OpenMP mode holds a thread count, one configuration block
 *       and one size per chunk, then the chunks: slabs along the first axis, each an independent
 *       payload of the kinds above. Each chunk is checked the same way and decoded on its own.
 * </ul>
 *
 * <p>Thread-safe: stateless; each call has its own buffers.
 */
final class Sz3Payload {
  private Sz3Payload() {}

  /** How to decode a checked stream. */
  sealed interface Plan permits Native, Raw, Chunks {}

  /** SZ3 decodes the stream as it is. */
  record Native() implements Plan {}

  /** The stream is lossless: these are the array's bytes, exactly as SZ3 would return them. */
  record Raw(MemorySegment values) implements Plan {}

  /** An OpenMP stream, decoded chunk by chunk, in order along the first axis. */
  record Chunks(List<Chunk> chunks) implements Plan {}

  /**
   * One OpenMP chunk: its values start at {@code firstValue} (in values) of the array; {@code
   * stream} is the chunk as a stand-alone SZ3 stream for SZ3 to decode when its plan is {@link
   * Native}.
   */
  record Chunk(long firstValue, long[] dims, MemorySegment stream, Plan plan) {}

  /** Most raw bytes a lossy payload may hold per value byte (see {@link #maxRawLength}). */
  static final long RAW_BYTES_PER_VALUE_BYTE = 64;

  /**
   * Checks the payload of {@code s} (a native segment holding one whole stream) for {@code conf},
   * its trailing configuration block, decoded as {@code dtype}.
   *
   * @throws Sz3Exception if the payload is not one SZ3 3.3.2 can decode within bounds
   */
  static Plan check(MemorySegment s, Sz3Conf conf, DType dtype, Arena arena) {
    long payload = conf.offset() - Sz3.HEADER_BYTES;
    if (conf.openmp()) {
      return checkOpenMp(s, Sz3.HEADER_BYTES, payload, conf, dtype, arena);
    }
    return checkAlgorithm(s, Sz3.HEADER_BYTES, payload, conf, dtype, arena);
  }

  private static Plan checkAlgorithm(
      MemorySegment s, long at, long size, Sz3Conf conf, DType dtype, Arena arena) {
    int algorithm = conf.algorithm();
    long valueBytes = conf.num() * dtype.byteSize();
    switch (algorithm) {
      case Sz3Conf.ALGO_LOSSLESS -> {
        MemorySegment raw = unzstd(s, at, size, valueBytes, valueBytes, arena);
        return new Raw(raw.asSlice(0, valueBytes));
      }
      case Sz3Conf.ALGO_INTERP, Sz3Conf.ALGO_LORENZO_REG, Sz3Conf.ALGO_NOPRED -> {
        MemorySegment raw = unzstd(s, at, size, -1, maxRawLength(valueBytes), arena);
        Sz3Cursor c = new Sz3Cursor(raw, 0, raw.byteSize() - PADDING);
        int t = dtype.byteSize();
        switch (algorithm) {
          case Sz3Conf.ALGO_INTERP -> checkInterp(c, conf, t);
          case Sz3Conf.ALGO_LORENZO_REG -> checkLorenzoReg(c, conf, t);
          default -> checkNoPrediction(c, conf, t);
        }
        if (c.remaining() != 0) {
          throw new Sz3Exception("corrupt SZ3 stream: " + c.remaining()
              + " bytes after the quantization-index bit stream");
        }
        return new Native();
      }
      case Sz3Conf.ALGO_INTERP_LORENZO -> throw new Sz3Exception(
          "corrupt SZ3 stream: algorithm ALGO_INTERP_LORENZO recorded (SZ3 records the algorithm"
              + " it chose instead)");
      case Sz3Conf.ALGO_BIOMD, Sz3Conf.ALGO_BIOMDXTC -> throw new Sz3Exception(
          "SZ3 stream of algorithm " + Sz3Conf.algorithmName(algorithm) + ": not supported (only"
              + " ALGO_INTERP, ALGO_LORENZO_REG, ALGO_NOPRED and ALGO_LOSSLESS streams are checked"
              + " and decoded)");
      default -> throw new Sz3Exception(
          "corrupt SZ3 stream: unknown " + Sz3Conf.algorithmName(algorithm));
    }
  }

  /**
   * The bound on a lossy payload's raw length: whatever the algorithm, SZ3 stores per value at
   * most one unpredictable value, a quantization index of at most 8 bytes of Huffman code and,
   * for lorenzo-regression with blocks of one value, a predictor selection and N+1 regression
   * coefficients with their own unpredictable values; trees of at most two nodes (13 bytes each)
   * per distinct symbol. 64 bytes per value byte covers all of it (4 KiB for the fixed fields).
   */
  static long maxRawLength(long valueBytes) {
    long bound = valueBytes > (Long.MAX_VALUE - 4096) / RAW_BYTES_PER_VALUE_BYTE
        ? Long.MAX_VALUE : 4096 + RAW_BYTES_PER_VALUE_BYTE * valueBytes;
    return Math.min(bound, DecodeLimits.maxBytes());
  }

  /** Zero bytes after the raw payload, so that bit readers may load 8 bytes at any position. */
  static final int PADDING = 16;

  /**
   * SZ3's {@code Lossless_zstd::decompress}, checked: a u64 length, then one zstd frame filling
   * the rest of the payload and recording that length, decompressed to exactly that length.
   *
   * @param exact the length the payload must have, or -1
   * @param max the largest length allowed
   * @return a native segment of {@code length + PADDING} bytes: the raw bytes, then zeros
   */
  static MemorySegment unzstd(
      MemorySegment s, long at, long size, long exact, long max, Arena arena) {
    if (size <= 8) {
      throw new Sz3Exception("corrupt SZ3 stream: payload of " + size
          + " bytes, too short for SZ3's length and a zstd frame");
    }
    long length = s.get(Sz3Cursor.LE_LONG, at);
    if (exact >= 0 && length != exact) {
      throw new Sz3Exception("corrupt SZ3 stream: a lossless payload of "
          + Long.toUnsignedString(length) + " bytes for " + exact + " bytes of values");
    }
    if (length < 1) {
      throw new Sz3Exception("corrupt SZ3 stream: the payload records 0 raw bytes");
    }
    if (length > max) {
      throw new Sz3Exception("corrupt SZ3 stream: payload of " + Long.toUnsignedString(length)
          + " raw bytes, more than the " + max + " allowed for this array (see DecodeLimits)");
    }
    Zstd.require("checking an SZ3 payload", Sz3Exception::new);
    return Zstd.decompressFrame(s.asSlice(at + 8, size - 8), length, length, PADDING, arena,
        message -> new Sz3Exception("corrupt SZ3 stream: " + message));
  }

  // ---- the algorithms ----------------------------------------------------------------------

  /** A {@code LinearQuantizer<T>} as {@code load} reads it. */
  private record Quantizer(int radius, long unpredictable) {
    /** The quantization indices it produces: 0 (unpredictable) to 2 * radius - 1. */
    long symbolLimit() {
      return 2L * radius;
    }
  }

  private static Quantizer readQuantizer(Sz3Cursor c, int valueBytes, String what) {
    int uid = c.u8(what + " id");
    if (uid != 0b10) {
      throw new Sz3Exception("corrupt SZ3 stream: " + what + " id " + uid + ", SZ3 writes 2");
    }
    c.f64(what + " error bound");
    int radius = c.i32(what + " radius");
    if (radius < 1) {
      throw new Sz3Exception("corrupt SZ3 stream: " + what + " radius " + radius);
    }
    long unpredictable = c.u64(what + " unpredictable count");
    if (unpredictable < 0 || unpredictable > c.remaining() / valueBytes) {
      throw new Sz3Exception("corrupt SZ3 stream: " + Long.toUnsignedString(unpredictable) + " "
          + what + " unpredictable values, " + c.remaining() + " bytes left");
    }
    c.skip(unpredictable * valueBytes, what + " unpredictable values");
    return new Quantizer(radius, unpredictable);
  }

  /**
   * The quantizer of the values: SZ3 builds it with radius {@code quantbinCnt / 2} of the
   * configuration.
   */
  private static Quantizer readMainQuantizer(Sz3Cursor c, Sz3Conf conf, int valueBytes) {
    Quantizer q = readQuantizer(c, valueBytes, "quantizer");
    if (q.radius() != conf.quantBins() / 2) {
      throw new Sz3Exception("corrupt SZ3 stream: quantizer radius " + q.radius() + " for "
          + conf.quantBins() + " quantization bins");
    }
    return q;
  }

  /** The Huffman tree, index count and bit stream that end every lossy payload. */
  private static Sz3Huffman.Bits readIndices(Sz3Cursor c, Sz3Conf conf, Quantizer q) {
    Sz3Huffman tree =
        Sz3Huffman.read(c, "quantization-index Huffman tree", conf.num(), q.symbolLimit());
    long count = c.u64("quantization-index count");
    if (count != conf.num()) {
      throw new Sz3Exception("corrupt SZ3 stream: " + Long.toUnsignedString(count)
          + " quantization indices for " + conf.num() + " values");
    }
    return tree.stream(c, "quantization-index bit stream");
  }

  private static void requireUnpredictable(long needed, long stored, String what) {
    if (needed != stored) {
      throw new Sz3Exception("corrupt SZ3 stream: the " + what + " needs " + needed
          + " unpredictable values, " + stored + " are stored");
    }
  }

  /** {@code InterpolationDecomposition} ({@code ALGO_INTERP}). */
  private static void checkInterp(Sz3Cursor c, Sz3Conf conf, int valueBytes) {
    long[] dims = conf.dims();
    int n = dims.length;
    for (int i = 0; i < n; i++) {
      long d = c.u64("interpolation dimensions");
      if (d != dims[i]) {
        throw new Sz3Exception("corrupt SZ3 stream: the interpolation decoder would write an array"
            + " of dimension " + Long.toUnsignedString(d) + " on axis " + i + ", the stream holds "
            + Arrays.toString(dims));
      }
    }
    int blockSize = c.i32("interpolation block size");
    if (blockSize != 32) {
      throw new Sz3Exception(
          "corrupt SZ3 stream: interpolation block size " + blockSize + ", SZ3 3.3.2 writes 32");
    }
    int interpolator = c.i32("interpolator");
    if (interpolator != 0 && interpolator != 1) {
      throw new Sz3Exception("corrupt SZ3 stream: interpolator " + interpolator
          + " (0 linear, 1 cubic)");
    }
    int direction = c.i32("interpolation direction");
    int orders = factorial(n);
    // The 1-D decoder never looks the direction up; the others index a table of n! orders.
    if (n > 1 && (direction < 0 || direction >= orders)) {
      throw new Sz3Exception("corrupt SZ3 stream: interpolation direction " + direction + " of "
          + orders + " for " + n + " dimensions");
    }
    long anchor = c.u64("anchor stride");
    if (anchor != 0 && Long.bitCount(anchor) != 1) {
      throw new Sz3Exception("corrupt SZ3 stream: anchor stride " + Long.toUnsignedString(anchor)
          + " (SZ3 needs 0 or a power of 2)");
    }
    c.f64("interpolation alpha");
    c.f64("interpolation beta");
    Quantizer q = readMainQuantizer(c, conf, valueBytes);
    Sz3Huffman.Bits bits = readIndices(c, conf, q);
    // As the decoder's init(): anchors only if some dimension exceeds the stride. Every anchor
    // point takes an unpredictable value and skips its (unread) index; then every value is
    // predicted once, each index 0 taking one more unpredictable value.
    boolean anchored = false;
    for (long d : dims) {
      anchored |= Long.compareUnsigned(d, anchor) > 0;
    }
    long anchors = 0;
    if (anchored && anchor != 0) {
      anchors = 1;
      for (long d : dims) {
        anchors *= (d + anchor - 1) / anchor;
      }
    }
    bits.countZeros(anchors);
    long zeros = bits.countZeros(conf.num() - anchors);
    bits.finish();
    requireUnpredictable(anchors + zeros, q.unpredictable(), "interpolation decoder");
  }

  /** {@code NoPredictionDecomposition} ({@code ALGO_NOPRED}). */
  private static void checkNoPrediction(Sz3Cursor c, Sz3Conf conf, int valueBytes) {
    Quantizer q = readMainQuantizer(c, conf, valueBytes);
    Sz3Huffman.Bits bits = readIndices(c, conf, q);
    long zeros = bits.countZeros(conf.num());
    bits.finish();
    requireUnpredictable(zeros, q.unpredictable(), "no-prediction decoder");
  }

  /** A regression predictor's stored coefficients ({@code RegressionPredictor::load}). */
  private record Regression(long count, long independentUnpredictable, long linearUnpredictable,
      Sz3Huffman.Bits bits) {}

  private static Regression readRegression(Sz3Cursor c, int valueBytes, long maxCount) {
    long count = c.u64("regression coefficient count");
    if (count == 0) {
      return new Regression(0, 0, 0, null);
    }
    if (count < 0 || count > maxCount) {
      throw new Sz3Exception("corrupt SZ3 stream: " + Long.toUnsignedString(count)
          + " regression coefficients, at most " + maxCount + " for this array");
    }
    Quantizer independent =
        readQuantizer(c, valueBytes, "regression quantizer (independent term)");
    Quantizer linear = readQuantizer(c, valueBytes, "regression quantizer (linear terms)");
    Sz3Huffman tree = Sz3Huffman.read(c, "regression-coefficient Huffman tree", count,
        Math.max(independent.symbolLimit(), linear.symbolLimit()));
    return new Regression(count, independent.unpredictable(), linear.unpredictable(),
        tree.stream(c, "regression-coefficient bit stream"));
  }

  /**
   * {@code BlockwiseDecomposition} with the predictors {@code make_compressor_lorenzo_regression}
   * builds from the configuration flags ({@code ALGO_LORENZO_REG}).
   */
  private static void checkLorenzoReg(Sz3Cursor c, Sz3Conf conf, int valueBytes) {
    long[] dims = conf.dims();
    int n = dims.length;
    int methods = (conf.lorenzo() ? 1 : 0) + (conf.lorenzo2() ? 1 : 0) + (conf.regression() ? 1 : 0);
    if (methods == 0) {
      throw new Sz3Exception("corrupt SZ3 stream: lorenzo-regression stream with no predictor");
    }
    long blockSize = conf.blockSize();
    if (blockSize < 1) {
      throw new Sz3Exception("corrupt SZ3 stream: block size " + blockSize);
    }
    long[] perAxis = new long[n];
    boolean[] thinLast = new boolean[n];
    long blocks = 1;
    for (int i = 0; i < n; i++) {
      perAxis[i] = (dims[i] + blockSize - 1) / blockSize;
      thinLast[i] = dims[i] - (perAxis[i] - 1) * blockSize <= 1;
      blocks *= perAxis[i];
    }
    int regressionIndex = conf.regression() ? methods - 1 : -1;
    long maxCoefficients = (n + 1) * blocks;
    // Lorenzo predictors store nothing; the regression predictor (last in a composed list) its
    // coefficients; a composed predictor then its choice per block.
    Regression regression = conf.regression() ? readRegression(c, valueBytes, maxCoefficients) : null;
    Sz3Huffman.Bits selection = null;
    if (methods > 1) {
      long selections = c.u64("predictor selection count");
      if (selections != blocks) {
        throw new Sz3Exception("corrupt SZ3 stream: " + Long.toUnsignedString(selections)
            + " predictor selections for " + blocks + " blocks");
      }
      Sz3Huffman tree = Sz3Huffman.read(c, "predictor-selection Huffman tree", methods, methods);
      selection = tree.stream(c, "predictor-selection bit stream").expect(blocks);
    }
    Quantizer q = readMainQuantizer(c, conf, valueBytes);
    Sz3Huffman.Bits bits = readIndices(c, conf, q);

    // Blocks in the decoder's order (last axis fastest). A block with an axis of length 1 cannot
    // use regression: it falls back to a Lorenzo predictor, which with regression alone has no
    // padding and reads before the array, so SZ3 cannot decode such a stream safely.
    long regressionBlocks = 0;
    long[] index = new long[n];
    for (long b = 0; b < blocks && (selection != null || regressionIndex == 0); b++) {
      boolean thin = blockSize == 1;
      for (int i = 0; i < n && !thin; i++) {
        thin = thinLast[i] && index[i] == perAxis[i] - 1;
      }
      if (selection != null) {
        int sid = selection.next();
        if (sid < 0 || sid >= methods) {
          throw new Sz3Exception("corrupt SZ3 stream: block " + b + " selects predictor " + sid
              + " of " + methods);
        }
        if (sid == regressionIndex && !thin) {
          regressionBlocks++;
        }
      } else if (regressionIndex == 0) {
        if (thin) {
          throw new Sz3Exception("SZ3 stream of a regression-only predictor with a block of"
              + " thickness 1 (at block " + b + "): SZ3 3.3.2 reads outside the array decoding it");
        }
        regressionBlocks++;
      }
      for (int i = n - 1; i >= 0; i--) {
        if (++index[i] < perAxis[i]) {
          break;
        }
        index[i] = 0;
      }
    }
    if (selection != null) {
      selection.finish();
    }
    if (regression != null) {
      long expected = (n + 1) * regressionBlocks;
      if (regression.count() != expected) {
        throw new Sz3Exception("corrupt SZ3 stream: " + regression.count()
            + " regression coefficients for " + regressionBlocks + " regression blocks of "
            + (n + 1));
      }
      if (expected > 0) {
        Sz3Huffman.Bits coefficients = regression.bits().expect(expected);
        long linearZeros = 0, independentZeros = 0;
        for (long k = 0; k < expected; k++) {
          if (coefficients.next() == 0) {
            if (k % (n + 1) < n) {
              linearZeros++;
            } else {
              independentZeros++;
            }
          }
        }
        coefficients.finish();
        requireUnpredictable(linearZeros, regression.linearUnpredictable(),
            "regression quantizer (linear terms)");
        requireUnpredictable(independentZeros, regression.independentUnpredictable(),
            "regression quantizer (independent term)");
      }
    }
    long zeros = bits.countZeros(conf.num());
    bits.finish();
    requireUnpredictable(zeros, q.unpredictable(), "lorenzo-regression decoder");
  }

  private static int factorial(int n) {
    int f = 1;
    for (int i = 2; i <= n; i++) {
      f *= i;
    }
    return f;
  }

  // ---- OpenMP ------------------------------------------------------------------------------

  /**
   * {@code SZ_decompress_OMP}'s layout: i32 thread count, one configuration block per thread, one
   * u64 size per thread, the chunks. Thread t holds rows {@code [t * d0 / threads, (t + 1) * d0 /
   * threads)} of the first axis; its configuration must record exactly that slab (with SZ3's
   * length-1 axes dropped). SZ3 decodes the chunks in an OpenMP region, where one C++ exception
   * ends the process; here each chunk becomes a stand-alone stream, checked and decoded alone.
   */
  private static Plan checkOpenMp(
      MemorySegment s, long at, long size, Sz3Conf conf, DType dtype, Arena arena) {
    Sz3Cursor c = new Sz3Cursor(s, at, at + size);
    long[] dims = conf.dims();
    int threads = c.i32("OpenMP thread count");
    if (threads < 1 || threads > dims[0]) {
      throw new Sz3Exception("corrupt SZ3 stream: " + threads + " OpenMP chunks for "
          + dims[0] + " rows");
    }
    if (threads > c.remaining() / 8) {
      throw new Sz3Exception("corrupt SZ3 stream: " + threads + " OpenMP chunks in "
          + c.remaining() + " bytes");
    }
    Sz3Conf[] confs = new Sz3Conf[threads];
    for (int t = 0; t < threads; t++) {
      confs[t] = Sz3Conf.read(s, c.pos, c.end);
      c.pos += confs[t].size();
    }
    long[] sizes = new long[threads];
    long total = 0;
    for (int t = 0; t < threads; t++) {
      sizes[t] = c.u64("OpenMP chunk size");
      if (sizes[t] < 0 || sizes[t] > c.end - c.pos) {
        throw new Sz3Exception("corrupt SZ3 stream: OpenMP chunk of "
            + Long.toUnsignedString(sizes[t]) + " bytes");
      }
      total += sizes[t];
    }
    if (total != c.remaining()) {
      throw new Sz3Exception("corrupt SZ3 stream: OpenMP chunks of " + total + " bytes in "
          + c.remaining());
    }
    long rowValues = conf.num() / dims[0];
    List<Chunk> chunks = new ArrayList<>(threads);
    long chunkAt = c.pos;
    for (int t = 0; t < threads; t++) {
      long lo = t * dims[0] / threads, hi = (t + 1) * dims[0] / threads;
      long[] slab = dims.clone();
      slab[0] = hi - lo;
      long[] expected = Sz3.recordedDims(slab);
      if (!Arrays.equals(confs[t].dims(), expected)) {
        throw new Sz3Exception("corrupt SZ3 stream: OpenMP chunk " + t + " records dimensions "
            + Arrays.toString(confs[t].dims()) + ", its rows are " + Arrays.toString(expected));
      }
      MemorySegment stream = standalone(s, chunkAt, sizes[t], confs[t], arena);
      Sz3Conf own = Sz3Conf.read(stream, Sz3.HEADER_BYTES + sizes[t], stream.byteSize());
      Plan plan = checkAlgorithm(stream, Sz3.HEADER_BYTES, sizes[t], own, dtype, arena);
      chunks.add(new Chunk(lo * rowValues, expected, stream, plan));
      chunkAt += sizes[t];
    }
    return new Chunks(chunks);
  }

  /**
   * A chunk as the stream SZ3's serial decoder takes: header, the chunk, its configuration block
   * with the OpenMP flag cleared (which SZ3's OpenMP decoder ignores in chunk configurations).
   */
  private static MemorySegment standalone(
      MemorySegment s, long at, long size, Sz3Conf conf, Arena arena) {
    long length = Sz3.HEADER_BYTES + size + conf.size();
    MemorySegment out = NativeMemory.malloc(length, arena);
    MemorySegment.copy(s, 0, out, 0, 8); // magic and version
    out.set(Sz3Cursor.LE_LONG, 8, size);
    MemorySegment.copy(s, at, out, Sz3.HEADER_BYTES, size);
    MemorySegment.copy(s, conf.offset(), out, Sz3.HEADER_BYTES + size, conf.size());
    long flags = Sz3.HEADER_BYTES + size + (conf.flagsOffset() - conf.offset());
    out.set(ValueLayout.JAVA_BYTE, flags, (byte) (out.get(ValueLayout.JAVA_BYTE, flags) & ~0x08));
    return out;
  }
}
