package org.scicodecs.zfp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scicodecs.TestData.maxAbsDiff;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.OutputTooSmallException;
import org.scicodecs.TestData;
import org.scicodecs.bindings.zfp.zfp_h;

class ZfpTest {
  static final long[][] SHAPES = {{1000}, {37, 29}, {11, 13, 17}, {5, 6, 7, 9}};

  @ParameterizedTest
  @EnumSource(names = {"FLOAT32", "FLOAT64", "INT32", "INT64"})
  void reversibleIsBitExactInEveryDimensionWithSpecialValues(DType dtype) {
    try (Arena arena = Arena.ofConfined()) {
      for (long[] shape : SHAPES) {
        NdArray data = TestData.noisy(arena, dtype, 7, shape);
        putSpecials(data);
        byte[] stream = Zfp.encode(data, ZfpOptions.reversible());
        assertTrue(Zfp.check(stream));
        NdArray decoded = Zfp.decode(MemorySegment.ofArray(stream), arena);
        assertEquals(dtype, decoded.dtype());
        assertArrayEquals(shape, decoded.shape());
        assertEquals(-1, data.segment().mismatch(decoded.segment()), dtype + " " + shape.length + "-D");
      }
    }
  }

  /** NaN payloads, -0.0, subnormals, infinities, extremes: reversible must keep every bit. */
  private static void putSpecials(NdArray a) {
    MemorySegment s = a.segment();
    switch (a.dtype()) {
      case FLOAT32 -> {
        int[] bits = {0x7fc00001, 0xffa00000, 0x80000000, 0x00000001, 0x007fffff, 0x7f800000, 0xff800000};
        for (int i = 0; i < bits.length; i++) {
          s.setAtIndex(ValueLayout.JAVA_INT, i * 3L, bits[i]);
        }
      }
      case FLOAT64 -> {
        long[] bits = {0x7ff8000000000123L, 0xfff4000000000000L, 0x8000000000000000L, 1L,
            0x000fffffffffffffL, 0x7ff0000000000000L, 0xfff0000000000000L};
        for (int i = 0; i < bits.length; i++) {
          s.setAtIndex(ValueLayout.JAVA_LONG, i * 3L, bits[i]);
        }
      }
      case INT32 -> {
        s.setAtIndex(ValueLayout.JAVA_INT, 0, Integer.MIN_VALUE);
        s.setAtIndex(ValueLayout.JAVA_INT, 3, Integer.MAX_VALUE);
      }
      case INT64 -> {
        s.setAtIndex(ValueLayout.JAVA_LONG, 0, Long.MIN_VALUE);
        s.setAtIndex(ValueLayout.JAVA_LONG, 3, Long.MAX_VALUE);
      }
      default -> throw new AssertionError();
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {1e-1, 1e-3, 1e-5})
  void fixedAccuracyKeepsTheToleranceOnSmoothNoisyAndRealData(double tolerance) {
    try (Arena arena = Arena.ofConfined()) {
      List<NdArray> inputs = new ArrayList<>();
      for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
        inputs.add(TestData.smooth(arena, t, 24, 40, 36));
        inputs.add(TestData.noisy(arena, t, 3, 50, 70));
      }
      inputs.add(TestData.mapRaw(TestData.sharedData("sperr-turbulence/vorticity.128_128_41"),
          DType.FLOAT32, arena, 41, 128, 128));
      for (NdArray data : inputs) {
        NdArray decoded = Zfp.decode(Zfp.encode(data, ZfpOptions.tolerance(tolerance), arena), arena);
        double err = maxAbsDiff(data, decoded);
        assertTrue(err <= tolerance, data + " error " + err + " > " + tolerance);
      }
    }
  }

  @Test
  void fixedRateSizeIsTheRatesPromise() {
    try (Arena arena = Arena.ofConfined()) {
      long[] shape = {41, 128, 128};
      NdArray data = TestData.smooth(arena, DType.FLOAT32, shape);
      for (double rate : new double[] {1, 4, 8, 16}) {
        long blocks = 11L * 32 * 32; // ceil(41/4) * ceil(128/4)^2
        long bitsPerBlock = (long) Math.floor(64 * rate + 0.5);
        long headerBits = 96;
        long expected = (headerBits + blocks * bitsPerBlock + 63) / 64 * 8;
        assertEquals(expected, Zfp.encode(data, ZfpOptions.rate(rate)).length, "rate " + rate);
      }
    }
  }

