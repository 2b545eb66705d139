package org.scicodecs.zfp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scicodecs.TestData.maxAbsDiff;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.TestData;
import org.scicodecs.bindings.zfp.bitstream_h;
import org.scicodecs.bindings.zfp.zfp_h;

/**
 * Streams and options for which zfp's own size bound does not hold: a forged header (or expert
 * parameters) with fewer bits per block than a block's exponent makes zfp's unsigned budget wrap,
 * so a naive decoder reads, and a naive encoder writes, far past {@code zfp_stream_maximum_size}.
 * Each case here crashed the JVM before {@link ZfpBounds}; now each is a ZfpException or an
 * IllegalArgumentException.
 */
class ZfpSafetyTest {
  private static final int INT32 = 1, INT64 = 2, FLOAT = 3, DOUBLE = 4;

  /**
   * A stream with a genuine zfp header (written by zfp itself) for the given field and parameters,
   * followed by {@code payload} random bytes.
   */
  private static MemorySegment forged(
      Arena arena, int type, long[] zfpSizes, int minBits, int maxBits, int maxPrec, int minExp,
      int payload) {
    MemorySegment buffer = arena.allocate(64 + payload, 8);
    MemorySegment zfp = zfp_h.zfp_stream_open(MemorySegment.NULL);
    MemorySegment field =
        switch (zfpSizes.length) {
          case 1 -> zfp_h.zfp_field_1d(MemorySegment.NULL, type, zfpSizes[0]);
          case 2 -> zfp_h.zfp_field_2d(MemorySegment.NULL, type, zfpSizes[0], zfpSizes[1]);
          case 3 -> zfp_h.zfp_field_3d(MemorySegment.NULL, type, zfpSizes[0], zfpSizes[1], zfpSizes[2]);
          default -> zfp_h.zfp_field_4d(
              MemorySegment.NULL, type, zfpSizes[0], zfpSizes[1], zfpSizes[2], zfpSizes[3]);
        };
    MemorySegment bits = bitstream_h.stream_open(buffer, buffer.byteSize());
    try {
      zfp_h.zfp_stream_set_bit_stream(zfp, bits);
      assertEquals(1, zfp_h.zfp_stream_set_params(zfp, minBits, maxBits, maxPrec, minExp));
      long headerBits = zfp_h.zfp_write_header(zfp, field, zfp_h.ZFP_HEADER_FULL());
      assertTrue(headerBits > 0);
      zfp_h.zfp_stream_flush(zfp);
      long headerBytes = (headerBits + 63) / 64 * 8;
      Random random = new Random(minBits * 31L + maxBits);
      for (long i = headerBytes; i < headerBytes + payload; i++) {
        buffer.set(ValueLayout.JAVA_BYTE, i, (byte) random.nextInt());
      }
      return buffer.asSlice(0, headerBytes + payload);
    } finally {
      zfp_h.zfp_field_free(field);
      zfp_h.zfp_stream_close(zfp);
      bitstream_h.stream_close(bits);
    }
  }

  @Test
  void forgedHeadersWithBlockBudgetsBelowTheExponentBitsAreZfpExceptions() {
    Object[][] cases = {
      // type, zfp sizes, minbits, maxbits, maxprec, minexp
      {FLOAT, new long[] {64, 64, 64}, 1, 1, 64, -1074}, // fixed rate, 1 bit per block
      {DOUBLE, new long[] {256, 256}, 1, 11, 64, -1074}, // expert, maxbits < 12
      {FLOAT, new long[] {100_000}, 1, 16658, 1, -1075}, // reversible ignores maxprec = 1
      {INT64, new long[] {32, 32, 32}, 1, 3, 64, -1075}, // reversible, maxbits < PBITS
      {INT32, new long[] {17, 17, 17, 17}, 1, 4, 64, -1075},
    };
    try (Arena arena = Arena.ofConfined()) {
      for (Object[] c : cases) {
        int type = (int) c[0];
        long[] sizes = (long[]) c[1];
        for (int payload : new int[] {0, 8, 4096}) {
          MemorySegment stream =
              forged(arena, type, sizes, (int) c[2], (int) c[3], (int) c[4], (int) c[5], payload);
          ZfpHeader header = Zfp.readHeader(stream);
          var e = assertThrows(ZfpException.class, () -> Zfp.decode(stream, arena), header.toString());
          assertTrue(e.getMessage().contains("truncated"), e.getMessage());
          NdArray out = NdArray.allocate(arena, header.dtype(), header.shape());
          assertThrows(ZfpException.class, () -> Zfp.decode(stream, out));
          assertThrows(ZfpException.class, () -> Zfp.decode(MemorySegment.ofArray(
              stream.toArray(ValueLayout.JAVA_BYTE)), out));
        }
      }
    }
  }

