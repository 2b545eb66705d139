package org.scicodecs.bindings.zfp;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scicodecs.bindings.zfp.bitstream_h.stream_close;
import static org.scicodecs.bindings.zfp.bitstream_h.stream_open;
import static org.scicodecs.bindings.zfp.zfp_h.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.scicodecs.bindings.SmokeSupport;

/** One real compress/decompress through the zfp bindings: proves loading and signatures. */
class ZfpBindingSmokeTest {

  @Test
  void libraryReportsTheVersionItWasBuiltFrom() {
    assertEquals(ZFP_VERSION_MAJOR(), zfp_library_version() >> 12);
    assertEquals("1.0.1", ZFP_VERSION_STRING().getString(0));
    assertTrue(zfp_version_string().reinterpret(64).getString(0).contains("1.0.1"));
    assertEquals(64, bitstream_h.stream_word_bits(), "imagecodecs-compatible 64-bit stream words");
  }

  @Test
  void reversibleRoundTripWithFullHeaderIsExact() {
    try (Arena arena = Arena.ofConfined()) {
      int nz = 9, ny = 17, nx = 23;
      long n = (long) nz * ny * nx;
      MemorySegment data = SmokeSupport.smoothDoubles(arena, nz, ny, nx);

      MemorySegment zfp = zfp_stream_open(MemorySegment.NULL);
      MemorySegment field = zfp_field_3d(data, zfp_type_double(), nx, ny, nz);
      zfp_stream_set_reversible(zfp);
      long capacity = zfp_stream_maximum_size(zfp, field);
      assertTrue(capacity > 0);
      MemorySegment buffer = arena.allocate(capacity, 8);
      MemorySegment stream = stream_open(buffer, capacity);
      zfp_stream_set_bit_stream(zfp, stream);
      zfp_stream_rewind(zfp);
      assertEquals(1, zfp_stream_set_execution(zfp, zfp_exec_omp()), "built with OpenMP");
      assertNotEquals(0, zfp_write_header(zfp, field, ZFP_HEADER_FULL()));
      long size = zfp_compress(zfp, field);
      assertTrue(size > 0 && size <= capacity && size % 8 == 0, "size " + size);
      assertEquals(zfp_mode_reversible(), zfp_stream_compression_mode(zfp));
      zfp_field_free(field);
      zfp_stream_close(zfp);
      stream_close(stream);
      assertEquals('z', buffer.get(JAVA_BYTE, 0));

      MemorySegment out = arena.allocate(JAVA_DOUBLE, n);
      zfp = zfp_stream_open(MemorySegment.NULL);
      field = zfp_field_alloc();
      stream = stream_open(buffer, size);
      zfp_stream_set_bit_stream(zfp, stream);
      zfp_stream_rewind(zfp);
      assertNotEquals(0, zfp_read_header(zfp, field, ZFP_HEADER_FULL()));
      assertEquals(zfp_type_double(), zfp_field.type(field));
      assertEquals(nx, zfp_field.nx(field));
      assertEquals(ny, zfp_field.ny(field));
      assertEquals(nz, zfp_field.nz(field));
      assertEquals(0, zfp_field.nw(field));
      zfp_field_set_pointer(field, out);
      assertEquals(size, zfp_decompress(zfp, field));
      zfp_field_free(field);
      zfp_stream_close(zfp);
      stream_close(stream);

      assertEquals(-1, data.mismatch(out), "reversible mode is lossless");
    }
  }
}