  @Test
  void fixedPrecisionErrorShrinksAsPrecisionGrows() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.FLOAT64, 30, 30, 30);
      double previous = Double.MAX_VALUE;
      for (int precision : new int[] {6, 10, 14, 18, 22, 26}) {
        NdArray decoded = Zfp.decode(Zfp.encode(data, ZfpOptions.precision(precision), arena), arena);
        double err = maxAbsDiff(data, decoded);
        assertTrue(err < previous, "precision " + precision + ": " + err + " >= " + previous);
        previous = err;
      }
    }
  }

  @Test
  void expertModeRoundTripsAndIsRecordedInTheHeader() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.FLOAT32, 16, 16, 16);
      MemorySegment stream = Zfp.encode(data, ZfpOptions.expert(64, 1024, 32, -30), arena);
      ZfpHeader h = Zfp.readHeader(stream);
      assertEquals(ZFP.MODE.EXPERT, h.mode());
      assertEquals(64, h.minBits());
      assertEquals(1024, h.maxBits());
      assertEquals(32, h.maxPrec());
      assertEquals(-30, h.minExp());
      assertTrue(maxAbsDiff(data, Zfp.decode(stream, arena)) < 1e-3);
    }
  }

  @Test
  void stridedViewsEncodeToTheSameStreamAsAContiguousCopy() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray base = TestData.smooth(arena, DType.FLOAT64, 20, 30, 40);
      NdArray[] views = {
        base.transpose(), base.transpose(2, 0, 1), base.slice(1, 3, 27, 2), base.slice(2, 1, 40, 3).slice(0, 2, 19, 1)
      };
      for (NdArray view : views) {
        assertFalse(view.isContiguous());
        byte[] fromView = Zfp.encode(view, ZfpOptions.tolerance(1e-4));
        byte[] fromCopy = Zfp.encode(view.toContiguous(arena), ZfpOptions.tolerance(1e-4));
        assertArrayEquals(fromCopy, fromView, view.toString());
      }
    }
  }

  @Test
  void headerlessStreamsNeedAndUseDtypeAndShape() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.FLOAT32, 12, 34);
      MemorySegment stream = Zfp.encode(data, ZfpOptions.reversible().withHeader(false), arena);
      assertTrue(stream.byteSize() < Zfp.encode(data, ZfpOptions.reversible(), arena).byteSize() + 8);
      NdArray decoded = Zfp.decode(stream, DType.FLOAT32, new long[] {12, 34}, arena);
      assertEquals(-1, data.segment().mismatch(decoded.segment()));
      assertThrows(ZfpException.class, () -> Zfp.decode(stream, arena));
    }
  }

  @Test
  void headerTellsDtypeShapeAndMode() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.INT64, 3, 5, 7, 9);
      ZfpHeader h = Zfp.readHeader(Zfp.encode(data, ZfpOptions.precision(20), arena));
      assertEquals(DType.INT64, h.dtype());
      assertArrayEquals(new long[] {3, 5, 7, 9}, h.shape());
      assertEquals(ZFP.MODE.FIXED_PRECISION, h.mode());
      assertEquals(20, h.maxPrec());
    }
  }

  @Test
  void referenceStreamsFromTheZfpCommandLineDecodeExactlyAndReencodeIdentically() throws Exception {
    Path dir = TestData.sharedData("zfp-streams");
    try (Arena arena = Arena.ofConfined()) {
      NdArray input = TestData.mapRaw(TestData.sharedData("sperr-turbulence/vorticity.128_128_41"),
          DType.FLOAT32, arena, 41, 128, 128);
      String[] names = {"acc1e-6", "rate8", "prec16", "reversible"};
      ZfpOptions[] options = {ZfpOptions.tolerance(1e-6), ZfpOptions.rate(8), ZfpOptions.precision(16),
          ZfpOptions.reversible()};
      for (int i = 0; i < names.length; i++) {
        String base = "vorticity128x128x41_f32_" + names[i];
        MemorySegment stream = TestData.readFile(dir.resolve(base + ".zfp"), arena);
        MemorySegment expected = TestData.readFile(dir.resolve(base + ".decoded.raw"), arena);
        NdArray decoded = Zfp.decode(stream, arena);
        assertArrayEquals(new long[] {41, 128, 128}, decoded.shape());
        assertEquals(-1, expected.mismatch(decoded.segment()), base);
        // zfp 1.0.0 in Debian writes 8-bit words; ours writes 64-bit words: the same bytes, zero-padded.
        MemorySegment ours = Zfp.encode(input, options[i], arena);
        assertEquals((stream.byteSize() + 7) / 8 * 8, ours.byteSize(), base);
        assertEquals(-1, stream.mismatch(ours.asSlice(0, stream.byteSize())), base);
        for (long b = stream.byteSize(); b < ours.byteSize(); b++) {
          assertEquals(0, ours.get(ValueLayout.JAVA_BYTE, b));
        }
      }
    }
  }

  @Test
  void decodesIntoStridedAndHeapOutputsAndEncodesIntoHeapSegments() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.FLOAT32, 16, 24);
      MemorySegment stream = Zfp.encode(data, ZfpOptions.reversible(), arena);
      NdArray big = NdArray.allocate(arena, DType.FLOAT32, 24, 16);
      NdArray strided = big.transpose(); // shape (16, 24), strides (1, 16)
      Zfp.decode(stream, strided);
      assertEquals(0.0, maxAbsDiff(data, strided));
      float[] heap = new float[16 * 24];
      Zfp.decode(stream, NdArray.of(heap, 16, 24));
      assertEquals(0.0, maxAbsDiff(data, NdArray.of(heap, 16, 24)));
      byte[] out = new byte[(int) stream.byteSize()];
      assertEquals(stream.byteSize(), Zfp.encode(NdArray.of(heap, 16, 24), ZfpOptions.reversible(),
          MemorySegment.ofArray(out)));
      assertEquals(-1, stream.mismatch(MemorySegment.ofArray(out)));
    }
  }

  @Test
  void tooSmallOutputStatesTheSizeAndWritesNothing() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.noisy(arena, DType.FLOAT64, 1, 64, 64);
      long size = Zfp.encode(data, ZfpOptions.tolerance(1e-3), arena).byteSize();
      MemorySegment out = arena.allocate(size + 16);
      out.fill((byte) 0x55);
      var e = assertThrows(OutputTooSmallException.class,
          () -> Zfp.encode(data, ZfpOptions.tolerance(1e-3), out.asSlice(0, size - 1)));
      assertEquals(size, e.requiredBytes());
      for (long i = 0; i < out.byteSize(); i++) {
        assertEquals(0x55, out.get(ValueLayout.JAVA_BYTE, i));
      }
      assertEquals(size, Zfp.encode(data, ZfpOptions.tolerance(1e-3), out.asSlice(0, size)));
      for (long i = size; i < out.byteSize(); i++) {
        assertEquals(0x55, out.get(ValueLayout.JAVA_BYTE, i), "byte " + i + " past the stream");
      }
    }
  }

  @Test
  void everyTruncationAndHeaderBitFlipEndsInZfpExceptionOrAnIdenticalDecode() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.FLOAT32, 9, 10);
      byte[] stream = Zfp.encode(data, ZfpOptions.tolerance(1e-2));
      NdArray reference = Zfp.decode(MemorySegment.ofArray(stream), arena);
      for (int n = 0; n < stream.length; n++) {
        byte[] cut = java.util.Arrays.copyOf(stream, n);
        // zfp streams record no length. A cut the decoder notices is a ZfpException, inside the
        // last 64-bit word too; a cut of only the zero padding after the last bit the decoder
        // needs (which 8-bit-word zfp builds never write) decodes to the same values.
        decodeOrZfpException(cut, reference);
      }
      for (int bit = 0; bit < 20 * 8; bit++) {
        byte[] flipped = stream.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        decodeOrZfpException(flipped, null);
      }
    }
  }

  private static void decodeOrZfpException(byte[] stream, NdArray reference) {
    try (Arena arena = Arena.ofConfined()) {
      NdArray out = Zfp.decode(MemorySegment.ofArray(stream), arena, 1 << 20);
      if (reference != null) {
        assertEquals(-1, reference.segment().mismatch(out.segment()), "a truncated stream decoded differently");
      }
    } catch (ZfpException expected) {
      assertTrue(expected.getMessage().length() > 10);
    }
  }

  @Test
  void garbageEmptyAndOneByteInputsAreZfpExceptions() {
    for (byte[] bad : new byte[][] {{}, {'z'}, {'z', 'f'}, {'z', 'f', 'p'}, "zfp\u0005garbage!".getBytes(),
        "not a zfp stream at all".getBytes()}) {
      assertThrows(ZfpException.class, () -> Zfp.decode(bad), new String(bad));
    }
    assertFalse(Zfp.check(new byte[] {'z', 'f'}));
    assertFalse(Zfp.check("zip".getBytes()));
  }

  @Test
  void headerPromisingTooMuchIsRefusedBeforeAllocation() {
    try (Arena arena = Arena.ofConfined()) {
      // A real header for a 65536^3 float32 field (2^50 bytes), followed by nothing.
      MemorySegment buffer = arena.allocate(64, 8);
      MemorySegment zfp = zfp_h.zfp_stream_open(MemorySegment.NULL);
      MemorySegment field = zfp_h.zfp_field_3d(MemorySegment.NULL, zfp_h.zfp_type_float(), 65536, 65536, 65536);
      MemorySegment bits = org.scicodecs.bindings.zfp.bitstream_h.stream_open(buffer, 64);
      zfp_h.zfp_stream_set_bit_stream(zfp, bits);
      zfp_h.zfp_stream_set_accuracy(zfp, 0.1);
      long headerBits = zfp_h.zfp_write_header(zfp, field, zfp_h.ZFP_HEADER_FULL());
      zfp_h.zfp_stream_flush(zfp);
      zfp_h.zfp_field_free(field);
      zfp_h.zfp_stream_close(zfp);
      org.scicodecs.bindings.zfp.bitstream_h.stream_close(bits);
      MemorySegment stream = buffer.asSlice(0, (headerBits + 63) / 64 * 8);
      assertArrayEquals(new long[] {65536, 65536, 65536}, Zfp.readHeader(stream).shape());
      var e = assertThrows(ZfpException.class, () -> Zfp.decode(stream, arena));
      assertTrue(e.getMessage().contains("more than"), e.getMessage());
      NdArray small = NdArray.allocate(arena, DType.FLOAT32, 4, 4, 4);
      assertThrows(ZfpException.class, () -> Zfp.decode(stream, small));
    }
  }

  @Test
  void argumentsAreValidatedWithTheParameterNamed() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ZfpOptions.rate(-1)).getMessage().contains("rate"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ZfpOptions.tolerance(Double.NaN)).getMessage().contains("tolerance"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ZfpOptions.precision(65)).getMessage().contains("precision"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ZfpOptions.of(8.0, 16, null)).getMessage().contains("at most one"));
    assertEquals(ZFP.MODE.REVERSIBLE, ZfpOptions.of(null, null, null).mode());
    assertEquals(ZFP.MODE.FIXED_ACCURACY, ZfpOptions.of(null, null, 0.5).mode());
    NdArray bytes = NdArray.of(new byte[16], 4, 4);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Zfp.encode(bytes, ZfpOptions.reversible()))
        .getMessage().contains("int8"));
    NdArray fiveD = NdArray.of(new float[32], 2, 2, 2, 2, 2);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Zfp.encode(fiveD, ZfpOptions.reversible()))
        .getMessage().contains("1 to 4 dimensions"));
    float[] same = new float[64];
    NdArray a = NdArray.of(same, 64);
    assertThrows(IllegalArgumentException.class,
        () -> Zfp.encode(a, ZfpOptions.reversible(), MemorySegment.ofArray(same)));
  }

  @Test
  void constantsAreZfpsOwnNumbers() {
    assertEquals(zfp_h.zfp_mode_expert(), ZFP.MODE.EXPERT.value());
    assertEquals(zfp_h.zfp_mode_fixed_rate(), ZFP.MODE.FIXED_RATE.value());
    assertEquals(zfp_h.zfp_mode_fixed_precision(), ZFP.MODE.FIXED_PRECISION.value());
    assertEquals(zfp_h.zfp_mode_fixed_accuracy(), ZFP.MODE.FIXED_ACCURACY.value());
    assertEquals(zfp_h.zfp_mode_reversible(), ZFP.MODE.REVERSIBLE.value());
    assertEquals(zfp_h.zfp_exec_serial(), ZFP.EXEC.SERIAL.value());
    assertEquals(zfp_h.zfp_exec_omp(), ZFP.EXEC.OMP.value());
    assertEquals(zfp_h.zfp_exec_cuda(), ZFP.EXEC.CUDA.value());
    assertEquals(zfp_h.ZFP_HEADER_FULL(), ZFP.HEADER.FULL);
    assertEquals(zfp_h.ZFP_HEADER_MAGIC() | zfp_h.ZFP_HEADER_MODE(), ZFP.HEADER.MAGIC | ZFP.HEADER.MODE);
  }

  @Test
  void openMpGivesTheSerialStreamAndCudaWithoutItsLibraryIsAClearError() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.FLOAT32, 64, 64, 64);
      byte[] serial = Zfp.encode(data, ZfpOptions.tolerance(1e-3));
      byte[] omp = Zfp.encode(data, ZfpOptions.tolerance(1e-3).withExecution(ZFP.EXEC.OMP).withThreads(2));
      assertArrayEquals(serial, omp);
      var e = assertThrows(ZfpException.class,
          () -> Zfp.encode(data, ZfpOptions.rate(8).withExecution(ZFP.EXEC.CUDA)));
      assertTrue(e.getMessage().contains("CUDA"), e.getMessage());
    }
  }

  @Test
  void manyThreadsGiveTheSingleThreadedResults() throws Exception {
    try (Arena arena = Arena.ofShared()) {
      NdArray data = TestData.noisy(arena, DType.FLOAT64, 5, 40, 50);
      byte[] expected = Zfp.encode(data, ZfpOptions.tolerance(1e-3));
      NdArray expectedDecoded = Zfp.decode(MemorySegment.ofArray(expected), arena);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          results.add(pool.submit(() -> {
            for (int i = 0; i < 40; i++) {
              byte[] s = Zfp.encode(data, ZfpOptions.tolerance(1e-3));
              if (!java.util.Arrays.equals(expected, s)) {
                return false;
              }
              try (Arena local = Arena.ofConfined()) {
                NdArray d = Zfp.decode(MemorySegment.ofArray(s), local);
                if (d.segment().mismatch(expectedDecoded.segment()) != -1) {
                  return false;
                }
              }
            }
            return true;
          }));
        }
        for (Future<Boolean> f : results) {
          assertTrue(f.get());
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void memoryMappedInputAndOutputFiles(@TempDir Path dir) throws Exception {
    try (Arena arena = Arena.ofConfined()) {
      Path in = dir.resolve("field.f32");
      NdArray field = NdArray.map(in, FileChannel.MapMode.READ_WRITE, 0, DType.FLOAT32, arena, 32, 48, 40);
      TestData.smooth(arena, DType.FLOAT32, 32, 48, 40).copyTo(field);
      MemorySegment stream = Zfp.encode(field, ZfpOptions.tolerance(1e-4), arena);
      Path out = dir.resolve("decoded.f32");
      NdArray decoded = NdArray.map(out, FileChannel.MapMode.READ_WRITE, 0, DType.FLOAT32, arena, 32, 48, 40);
      Zfp.decode(stream, decoded);
      assertEquals(32L * 48 * 40 * 4, Files.size(out));
      assertTrue(maxAbsDiff(field, decoded) <= 1e-4);
    }
  }
}
