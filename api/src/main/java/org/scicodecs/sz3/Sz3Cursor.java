package org.scicodecs.sz3;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A read position in a byte range of an SZ3 payload, with bounds-checked little-endian reads (as
 * SZ3's {@code read} writes them) and the few big-endian ones the Huffman header uses. Every read
 * past the range is an {@link Sz3Exception} naming the field.
 *
 * <p>Not thread-safe: one per validation.
 */
final class Sz3Cursor {
  static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  final MemorySegment segment;
  final long end;
  long pos;

  Sz3Cursor(MemorySegment segment, long pos, long end) {
    this.segment = segment;
    this.pos = pos;
    this.end = end;
  }

  long remaining() {
    return end - pos;
  }

  /** Fails unless {@code bytes} more bytes are there for {@code what}. */
  void need(long bytes, String what) {
    if (bytes < 0 || bytes > end - pos) {
      throw new Sz3Exception(
          "corrupt SZ3 stream: " + what + " needs " + (bytes < 0 ? Long.toUnsignedString(bytes) : bytes)
              + " bytes at offset " + pos + ", " + (end - pos) + " left");
    }
  }

  int u8(String what) {
    need(1, what);
    return segment.get(ValueLayout.JAVA_BYTE, pos++) & 0xff;
  }

  int i32(String what) {
    need(4, what);
    int v = segment.get(LE_INT, pos);
    pos += 4;
    return v;
  }

  int i32be(String what) {
    need(4, what);
    int v = segment.get(BE_INT, pos);
    pos += 4;
    return v;
  }

  /** A u64 (SZ3's size_t) as a signed long: callers compare it with sizes they trust. */
  long u64(String what) {
    need(8, what);
    long v = segment.get(LE_LONG, pos);
    pos += 8;
    return v;
  }

  double f64(String what) {
    return Double.longBitsToDouble(u64(what));
  }

  void skip(long bytes, String what) {
    need(bytes, what);
    pos += bytes;
  }
}
