package org.scicodecs.sperr;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.scicodecs.DType;
import org.scicodecs.internal.Check;

/**
 * What a SPERR stream's header says, read and checked in Java ({@link Sperr#readHeader}): the
 * version byte, whether the stream is 3-D, the dtype, the shape in C order, and for 3-D streams
 * the chunk shape and the length of each chunk's bitstream.
 *
 * <p>Thread-safe: an immutable record (arrays are copied in and out).
 *
 * {@snippet :
 * SperrHeader h = Sperr.readHeader(MemorySegment.ofArray(stream));
 * long[] shape = h.shape(); // (dimy, dimx) or (dimz, dimy, dimx)
 * }
 *
 * @param version SPERR's major version (byte 0; 0 for SPERR 0.8)
 * @param threeD flag 0x40: a 3-D stream (decoded by {@code sperr_decomp_3d})
 * @param dtype FLOAT32 (flag 0x20) or FLOAT64
 * @param shape {@code (dimy, dimx)} or {@code (dimz, dimy, dimx)}
 * @param chunks 3-D: the chunk shape {@code (cz, cy, cx)} (the whole volume for one chunk); 2-D:
 *     null
 * @param chunkLengths 3-D: the bytes of each chunk's bitstream, in stream order; 2-D: empty
 * @param headerLength the header's size in bytes (10 for 2-D; 14 or 20 plus 4 per chunk for 3-D)
 */
