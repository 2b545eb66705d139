package org.scicodecs.sz3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scicodecs.TestData.maxAbsDiff;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.OutputTooSmallException;
import org.scicodecs.TestData;

class Sz3Test {
  @BeforeAll
  static void library() {
    Assumptions.assumeTrue(Sz3.available(), "SZ3 library not available");
  }

  private static final long[][] SHAPES = {{1000}, {40, 50}, {12, 15, 17}, {5, 6, 7, 8}, {2, 3, 4, 5, 6}};

  private static double range(NdArray a) {
    double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
    for (long i = 0; i < a.size(); i++) {
      min = Math.min(min, a.getDoubleFlat(i));
      max = Math.max(max, a.getDoubleFlat(i));
    }
    return max - min;
  }

  private static double slack(DType dtype, NdArray a) {
    // float32 output rounds the reconstructed value once more.
    return dtype == DType.FLOAT32 ? 1e-6 * Math.max(1, range(a)) : 1e-12;
  }

  @ParameterizedTest
  @EnumSource(SZ3.MODE.class)
  void roundTripEveryModeDtypeAndRank(SZ3.MODE mode) {
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (long[] shape : SHAPES) {
        try (Arena arena = Arena.ofConfined()) {
          NdArray data = TestData.smooth(arena, dtype, shape);
          double range = range(data);
          Sz3Options options = new Sz3Options(mode, 0.01, 1e-4);
          double bound = switch (mode) {
            case ABS -> 0.01;
            case REL -> 1e-4 * range;
            case ABS_AND_REL -> Math.min(0.01, 1e-4 * range);
            case ABS_OR_REL -> Math.max(0.01, 1e-4 * range);
          };
          byte[] stream = Sz3.encode(data, options);
          assertTrue(Sz3.check(stream));
          Sz3Header header = Sz3.readHeader(stream);
          assertEquals("3.3.2", header.version());
          assertEquals(data.size(), header.size());
          NdArray decoded = Sz3.decode(MemorySegment.ofArray(stream), dtype, shape, arena);
          assertArrayEquals(shape, decoded.shape());
          assertTrue(maxAbsDiff(data, decoded) <= bound + slack(dtype, data),
              mode + " " + dtype + " " + java.util.Arrays.toString(shape) + ": "
                  + maxAbsDiff(data, decoded) + " > " + bound);
          if (shape.length < 5) {
            NdArray fromHeader = Sz3.decode(MemorySegment.ofArray(stream), dtype, arena);
            assertArrayEquals(shape, fromHeader.shape());
            assertEquals(0, maxAbsDiff(decoded, fromHeader));
          }
        }
      }
    }
  }

  @Test
  void absoluteBoundHoldsOnSmoothNoisyAndRealData() throws Exception {
    try (Arena arena = Arena.ofConfined()) {
      List<NdArray> fields = new ArrayList<>();
      fields.add(TestData.smooth(arena, DType.FLOAT32, 32, 48, 40));
      fields.add(TestData.noisy(arena, DType.FLOAT32, 7, 32, 48, 40));
      fields.add(TestData.smooth(arena, DType.FLOAT64, 64, 80));
      fields.add(TestData.noisy(arena, DType.FLOAT64, 8, 64, 80));
      Path vorticity = TestData.sharedData("sperr-turbulence/vorticity.128_128_41");
      fields.add(TestData.mapRaw(vorticity, DType.FLOAT32, arena, 41, 128, 128));
      for (NdArray data : fields) {
        double range = range(data);
        for (double fraction = 1e-1; fraction >= 1e-6; fraction /= 10) {
          double bound = fraction * range;
          byte[] stream = Sz3.encode(data, Sz3Options.tolerance(bound));
          NdArray decoded = Sz3.decode(MemorySegment.ofArray(stream), data.dtype(), data.shape(), arena);
          double err = maxAbsDiff(data, decoded);
          assertTrue(err <= bound * (1 + 1e-9), data + " bound " + bound + ": max error " + err);
        }
      }
    }
  }

  @Test
  void decodesSharedSz3StreamsExactly() throws Exception {
    Object[][] cases = {
      {"testfloat_8x8x128_abs1e-3", new long[] {128, 8, 8}},
      {"testfloat_8x8x128_rel1e-4", new long[] {128, 8, 8}},
      {"vorticity128x128x41_abs1e-6", new long[] {41, 128, 128}},
      {"wmag91_rel1e-3", new long[] {91, 91, 91}},
      {"grads_T_5x7x46x72_abs0.01", new long[] {35, 46, 72}},
    };
    for (Object[] c : cases) {
      Path dir = TestData.sharedData("sz3-streams");
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment stream = TestData.readFile(dir.resolve(c[0] + ".sz3"), arena);
        long[] shape = (long[]) c[1];
        assertArrayEquals(shape, Sz3.readHeader(stream).shape(), (String) c[0]);
        NdArray expected = TestData.mapRaw(dir.resolve(c[0] + ".decoded.raw"), DType.FLOAT32, arena, shape);
        NdArray decoded = Sz3.decode(stream, DType.FLOAT32, arena);
        assertEquals(MemorySegment.NULL.byteSize(), 0);
        assertEquals(-1, expected.segment().mismatch(decoded.segment()), (String) c[0]);
      }
    }
  }

  @Test
  void encodeVariantsAgree() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.FLOAT64, 30, 40);
      Sz3Options options = Sz3Options.tolerance(1e-3);
      byte[] bytes = Sz3.encode(data, options);
      MemorySegment seg = Sz3.encode(data, options, arena);
      assertEquals(-1, seg.mismatch(MemorySegment.ofArray(bytes)));
      MemorySegment out = arena.allocate(bytes.length + 10);
      assertEquals(bytes.length, Sz3.encode(data, options, out));
      OutputTooSmallException e = assertThrows(OutputTooSmallException.class,
          () -> Sz3.encode(data, options, arena.allocate(bytes.length - 1)));
      assertEquals(bytes.length, e.requiredBytes());
      // heap and strided input
      double[] heap = new double[30 * 40];
      MemorySegment.copy(data.segment(), ValueLayout.JAVA_DOUBLE, 0, heap, 0, heap.length);
      assertArrayEquals(bytes, Sz3.encode(NdArray.of(heap, 30, 40), options));
      NdArray t = data.transpose();
      NdArray tc = t.toContiguous(arena);
      assertArrayEquals(Sz3.encode(tc, options), Sz3.encode(t, options));
      // decode into a caller's strided array
      NdArray target = NdArray.allocate(arena, DType.FLOAT64, 40, 30).transpose();
      Sz3.decode(MemorySegment.ofArray(bytes), target);
      assertEquals(0, maxAbsDiff(target, Sz3.decode(bytes, DType.FLOAT64)));
    }
  }

  @Test
  void optionsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> Sz3Options.tolerance(-1));
    assertThrows(IllegalArgumentException.class, () -> Sz3Options.tolerance(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Sz3Options.relative(Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> new Sz3Options(null, 1, 1));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Sz3Options.absAndRel(1, -1))
        .getMessage().startsWith("rel"));
    assertEquals(SZ3.MODE.ABS, Sz3Options.of(null, 0.5, null).mode());
    assertEquals(SZ3.MODE.ABS_OR_REL, SZ3.MODE.of(3));
    assertThrows(IllegalArgumentException.class, () -> SZ3.MODE.of(4));
    try (Arena arena = Arena.ofConfined()) {
      assertThrows(IllegalArgumentException.class,
          () -> Sz3.encode(NdArray.allocate(arena, DType.INT32, 10), Sz3Options.tolerance(1)));
      assertThrows(IllegalArgumentException.class,
          () -> Sz3.encode(NdArray.allocate(arena, DType.FLOAT32, 2, 2, 2, 2, 2, 2), Sz3Options.tolerance(1)));
      assertThrows(IllegalArgumentException.class,
          () -> Sz3.encode(NdArray.allocate(arena, DType.FLOAT32, 0, 3), Sz3Options.tolerance(1)));
      byte[] s = Sz3.encode(TestData.smooth(arena, DType.FLOAT32, 10, 10), Sz3Options.tolerance(1));
      assertThrows(IllegalArgumentException.class,
          () -> Sz3.decode(MemorySegment.ofArray(s), DType.INT16, arena));
      assertThrows(Sz3Exception.class,
          () -> Sz3.decode(MemorySegment.ofArray(s), DType.FLOAT32, new long[] {100}, arena));
      assertThrows(Sz3Exception.class,
          () -> Sz3.decode(MemorySegment.ofArray(s), NdArray.allocate(arena, DType.FLOAT32, 10, 11)));
    }
    assertFalse(Sz3.check(new byte[] {0x10, (byte) 0xF3, 0x42}));
    assertFalse(Sz3.check(new byte[] {0x11, (byte) 0xF3, 0x42, (byte) 0xF3}));
  }

  @Test
  void edgeCases() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray smooth = TestData.smooth(arena, DType.FLOAT32, 20, 30);
      NdArray constant = NdArray.allocate(arena, DType.FLOAT32, 20, 30);
      NdArray one = TestData.smooth(arena, DType.FLOAT64, 1);
      for (Object[] c : new Object[][] {
        {smooth, Sz3Options.tolerance(0)}, {smooth, Sz3Options.relative(0)},
        {constant, Sz3Options.relative(1e-3)}, {one, Sz3Options.tolerance(0.01)}}) {
        NdArray d = (NdArray) c[0];
        byte[] s = Sz3.encode(d, (Sz3Options) c[1]);
        NdArray out = Sz3.decode(MemorySegment.ofArray(s), d.dtype(), d.shape(), arena);
        assertEquals(0, maxAbsDiff(d, out), c[1].toString());
      }
    }
  }

  private static byte[] small(Arena arena) {
    return Sz3.encode(TestData.noisy(arena, DType.FLOAT32, 3, 6, 7), Sz3Options.tolerance(0.5));
  }

  @Test
  void everyTruncationIsRefused() {
    try (Arena arena = Arena.ofConfined()) {
      byte[] s = small(arena);
      for (int n = 0; n < s.length; n++) {
        byte[] prefix = java.util.Arrays.copyOf(s, n);
        assertThrows(Sz3Exception.class, () -> Sz3.decode(prefix, DType.FLOAT32), "prefix " + n);
      }
      byte[] longer = java.util.Arrays.copyOf(s, s.length + 1);
      assertThrows(Sz3Exception.class, () -> Sz3.decode(longer, DType.FLOAT32));
    }
  }

  /** Header and configuration block: every byte flipped is refused or decodes within the shape. */
  @Test
  void flippedHeaderAndConfigBytes() {
    try (Arena arena = Arena.ofConfined()) {
      byte[] s = small(arena);
      long payload = Sz3.readHeader(s).payloadSize();
      List<Integer> positions = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        positions.add(i);
      }
      for (int i = (int) (16 + payload); i < s.length; i++) {
        positions.add(i);
      }
      for (int pos : positions) {
        for (int mask : new int[] {0x01, 0x80, 0xFF}) {
          byte[] bad = s.clone();
          bad[pos] ^= (byte) mask;
          try {
            NdArray d = Sz3.decode(MemorySegment.ofArray(bad), DType.FLOAT32, new long[] {6, 7}, arena);
            assertEquals(42, d.size());
          } catch (Sz3Exception expected) {
            // refused
          }
        }
      }
    }
  }

  @Test
  void forgedHugeDimensionsAreRefused() {
    try (Arena arena = Arena.ofConfined()) {
      byte[] s = small(arena);
      Sz3Header h = Sz3.readHeader(s);
      int conf = (int) (16 + h.payloadSize());
      // 2 dims of 6 and 7 at bit width 3: forge width 3 -> dims 7,7 (num mismatch)
      byte[] bad = s.clone();
      bad[conf + 3] = (byte) 0xFF;
      assertThrows(Sz3Exception.class, () -> Sz3.readHeader(bad));
      // forged payload size
      byte[] big = s.clone();
      MemorySegment.ofArray(big).set(ValueLayout.JAVA_LONG_UNALIGNED, 8, Long.MAX_VALUE);
      assertThrows(Sz3Exception.class, () -> Sz3.decode(big, DType.FLOAT32));
      // a consistent but huge header: dims (2^30, 2^30), num 2^60
      byte[] huge = forge(new long[] {1L << 30, 1L << 30});
      assertArrayEquals(new long[] {1L << 30, 1L << 30}, Sz3.readHeader(huge).shape());
      assertTrue(assertThrows(Sz3Exception.class, () -> Sz3.decode(huge, DType.FLOAT32))
          .getMessage().contains("DecodeLimits"));
      // a dimension of 2^31 needs 32 bits, which SZ3 reads back with an int shift: refused
      byte[] wide = forge(new long[] {1L << 31, 2});
      assertTrue(assertThrows(Sz3Exception.class, () -> Sz3.readHeader(wide))
          .getMessage().contains("bit width 32"));
    }
  }

  /** A stream with an empty payload and a configuration block for the dims (ABS mode). */
  private static byte[] forge(long[] dims) {
    int width = 64 - Long.numberOfLeadingZeros(java.util.Arrays.stream(dims).max().orElse(1));
    int dimBytes = (dims.length * width + 7) / 8;
    int confSize = 3 + dimBytes + 8 + 2 + 8 + 11;
    MemorySegment s = MemorySegment.ofArray(new byte[16 + confSize]);
    s.set(ValueLayout.JAVA_INT_UNALIGNED, 0, 0xF342F310);
    s.set(ValueLayout.JAVA_INT_UNALIGNED, 4, 0x03030200);
    s.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, 0);
    s.set(ValueLayout.JAVA_BYTE, 16, (byte) confSize);
    s.set(ValueLayout.JAVA_BYTE, 17, (byte) dims.length);
    s.set(ValueLayout.JAVA_BYTE, 18, (byte) width);
    long num = 1;
    for (int i = 0; i < dims.length; i++) {
      num *= dims[i];
      for (int j = 0; j < width; j++) {
        if ((dims[i] >>> j & 1) != 0) {
          long bit = (long) i * width + j;
          long at = 19 + bit / 8;
          s.set(ValueLayout.JAVA_BYTE, at, (byte) (s.get(ValueLayout.JAVA_BYTE, at) | 1 << (bit % 8)));
        }
      }
    }
    s.set(ValueLayout.JAVA_LONG_UNALIGNED, 19 + dimBytes, num);
    return s.toArray(ValueLayout.JAVA_BYTE);
  }

  @Test
  void concurrentCallsGiveTheSameBytes() throws Exception {
    try (Arena arena = Arena.ofShared()) {
      NdArray data = TestData.noisy(arena, DType.FLOAT32, 11, 40, 40, 20);
      byte[] expected = Sz3.encode(data, Sz3Options.tolerance(0.05));
      NdArray decodedOnce = Sz3.decode(expected, DType.FLOAT32);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
          futures.add(pool.submit(() -> {
            assertArrayEquals(expected, Sz3.encode(data, Sz3Options.tolerance(0.05)));
            assertEquals(0, maxAbsDiff(decodedOnce, Sz3.decode(expected, DType.FLOAT32)));
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void arenaCallersGetSz3sBuffersAndTheWheelsLayoutRoundTrips() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.FLOAT64, 10, 12, 14);
      try (Arena call = Arena.ofConfined()) {
        MemorySegment stream = Sz3.encode(data, Sz3Options.tolerance(1e-4), call);
        assertEquals(call.scope(), stream.scope()); // SZ3's stream, handed over
        NdArray decoded = Sz3.decode(stream, DType.FLOAT64, call);
        assertEquals(call.scope(), decoded.segment().scope()); // SZ3's output buffer, handed over
        NdArray copied = Sz3.decode(stream, DType.FLOAT64,
            java.lang.foreign.SegmentAllocator.slicingAllocator(arena.allocate(data.segment().byteSize(), 8)));
        assertEquals(-1, decoded.segment().mismatch(copied.segment()));
        byte[] legacy = Sz3.encode(data, Sz3Options.tolerance(1e-4).withFormat(SZ3.FORMAT.V3_3_0));
        assertEquals(stream.byteSize() - 8, legacy.length);
        assertEquals("3.3.0", Sz3.readHeader(legacy).version());
        assertTrue(Sz3.check(legacy));
        assertEquals(-1, decoded.segment().mismatch(Sz3.decode(legacy, DType.FLOAT64).segment()));
        byte[] broken = legacy.clone();
        broken[0] = (byte) (legacy.length + 10); // a configuration size past the end
        assertThrows(Sz3Exception.class, () -> Sz3.decode(broken, DType.FLOAT64));
      }
    }
  }
}