  @Test
  void forgedHeaderWithAFullGarbagePayloadDecodesInsideItsBoundOrFails() {
    try (Arena arena = Arena.ofConfined()) {
      long[] sizes = {16, 16, 16};
      long bound = ZfpBounds.maxStreamBytes(FLOAT, sizes, 1, 1, 64, -1074, 96);
      assertEquals(64L * (9 + 63 + 64 * 32) / 8 + 16, bound);
      MemorySegment stream = forged(arena, FLOAT, sizes, 1, 1, 64, -1074, (int) bound - 16);
      assertEquals(bound, stream.byteSize());
      try {
        assertArrayEquals(new long[] {16, 16, 16}, Zfp.decode(stream, arena).shape());
      } catch (ZfpException acceptable) {
        assertTrue(acceptable.getMessage().length() > 10);
      }
    }
  }

  @Test
  void forgedMinBitsThatNeedAHugePaddedCopyAreRefusedBeforeAllocating() {
    try (Arena arena = Arena.ofConfined()) {
      // 2^24 float32 values (64 MiB) at 32768 bits per block of 4: a 16 GiB stream.
      MemorySegment stream = forged(arena, FLOAT, new long[] {1 << 24}, 32768, 32768, 64, -1074, 64);
      assertEquals(32768, Zfp.readHeader(stream).maxBits());
      var e = assertThrows(ZfpException.class, () -> Zfp.decode(stream, arena, 128L << 20));
      assertTrue(e.getMessage().contains("padded copy"), e.getMessage());
    }
  }

