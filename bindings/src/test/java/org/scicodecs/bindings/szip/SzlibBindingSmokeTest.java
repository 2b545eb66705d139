package org.scicodecs.bindings.szip;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.scicodecs.bindings.szip.szlib_h.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The canonical SZIP stream (numcodecs PR 422, imagecodecs' test_szip_canonical) decoded and
 * re-encoded through the szlib bindings: 256 uint16 ones, options mask 141, 32 pixels per block.
 */
class SzlibBindingSmokeTest {
  private static final byte[] CANONICAL = canonical();

  private static byte[] canonical() {
    byte[] unit = "\u0015UUUUUUUQUUUUUUUU".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] s = new byte[unit.length * 4];
    for (int i = 0; i < 4; i++) {
      System.arraycopy(unit, 0, s, i * unit.length, unit.length);
    }
    return s; // without the 4-byte HDF5 size header
  }

  @Test
  void canonicalStreamDecodesAndReencodesByteIdentically() {
    assertEquals(68, CANONICAL.length);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment param = SZ_com_t.allocate(arena);
      SZ_com_t.options_mask(param, SZ_ALLOW_K13_OPTION_MASK() | SZ_EC_OPTION_MASK()
          | SZ_LSB_OPTION_MASK() | SZ_RAW_OPTION_MASK());
      assertEquals(141, SZ_com_t.options_mask(param));
      SZ_com_t.bits_per_pixel(param, 16);
      SZ_com_t.pixels_per_block(param, 32);
      SZ_com_t.pixels_per_scanline(param, 256);

      MemorySegment src = arena.allocateFrom(ValueLayout.JAVA_BYTE, CANONICAL);
      MemorySegment dst = arena.allocate(512);
      MemorySegment dstLen = arena.allocate(JAVA_LONG);
      dstLen.set(JAVA_LONG, 0, dst.byteSize());
      assertEquals(SZ_OK(), SZ_BufftoBuffDecompress(dst, dstLen, src, src.byteSize(), param));
      assertEquals(512, dstLen.get(JAVA_LONG, 0));
      short[] ones = new short[256];
      Arrays.fill(ones, (short) 1);
      assertArrayEquals(ones, dst.toArray(JAVA_SHORT));

      assertEquals(1, SZ_encoder_enabled());
      MemorySegment encoded = arena.allocate(1024);
      MemorySegment encodedLen = arena.allocate(JAVA_LONG);
      encodedLen.set(JAVA_LONG, 0, encoded.byteSize());
      assertEquals(SZ_OK(), SZ_BufftoBuffCompress(encoded, encodedLen, dst, 512, param));
      assertArrayEquals(CANONICAL,
          encoded.asSlice(0, encodedLen.get(JAVA_LONG, 0)).toArray(ValueLayout.JAVA_BYTE));
    }
  }
}
