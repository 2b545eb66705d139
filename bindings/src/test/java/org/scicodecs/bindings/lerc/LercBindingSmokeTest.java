package org.scicodecs.bindings.lerc;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scicodecs.bindings.lerc.Lerc_c_api_h.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One real lossless encode/decode through the LERC bindings (uint16 raster, codec v4). */
class LercBindingSmokeTest {
  private static final int DT_USHORT = 3;

  @Test
  void losslessUint16RasterRoundTrip() {
    try (Arena arena = Arena.ofConfined()) {
      int rows = 50, cols = 70;
      MemorySegment data = arena.allocate(JAVA_SHORT, (long) rows * cols);
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          data.setAtIndex(JAVA_SHORT, (long) r * cols + c, (short) (1000 + 7 * r + 3 * c + (r * c) % 5));
        }
      }
      MemorySegment size = arena.allocate(JAVA_INT);
      assertEquals(0, lerc_computeCompressedSizeForVersion(
          data, 4, DT_USHORT, 1, cols, rows, 1, 0, MemorySegment.NULL, 0.0, size));
      int capacity = size.get(JAVA_INT, 0);
      MemorySegment blob = arena.allocate(capacity);
      MemorySegment written = arena.allocate(JAVA_INT);
      assertEquals(0, lerc_encodeForVersion(
          data, 4, DT_USHORT, 1, cols, rows, 1, 0, MemorySegment.NULL, 0.0, blob, capacity, written));
      int blobSize = written.get(JAVA_INT, 0);
      assertEquals(capacity, blobSize, "the size pre-pass is exact");
      assertEquals("Lerc2 ", new String(blob.asSlice(0, 6).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
          StandardCharsets.US_ASCII));

      MemorySegment info = arena.allocate(JAVA_INT, 9);
      MemorySegment ranges = arena.allocate(JAVA_DOUBLE, 3);
      assertEquals(0, lerc_getBlobInfo(blob, blobSize, info, ranges, 9, 3));
      int[] expectedInfo = {4, DT_USHORT, 1, cols, rows, 1, rows * cols, blobSize, 0};
      assertArrayEquals(expectedInfo, info.toArray(JAVA_INT));

      MemorySegment out = arena.allocate(JAVA_SHORT, (long) rows * cols);
      assertEquals(0, lerc_decode(blob, blobSize, 0, MemorySegment.NULL, 1, cols, rows, 1, DT_USHORT, out));
      assertEquals(-1, data.mismatch(out));
      assertTrue(LERC_VERSION_MAJOR() >= 4);
    }
  }
}
