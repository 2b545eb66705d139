package org.scicodecs.bindings.sz3;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scicodecs.bindings.sz3.sz3c_h.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.scicodecs.bindings.SmokeSupport;

/** One real compress/decompress through the SZ3 C API bindings (3-D float64, absolute bound). */
class Sz3BindingSmokeTest {

  @Test
  void absoluteBoundRoundTrip() {
    try (Arena arena = Arena.ofConfined()) {
      int nz = 16, ny = 20, nx = 24;
      long n = (long) nz * ny * nx;
      double bound = 1e-3;
      MemorySegment data = SmokeSupport.smoothDoubles(arena, nz, ny, nx);
      MemorySegment outSize = arena.allocate(JAVA_LONG);
      MemorySegment stream =
          SZ_compress_args(SZ_DOUBLE(), data, outSize, ABS(), bound, 0, 0, 0, 0, nz, ny, nx);
      assertNotEquals(MemorySegment.NULL, stream);
      long size = outSize.get(JAVA_LONG, 0);
      stream = stream.reinterpret(size);
      try {
        assertTrue(size > 16 && size < n * 8, "size " + size);
        // SZ3 3.3.x stream header: magic 0xF342F310 and data version 3.3.2, little-endian.
        assertEquals(0xF342F310, stream.get(JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN), 0));
        assertEquals(3, stream.get(JAVA_BYTE, 7));
        assertEquals(3, stream.get(JAVA_BYTE, 6));
        assertEquals(2, stream.get(JAVA_BYTE, 5));
        MemorySegment decoded = SZ_decompress(SZ_DOUBLE(), stream, size, 0, 0, nz, ny, nx);
        assertNotEquals(MemorySegment.NULL, decoded);
        decoded = decoded.reinterpret(n * 8);
        try {
          double err = SmokeSupport.maxAbsDiffDouble(data, decoded, n);
          assertTrue(err <= bound, "max error " + err);
        } finally {
          free_buf(decoded);
        }
      } finally {
        free_buf(stream);
      }
    }
  }
}
