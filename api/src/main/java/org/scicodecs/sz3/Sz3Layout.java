package org.scicodecs.sz3;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;

/**
 * The two byte layouts of an SZ3 stream, and the conversion between them.
 *
 * <p>SZ3 data format 3.3.2 (what the bundled SZ3 writes and reads): a 16-byte header — magic
 * {@code 10 F3 42 F3}, version {@code 00 02 03 03}, u64 payload length — then the payload, then the
 * configuration block: one size byte ({@code 1 + body}) and the configuration body.
 *
 * <p>SZ3 data format 3.3.0 (what the imagecodecs 2026.3.6 PyPI wheel writes and reads): the
 * configuration first — one size byte ({@code 9 + body}), the magic, version {@code 00 00 03 03},
 * the configuration body — then the payload, to the end of the stream.
 *
 * <p>The configuration body and the payload are the same bytes in both (compared byte for byte for
 * every mode, dtype and rank the C API offers, see {@code Sz3InteropTest}), so a stream converts
 * losslessly either way; only the framing differs. That is what lets {@link Sz3#decode} read the
 * wheel's streams and {@link Sz3Options#withFormat} write streams the wheel reads.
 *
 * <p>Thread-safe: stateless.
 */
final class Sz3Layout {
  private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED;

  /** Data format 3.3.0's version word (bytes {@code 00 00 03 03}). */
  static final int VERSION_330 = 0x03030000;

  /** Data format 3.3.2's version word (bytes {@code 00 02 03 03}). */
  static final int VERSION_332 = 0x03030200;

  /** Bytes before the configuration body in a 3.3.0 stream: size, magic, version. */
  static final int LEGACY_PREFIX = 9;

  private Sz3Layout() {}

  /** Whether the bytes start like a 3.3.0 stream: magic at offset 1, version 3.3.0. */
  static boolean isLegacy(MemorySegment s) {
    return s.byteSize() >= LEGACY_PREFIX
        && s.get(LE_INT, 1) == Sz3.MAGIC
        && s.get(LE_INT, 5) == VERSION_330;
  }

  /**
   * A 3.3.0 stream rearranged as the 3.3.2 stream with the same configuration and payload, from
   * the allocator.
   *
   * @throws Sz3Exception if the configuration size byte does not fit the stream
   */
  static MemorySegment toCurrent(MemorySegment legacy, SegmentAllocator allocator) {
    int size = Byte.toUnsignedInt(legacy.get(ValueLayout.JAVA_BYTE, 0));
    if (size <= LEGACY_PREFIX || size > legacy.byteSize()) {
      throw new Sz3Exception("corrupt SZ3 3.3.0 stream: configuration size " + size + " in a "
          + legacy.byteSize() + "-byte stream");
    }
    long body = size - LEGACY_PREFIX;
    long payload = legacy.byteSize() - size;
    MemorySegment out = allocator.allocate(Sz3.HEADER_BYTES + payload + 1 + body, 8);
    out.set(LE_INT, 0, Sz3.MAGIC);
    out.set(LE_INT, 4, VERSION_332);
    out.set(LE_LONG, 8, payload);
    MemorySegment.copy(legacy, size, out, Sz3.HEADER_BYTES, payload);
    out.set(ValueLayout.JAVA_BYTE, Sz3.HEADER_BYTES + payload, (byte) (1 + body));
    MemorySegment.copy(legacy, LEGACY_PREFIX, out, Sz3.HEADER_BYTES + payload + 1, body);
    return out;
  }

  /**
   * A 3.3.2 stream, already checked by {@link Sz3#readHeader}, rearranged as the 3.3.0 stream with
   * the same configuration and payload, from the allocator.
   */
  static MemorySegment toLegacy(MemorySegment current, SegmentAllocator allocator) {
    long payload = current.get(LE_LONG, 8);
    long conf = Sz3.HEADER_BYTES + payload;
    long body = current.byteSize() - conf - 1;
    if (LEGACY_PREFIX + body > 0xff) {
      throw new Sz3Exception("SZ3 configuration of " + body + " bytes does not fit data format 3.3.0");
    }
    MemorySegment out = allocator.allocate(LEGACY_PREFIX + body + payload, 8);
    out.set(ValueLayout.JAVA_BYTE, 0, (byte) (LEGACY_PREFIX + body));
    out.set(LE_INT, 1, Sz3.MAGIC);
    out.set(LE_INT, 5, VERSION_330);
    MemorySegment.copy(current, conf + 1, out, LEGACY_PREFIX, body);
    MemorySegment.copy(current, Sz3.HEADER_BYTES, out, LEGACY_PREFIX + body, payload);
    return out;
  }
}