public record SperrHeader(
    int version,
    boolean threeD,
    DType dtype,
    long[] shape,
    long[] chunks,
    long[] chunkLengths,
    long headerLength) {

  /** SPERR's major version this library reads. */
  static final int VERSION = 0;

  static final int FLAG_3D = 0x40;
  static final int FLAG_FLOAT = 0x20;
  static final int FLAG_MULTI_CHUNK = 0x10;
  static final long HEADER_2D = 10;
  private static final long HEADER_3D_ONE_CHUNK = 14;
  private static final long HEADER_3D_CHUNKS = 20;

  private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong U64 =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfShort U16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

  /** Copies the arrays. */
  public SperrHeader {
    shape = shape.clone();
    chunks = chunks == null ? null : chunks.clone();
    chunkLengths = chunkLengths.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public long[] chunks() {
    return chunks == null ? null : chunks.clone();
  }

  @Override
  public long[] chunkLengths() {
    return chunkLengths.clone();
  }

  /** The decoded array's size in bytes. */
  public long decodedBytes() {
    long n = dtype.byteSize();
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  /**
   * Reads and checks the header. For 3-D streams the chunk table must add up to exactly the
   * stream's length (SPERR's own decoder demands it); 2-D streams must hold the header and at
   * least the 17 bytes of SPERR's conditioner after it.
   *
   * @throws SperrException for anything a SPERR 0.8 decoder would misread
   */
  static SperrHeader parse(MemorySegment s) {
    long length = s.byteSize();
    if (length < 2) {
      throw new SperrException("truncated SPERR stream: " + length + " bytes, no header");
    }
    int version = Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, 0));
    int flags = Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, 1));
    if (version != VERSION) {
      throw new SperrException(
          "not a SPERR 0.8 stream: version byte " + version + " (expected " + VERSION + ")");
    }
    boolean threeD = (flags & FLAG_3D) != 0;
    DType dtype = (flags & FLAG_FLOAT) != 0 ? DType.FLOAT32 : DType.FLOAT64;
    boolean multi = (flags & FLAG_MULTI_CHUNK) != 0;
    if (!threeD) {
      if (multi) {
        throw new SperrException("invalid SPERR header: the multi-chunk flag on a 2-D stream");
      }
      if (length < HEADER_2D + Sperr.MIN_BODY) {
        throw new SperrException(
            "truncated SPERR stream: " + length + " bytes, a 2-D stream has at least "
                + (HEADER_2D + Sperr.MIN_BODY));
      }
      long dimx = u32(s, 2);
      long dimy = u32(s, 6);
      long[] shape = {dimy, dimx};
      checkDims(shape, dtype);
      checkBody(s, HEADER_2D, length - HEADER_2D, dimx * dimy);
      return new SperrHeader(version, false, dtype, shape, null, new long[0], HEADER_2D);
    }
    if (length < HEADER_3D_ONE_CHUNK + 4) {
      throw new SperrException("truncated SPERR stream: " + length + " bytes, no full 3-D header");
    }
    long dimx = u32(s, 2), dimy = u32(s, 6), dimz = u32(s, 10);
    long[] shape = {dimz, dimy, dimx};
    checkDims(shape, dtype);
    long[] vol = {dimx, dimy, dimz};
    long[] chunk = vol.clone();
    long pos = HEADER_3D_ONE_CHUNK;
    if (multi) {
      if (length < HEADER_3D_CHUNKS + 4) {
        throw new SperrException("truncated SPERR stream: " + length + " bytes, no chunk table");
      }
      for (int i = 0; i < 3; i++) {
        chunk[i] = Short.toUnsignedInt(s.get(U16, 14 + 2L * i));
        if (chunk[i] == 0) {
          throw new SperrException("invalid SPERR header: chunk size 0");
        }
      }
      pos = HEADER_3D_CHUNKS;
    }
    // sperr::chunk_volume: a remainder longer than half a chunk makes another chunk.
    long count = 1;
    long[] segments = new long[3];
    for (int i = 0; i < 3; i++) {
      long n = vol[i] / chunk[i];
      if (vol[i] % chunk[i] > chunk[i] / 2) {
        n++;
      }
      segments[i] = Math.max(1, n);
      count *= segments[i];
      if (count > (length - pos) / 4) {
        throw new SperrException(
            "invalid or truncated SPERR stream: the header's " + Arrays.toString(shape)
                + " volume in chunks of " + Arrays.toString(reversed(chunk)) + " needs a chunk table"
                + " longer than the stream's " + length + " bytes");
      }
    }
    if (multi != (count > 1)) {
      throw new SperrException(
          "invalid SPERR header: multi-chunk flag " + multi + " but " + count + " chunk(s)");
    }
    long headerLength = pos + 4 * count;
    long[] lengths = new long[(int) count];
    long total = headerLength;
    for (int i = 0; i < count; i++) {
      lengths[i] = u32(s, pos + 4L * i);
      total += lengths[i];
    }
    if (total != length) {
      throw new SperrException(
          (total > length ? "truncated SPERR stream: the chunk table needs " : "invalid SPERR stream: the chunk table adds up to ")
              + total + " bytes, the stream has " + length);
    }
    long offset = headerLength;
    int i = 0;
    // Chunks in SPERR's order (x fastest); each spans chunk[a] values along axis a, the last one
    // along an axis up to the volume's end.
    for (long z = 0; z < segments[2]; z++) {
      for (long y = 0; y < segments[1]; y++) {
        for (long x = 0; x < segments[0]; x++) {
          long values = span(x, segments[0], chunk[0], vol[0]) * span(y, segments[1], chunk[1], vol[1])
              * span(z, segments[2], chunk[2], vol[2]);
          checkBody(s, offset, lengths[i], values);
          offset += lengths[i++];
        }
      }
    }
    return new SperrHeader(version, true, dtype, shape, reversed(chunk), lengths, headerLength);
  }

  /** The length of segment {@code k} of {@code n} along an axis of {@code size} in chunks of {@code chunk}. */
  private static long span(long k, long n, long chunk, long size) {
    return k + 1 < n ? chunk : size - k * chunk;
  }

  /**
   * Checks one SPERR bitstream (a 2-D body or a 3-D chunk) as SPERR's {@code SPECK_FLT} reads it:
   * 17 bytes of conditioner (a constant field ends there), then a SPECK stream (bit planes u8,
   * bit count u64 LE, the bits), then optionally an outlier stream of the same form. The SPECK
   * stream may be shorter than its bit count says (rate mode and progressive access cut it; SPERR
   * pads with zeros), but its 9-byte header must be there (SPERR's length arithmetic underflows
   * without it and reads past the buffer), and the bit count must be plausible for the number of
   * values (SPERR reserves memory for all of them).
   *
   * @param values the number of values the whole array has
   */
  static void checkBody(MemorySegment s, long offset, long length, long values) {
    if (length < Sperr.MIN_BODY) {
      throw new SperrException(
          "truncated SPERR stream: a bitstream of " + length + " bytes, at least " + Sperr.MIN_BODY
              + " are needed");
    }
    boolean constant = (s.get(ValueLayout.JAVA_BYTE, offset) & 0x01) != 0;
    if (constant) {
      if (length != Sperr.MIN_BODY) {
        throw new SperrException(
            "invalid SPERR stream: a constant field's bitstream has " + Sperr.MIN_BODY
                + " bytes, not " + length);
      }
      // SPERR fills a vector of this many values before it looks at the dimensions: a forged
      // count is an allocation of up to 2^64 doubles (found by scripts/fuzz).
      long count = s.get(U64, offset + 1);
      if (count != values) {
        throw new SperrException("corrupt SPERR stream: a constant field of "
            + Long.toUnsignedString(count) + " values where the header says " + values);
      }
      return;
    }
    long pos = Sperr.MIN_BODY;
    long maxBits = MAX_BITS_PER_VALUE * values + 8 * length;
    long speck = speckLength(s, offset + pos, length - pos, maxBits);
    pos += speck;
    if (pos + 9 <= length) {
      long outlier = speckLength(s, offset + pos, length - pos, maxBits);
      if (outlier < length - pos) {
        throw new SperrException("corrupt SPERR stream: bytes after the outlier bitstream");
      }
    }
  }

  /** SPECK codes at most a few bits per value and bit plane: 64 planes, generously. */
  private static final long MAX_BITS_PER_VALUE = 64 * 8;

  /** The full length a SPECK stream's header at {@code offset} claims. */
  private static long speckLength(MemorySegment s, long offset, long available, long maxBits) {
    if (available < 9) {
      throw new SperrException(
          "truncated SPERR stream: a SPECK header needs 9 bytes, " + available + " are left");
    }
    int planes = Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, offset));
    long bits = s.get(U64, offset + 1);
    // SPERR writes no bit planes exactly when it writes no bits; its decoder reads the first bit
    // of a plane unchecked, so planes over an empty bit stream read an empty buffer (found by
    // scripts/fuzz as a crash in Bitstream::rbit).
    if (planes > 64 || bits < 0 || bits > maxBits || (planes == 0) != (bits == 0)) {
      throw new SperrException(
          "corrupt SPERR stream: a SPECK header claims " + planes + " bit planes and "
              + Long.toUnsignedString(bits) + " bits");
    }
    return 9 + (bits + 7) / 8;
  }

  /** Every size at least 1, and at most 2^32 - 1 values in all (what SPERR's encoder accepts). */
  static void checkDims(long[] shape, DType dtype) {
    long n = 1;
    for (long d : shape) {
      if (d < 1) {
        throw new SperrException("invalid SPERR header: shape " + Arrays.toString(shape));
      }
      n = Check.saturatedProduct(n, d);
      if (n > 0xffff_ffffL) {
        throw new SperrException(
            "invalid SPERR header: shape " + Arrays.toString(shape) + " has more than 2^32 - 1 values");
      }
    }
  }

  private static long u32(MemorySegment s, long offset) {
    return Integer.toUnsignedLong(s.get(U32, offset));
  }

  static long[] reversed(long[] a) {
    long[] r = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[a.length - 1 - i];
    }
    return r;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SperrHeader h
        && version == h.version
        && threeD == h.threeD
        && dtype == h.dtype
        && Arrays.equals(shape, h.shape)
        && Arrays.equals(chunks, h.chunks)
        && Arrays.equals(chunkLengths, h.chunkLengths)
        && headerLength == h.headerLength;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape) * 31 + Arrays.hashCode(chunkLengths) + dtype.hashCode();
  }

  @Override
  public String toString() {
    return "SperrHeader[version=" + version + ", threeD=" + threeD + ", dtype=" + dtype
        + ", shape=" + Arrays.toString(shape) + ", chunks=" + Arrays.toString(chunks)
        + ", chunkLengths=" + chunkLengths.length + " chunks, headerLength=" + headerLength + "]";
  }
}
