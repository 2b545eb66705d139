package org.scicodecs.bindings.aec;

import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scicodecs.bindings.aec.libaec_h.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** One real encode/decode through libaec's raw interface, filling the aec_stream struct. */
class AecBindingSmokeTest {

  @Test
  void sixteenBitSamplesRoundTripThroughTheStreamStruct() {
    try (Arena arena = Arena.ofConfined()) {
      int n = 4096;
      MemorySegment data = arena.allocate(JAVA_SHORT, n);
      for (int i = 0; i < n; i++) {
        data.setAtIndex(JAVA_SHORT, i, (short) (2000 + 300 * Math.sin(i * 0.01) + (i % 7)));
      }
      MemorySegment encoded = arena.allocate(data.byteSize() * 67 / 64 + 256);
      MemorySegment strm = aec_stream.allocate(arena);
      configure(strm, data, encoded);
      assertEquals(AEC_OK(), aec_buffer_encode(strm));
      long encodedSize = aec_stream.total_out(strm);
      assertEquals(data.byteSize(), aec_stream.total_in(strm));
      assertTrue(encodedSize > 0 && encodedSize < data.byteSize(), "size " + encodedSize);

      MemorySegment decoded = arena.allocate(data.byteSize());
      strm.fill((byte) 0);
      configure(strm, encoded.asSlice(0, encodedSize), decoded);
      assertEquals(AEC_OK(), aec_buffer_decode(strm));
      assertEquals(data.byteSize(), aec_stream.total_out(strm));
      assertEquals(-1, data.mismatch(decoded));
    }
  }

  private static void configure(MemorySegment strm, MemorySegment in, MemorySegment out) {
    aec_stream.next_in(strm, in);
    aec_stream.avail_in(strm, in.byteSize());
    aec_stream.next_out(strm, out);
    aec_stream.avail_out(strm, out.byteSize());
    aec_stream.bits_per_sample(strm, 16);
    aec_stream.block_size(strm, 16);
    aec_stream.rsi(strm, 128);
    aec_stream.flags(strm, AEC_DATA_PREPROCESS());
  }
}
