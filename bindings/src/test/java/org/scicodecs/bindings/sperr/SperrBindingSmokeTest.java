package org.scicodecs.bindings.sperr;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scicodecs.bindings.sperr.SPERR_C_API_h.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.scicodecs.bindings.SmokeSupport;

/** One real compress/decompress through the SPERR bindings, 2-D and 3-D. */
class SperrBindingSmokeTest {
  private static final int MODE_PWE = 3;

  @Test
  void pointwiseErrorRoundTrip2dHoldsTheBound() {
    try (Arena arena = Arena.ofConfined()) {
      int ny = 48, nx = 64;
      double tolerance = 1e-3;
      MemorySegment data = SmokeSupport.smoothFloats(arena, 1, ny, nx);
      MemorySegment dst = arena.allocate(ADDRESS);
      MemorySegment dstLen = arena.allocate(JAVA_LONG);
      assertEquals(0, sperr_comp_2d(data, 1, nx, ny, MODE_PWE, tolerance, 1, dst, dstLen));
      long len = dstLen.get(JAVA_LONG, 0);
      MemorySegment stream = dst.get(ADDRESS, 0).reinterpret(len);
      try {
        assertEquals(0x20, stream.get(JAVA_BYTE, 1), "2-D float32 header flags");
        MemorySegment dims = arena.allocate(JAVA_LONG, 3);
        MemorySegment isFloat = arena.allocate(JAVA_INT);
        sperr_parse_header(stream, dims, dims.asSlice(8), dims.asSlice(16), isFloat);
        assertEquals(nx, dims.getAtIndex(JAVA_LONG, 0));
        assertEquals(ny, dims.getAtIndex(JAVA_LONG, 1));
        assertEquals(1, dims.getAtIndex(JAVA_LONG, 2));
        assertEquals(1, isFloat.get(JAVA_INT, 0));

        MemorySegment out = arena.allocate(ADDRESS);
        final int header = 10;
        assertEquals(0, sperr_decomp_2d(stream.asSlice(header), len - header, 1, nx, ny, out));
        MemorySegment decoded = out.get(ADDRESS, 0).reinterpret((long) nx * ny * 4);
        try {
          double err = SmokeSupport.maxAbsDiffFloat(data, decoded, (long) nx * ny);
          assertTrue(err <= tolerance, "max error " + err);
        } finally {
          SmokeSupport.free(decoded);
        }
      } finally {
        SmokeSupport.free(stream);
      }
    }
  }

  @Test
  void pointwiseErrorRoundTrip3dHoldsTheBound() {
    try (Arena arena = Arena.ofConfined()) {
      int nz = 20, ny = 24, nx = 32;
      long n = (long) nz * ny * nx;
      double tolerance = 1e-4;
      MemorySegment data = SmokeSupport.smoothFloats(arena, nz, ny, nx);
      MemorySegment dst = arena.allocate(ADDRESS);
      MemorySegment dstLen = arena.allocate(JAVA_LONG);
      assertEquals(
          0, sperr_comp_3d(data, 1, nx, ny, nz, 16, 16, 16, MODE_PWE, tolerance, 2, dst, dstLen));
      long len = dstLen.get(JAVA_LONG, 0);
      MemorySegment stream = dst.get(ADDRESS, 0).reinterpret(len);
      try {
        assertEquals(0x40 | 0x20 | 0x10, stream.get(JAVA_BYTE, 1), "3-D, float32, chunked");
        MemorySegment dims = arena.allocate(JAVA_LONG, 3);
        MemorySegment out = arena.allocate(ADDRESS);
        assertEquals(
            0, sperr_decomp_3d(stream, len, 1, 2, dims, dims.asSlice(8), dims.asSlice(16), out));
        assertEquals(nx, dims.getAtIndex(JAVA_LONG, 0));
        assertEquals(ny, dims.getAtIndex(JAVA_LONG, 1));
        assertEquals(nz, dims.getAtIndex(JAVA_LONG, 2));
        MemorySegment decoded = out.get(ADDRESS, 0).reinterpret(n * JAVA_FLOAT.byteSize());
        try {
          double err = SmokeSupport.maxAbsDiffFloat(data, decoded, n);
          assertTrue(err <= tolerance, "max error " + err);
        } finally {
          SmokeSupport.free(decoded);
        }
      } finally {
        SmokeSupport.free(stream);
      }
    }
  }

  @Test
  void versionConstantsComeFromTheBuild() {
    assertEquals("0.8.5", SPERR_VERSION_MAJOR() + "." + SPERR_VERSION_MINOR() + "." + SPERR_VERSION_PATCH());
  }
}