  @Test
  void optionsZfpWouldCodeWronglyAreRefusedWithTheParameterNamed() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray floats = TestData.noisy(arena, DType.FLOAT32, 5, 32, 32, 32);
      var e = assertThrows(IllegalArgumentException.class,
          () -> Zfp.encode(floats, ZfpOptions.expert(1, 8, 64, -1074)));
      assertTrue(e.getMessage().startsWith("maxBits"), e.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> Zfp.maxEncodedSize(floats, ZfpOptions.expert(1, 8, 64, -1074)));
      var rate = assertThrows(IllegalArgumentException.class,
          () -> Zfp.encode(floats, ZfpOptions.rate(10_000)));
      assertTrue(rate.getMessage().startsWith("rate"), rate.getMessage());
      NdArray ints = TestData.noisy(arena, DType.INT32, 5, 1000);
      rate = assertThrows(IllegalArgumentException.class, () -> Zfp.encode(ints, ZfpOptions.rate(0.1)));
      assertTrue(rate.getMessage().contains("0 bits per 1-D block"), rate.getMessage());
      assertTrue(assertThrows(IllegalArgumentException.class, () -> ZfpOptions.expert(1, 100, 64, 20_000))
          .getMessage().startsWith("minExp"));
      // Float rates below the exponent bits are raised by zfp itself (9 bits per block).
      NdArray tiny = Zfp.decode(Zfp.encode(floats, ZfpOptions.rate(0.01), arena), arena);
      assertArrayEquals(floats.shape(), tiny.shape());
      // Integer blocks have no exponent: an 8-bit budget is fine.
      NdArray decoded = Zfp.decode(Zfp.encode(ints, ZfpOptions.expert(1, 8, 64, -1074), arena), arena);
      assertArrayEquals(ints.shape(), decoded.shape());
    }
  }

  @Test
  @SuppressWarnings("restricted")
  void oneDimensionalSizesBeyondWhatAFullHeaderRecordsAreRefused() {
    long n = (1L << 32) + 1;
    MemorySegment huge = MemorySegment.NULL.reinterpret(n * 4); // never read: sizes only
    NdArray data = NdArray.of(huge, DType.FLOAT32, n);
    var e = assertThrows(IllegalArgumentException.class,
        () -> Zfp.maxEncodedSize(data, ZfpOptions.rate(4)));
    assertTrue(e.getMessage().contains("withHeader(false)"), e.getMessage());
    assertEquals((ZfpBounds.MAX_HEADER_BITS + (n + 3) / 4 * 16 + 63) / 64 * 8,
        Zfp.maxEncodedSize(data, ZfpOptions.rate(4).withHeader(false)));
  }

  @Test
  void broadcastViewsEncodeAsTheirCopyAndCannotBeDecodedInto() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray row = TestData.smooth(arena, DType.FLOAT64, 40);
      NdArray broadcast = NdArray.of(row.segment(), DType.FLOAT64, new long[] {8, 40}, new long[] {0, 1});
      byte[] expected = Zfp.encode(broadcast.toContiguous(arena), ZfpOptions.tolerance(1e-6));
      assertArrayEquals(expected, Zfp.encode(broadcast, ZfpOptions.tolerance(1e-6)));
      MemorySegment stream = MemorySegment.ofArray(expected);
      var e = assertThrows(IllegalArgumentException.class, () -> Zfp.decode(stream, broadcast));
      assertTrue(e.getMessage().contains("zero stride"), e.getMessage());
    }
  }

  @Test
  void readOnlyOutputsAreRefusedBeforeZfpWritesToThem(@TempDir Path dir) throws Exception {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.FLOAT32, 8, 8);
      MemorySegment stream = Zfp.encode(data, ZfpOptions.reversible(), arena);
      Path file = dir.resolve("ro.f32");
      Files.write(file, new byte[8 * 8 * 4]);
      NdArray readOnly = NdArray.map(file, FileChannel.MapMode.READ_ONLY, 0, DType.FLOAT32, arena, 8, 8);
      var e = assertThrows(IllegalArgumentException.class, () -> Zfp.decode(stream, readOnly));
      assertTrue(e.getMessage().startsWith("out"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> Zfp.decodeHeaderless(stream, readOnly));
      assertThrows(IllegalArgumentException.class,
          () -> Zfp.encode(data, ZfpOptions.reversible(), stream.asReadOnly()));
    }
  }

  @Test
  void theBoundEqualsZfpsMaximumSizeForEveryModeTheApiProduces() {
    ZfpOptions[] options = {
      ZfpOptions.reversible(), ZfpOptions.rate(0.5), ZfpOptions.rate(8), ZfpOptions.rate(33),
      ZfpOptions.precision(1), ZfpOptions.precision(20), ZfpOptions.precision(64),
      ZfpOptions.tolerance(1e-3), ZfpOptions.tolerance(0), ZfpOptions.expert(100, 2000, 30, -20),
      ZfpOptions.expert(12, 16658, 64, -1074),
    };
    long[][] shapes = {{77}, {9, 13}, {5, 6, 7}, {3, 5, 7, 9}};
    int[] types = {INT32, INT64, FLOAT, DOUBLE};
    DType[] dtypes = {DType.INT32, DType.INT64, DType.FLOAT32, DType.FLOAT64};
    try (Arena arena = Arena.ofConfined()) {
      for (int t = 0; t < types.length; t++) {
        for (long[] shape : shapes) {
          NdArray data = NdArray.allocate(arena, dtypes[t], shape);
          for (ZfpOptions o : options) {
            if (o.mode() == ZFP.MODE.FIXED_RATE && (double) (1 << (2 * shape.length)) * o.rate() > 16658) {
              continue;
            }
            assertEquals(zfpMaximumSize(types[t], shape, o), Zfp.maxEncodedSize(data, o),
                dtypes[t] + " " + shape.length + "-D " + o.mode());
          }
        }
      }
    }
  }

  /** zfp_stream_maximum_size through the raw bindings, with the mode set as imagecodecs does. */
  private static long zfpMaximumSize(int type, long[] shape, ZfpOptions o) {
    MemorySegment zfp = zfp_h.zfp_stream_open(MemorySegment.NULL);
    MemorySegment field =
        switch (shape.length) {
          case 1 -> zfp_h.zfp_field_1d(MemorySegment.NULL, type, shape[0]);
          case 2 -> zfp_h.zfp_field_2d(MemorySegment.NULL, type, shape[1], shape[0]);
          case 3 -> zfp_h.zfp_field_3d(MemorySegment.NULL, type, shape[2], shape[1], shape[0]);
          default -> zfp_h.zfp_field_4d(MemorySegment.NULL, type, shape[3], shape[2], shape[1], shape[0]);
        };
    try {
      switch (o.mode()) {
        case REVERSIBLE -> zfp_h.zfp_stream_set_reversible(zfp);
        case FIXED_RATE -> zfp_h.zfp_stream_set_rate(zfp, o.rate(), type, shape.length, 0);
        case FIXED_PRECISION -> zfp_h.zfp_stream_set_precision(zfp, o.precision());
        case FIXED_ACCURACY -> zfp_h.zfp_stream_set_accuracy(zfp, o.tolerance());
        default -> zfp_h.zfp_stream_set_params(zfp, o.minBits(), o.maxBits(), o.maxPrec(), o.minExp());
      }
      return zfp_h.zfp_stream_maximum_size(zfp, field);
    } finally {
      zfp_h.zfp_field_free(field);
      zfp_h.zfp_stream_close(zfp);
    }
  }

  @Test
  void headerOptionsReencodeTheSameStream() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.FLOAT32, 20, 21, 22);
      for (ZfpOptions o : new ZfpOptions[] {ZfpOptions.reversible(), ZfpOptions.rate(6.5),
          ZfpOptions.precision(17), ZfpOptions.tolerance(0.01), ZfpOptions.expert(40, 900, 25, -12)}) {
        byte[] stream = Zfp.encode(data, o);
        ZfpHeader h = Zfp.readHeader(MemorySegment.ofArray(stream));
        assertEquals(o.mode(), h.mode());
        assertArrayEquals(stream, Zfp.encode(data, h.options()), o.toString());
        switch (o.mode()) {
          case FIXED_RATE -> assertEquals(6.5, h.rate());
          case FIXED_PRECISION -> assertEquals(17, h.precision());
          case FIXED_ACCURACY -> {
            assertEquals(1.0 / 128, h.tolerance()); // 2^-7 <= 0.01 < 2^-6
            assertTrue(maxAbsDiff(data, Zfp.decode(MemorySegment.ofArray(stream), arena)) <= 0.01);
          }
          default -> assertEquals(0.0, h.rate());
        }
      }
    }
  }

  @Test
  void nonFiniteValuesAndUnkeepableTolerancesAreRefused() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.FLOAT32, 8, 8, 8);
      TestData.set(data, 100, Double.NaN);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Zfp.encode(data, ZfpOptions.tolerance(1e-3)));
      assertTrue(e.getMessage().contains("data[1, 4, 4] is NaN"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> Zfp.encode(data, ZfpOptions.rate(8)));
      // reversible mode keeps NaN bit-exactly
      NdArray back = Zfp.decode(MemorySegment.ofArray(Zfp.encode(data, ZfpOptions.reversible())), arena);
      assertTrue(Double.isNaN(back.getDouble(1, 4, 4)));
      TestData.set(data, 100, 1e6); // a spike: float32 zfp cannot keep 1e-3 next to it
      IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
          () -> Zfp.encode(data, ZfpOptions.tolerance(1e-3)));
      assertTrue(f.getMessage().contains("below what zfp can keep"), f.getMessage());
      NdArray ok = Zfp.decode(MemorySegment.ofArray(Zfp.encode(data, ZfpOptions.tolerance(0.02))), arena);
      assertTrue(TestData.maxAbsDiff(data, ok) <= 0.02);
    }
  }
}
