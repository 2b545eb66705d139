package org.scicodecs.bindings.pcodec;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scicodecs.bindings.pcodec.cpcodec_h.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** One real compress/decompress through our pcodec C ABI (int32, level 8, default paging). */
class PcodecBindingSmokeTest {

  @Test
  void int32RoundTripIsExactAndWithinTheGuarantee() {
    try (Arena arena = Arena.ofConfined()) {
      int n = 10_000;
      MemorySegment data = arena.allocate(JAVA_INT, n);
      for (int i = 0; i < n; i++) {
        data.setAtIndex(JAVA_INT, i, 100_000 + i * 3 + (i * 7919) % 11);
      }
      byte dtype = (byte) PCO_TYPE_I32();
      long bound = pco_standalone_guarantee_file_size(n, dtype);
      assertTrue(bound > 0);
      MemorySegment config = PcoChunkConfig.allocate(arena);
      PcoChunkConfig.compression_level(config, 8);
      PcoChunkConfig.max_page_n(config, 0);
      MemorySegment dst = arena.allocate(bound);
      MemorySegment written = arena.allocate(JAVA_LONG);
      assertEquals(PcoSuccess(),
          pco_standalone_simple_compress_into(data, n, dtype, config, dst, bound, written));
      long size = written.get(JAVA_LONG, 0);
      assertTrue(size > 0 && size < data.byteSize() / 2, "size " + size);
      assertEquals("pco!", dst.getString(0).substring(0, 4));

      MemorySegment recordedType = arena.allocate(JAVA_BYTE);
      MemorySegment hint = arena.allocate(JAVA_LONG);
      assertEquals(PcoSuccess(), pco_standalone_file_info(dst, size, recordedType, hint));
      assertEquals(dtype, recordedType.get(JAVA_BYTE, 0));
      assertEquals(n, hint.get(JAVA_LONG, 0));

      MemorySegment out = arena.allocate(JAVA_INT, n);
      MemorySegment count = arena.allocate(JAVA_LONG);
      assertEquals(PcoSuccess(),
          pco_standalone_simple_decompress_into(dst, size, dtype, out, n, count));
      assertEquals(n, count.get(JAVA_LONG, 0));
      assertEquals(-1, data.mismatch(out));
      assertEquals("pco 1.0.3", pco_version().reinterpret(64).getString(0));
    }
  }

  @Test
  void truncatedStreamIsAnErrorCode() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment data = arena.allocate(JAVA_INT, 100);
      for (int i = 0; i < 100; i++) {
        data.setAtIndex(JAVA_INT, i, i * i);
      }
      byte dtype = (byte) PCO_TYPE_I32();
      long bound = pco_standalone_guarantee_file_size(100, dtype);
      MemorySegment dst = arena.allocate(bound);
      MemorySegment written = arena.allocate(JAVA_LONG);
      assertEquals(PcoSuccess(), pco_standalone_simple_compress_into(
          data, 100, dtype, MemorySegment.NULL, dst, bound, written));
      long size = written.get(JAVA_LONG, 0);
      MemorySegment out = arena.allocate(JAVA_INT, 100);
      MemorySegment count = arena.allocate(JAVA_LONG);
      assertEquals(PcoDecompressionError(),
          pco_standalone_simple_decompress_into(dst, size / 2, dtype, out, 100, count));
    }
  }
}
