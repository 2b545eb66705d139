package org.scicodecs.sperr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scicodecs.TestData.maxAbsDiff;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.OutputTooSmallException;
import org.scicodecs.TestData;

class SperrTest {
  @BeforeAll
  static void available() {
    assertTrue(Sperr.available(), "libSPERR must load");
    assertEquals("sperr 0.8.5", Sperr.version());
  }

  static double range(NdArray a) {
    double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
    for (long i = 0; i < a.size(); i++) {
      double v = a.getDoubleFlat(i);
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return hi - lo;
  }

  static double maxAbs(NdArray a) {
    double m = 0;
    for (long i = 0; i < a.size(); i++) {
      m = Math.max(m, Math.abs(a.getDoubleFlat(i)));
    }
    return m;
  }

  static double psnr(NdArray a, NdArray b) {
    double se = 0;
    for (long i = 0; i < a.size(); i++) {
      double d = a.getDoubleFlat(i) - b.getDoubleFlat(i);
      se += d * d;
    }
    double mse = se / a.size();
    return 20 * Math.log10(range(a)) - 10 * Math.log10(mse);
  }

  @Test
  void optionsValidateAndMirrorThePythonApi() {
    assertEquals(SPERR.MODE.PWE, SperrOptions.of(null, null, 0.1).mode());
    assertEquals(0.1, SperrOptions.of(null, null, 0.1).quality());
    assertEquals(SPERR.MODE.RATE, SperrOptions.of("bpp", 2.0, null).mode());
    assertEquals(SPERR.MODE.RATE, SperrOptions.of("rate", 2.0, null).mode());
    assertEquals(SPERR.MODE.PSNR, SperrOptions.of("psnr", 60.0, null).mode());
    assertEquals(SperrOptions.pwe(0.5), SperrOptions.tolerance(0.5));
    assertEquals(1, SPERR.MODE.BPP.value());
    assertEquals(2, SPERR.MODE.PSNR.value());
    assertEquals(3, SPERR.MODE.PWE.value());
    assertEquals(SPERR.MODE.PWE, SPERR.MODE.of(3));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SperrOptions.pwe(0))
        .getMessage().startsWith("maxError"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SperrOptions.rate(Double.NaN))
        .getMessage().startsWith("bitsPerPixel"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SperrOptions.psnr(-1))
        .getMessage().startsWith("db"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SperrOptions.of("x", 1.0, null))
        .getMessage().startsWith("mode"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SperrOptions.of(null, 1.0, null))
        .getMessage().startsWith("mode"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SperrOptions.of("psnr", null, null))
        .getMessage().startsWith("quality"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SperrOptions.of("psnr", null, 0.1))
        .getMessage().startsWith("tolerance"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SperrOptions.pwe(1).withChunks(0, 1, 1))
        .getMessage().startsWith("chunks"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SperrOptions.pwe(1).withThreads(-1))
        .getMessage().startsWith("threads"));
  }

  @ParameterizedTest
  @EnumSource(names = {"FLOAT32", "FLOAT64"})
  void roundTripsEveryModeIn2dAnd3d(DType dtype) {
    try (Arena arena = Arena.ofConfined()) {
      for (long[] shape : new long[][] {{37, 29}, {11, 13, 17}}) {
        NdArray data = TestData.smooth(arena, dtype, shape);
        double r = range(data);
        // pwe
        double bound = 1e-4 * r;
        byte[] s = Sperr.encode(data, SperrOptions.pwe(bound));
        SperrHeader h = Sperr.readHeader(MemorySegment.ofArray(s));
        assertEquals(dtype, h.dtype());
        assertArrayEquals(shape, h.shape());
        assertEquals(shape.length == 3, h.threeD());
        NdArray d = Sperr.decode(MemorySegment.ofArray(s), arena);
        assertEquals(dtype, d.dtype());
        assertArrayEquals(shape, d.shape());
        assertTrue(maxAbsDiff(data, d) <= bound, "pwe " + maxAbsDiff(data, d));
        // psnr
        d = Sperr.decode(MemorySegment.ofArray(Sperr.encode(data, SperrOptions.psnr(70))), arena);
        assertTrue(psnr(data, d) >= 70, "psnr " + psnr(data, d));
        // rate
        byte[] rs = Sperr.encode(data, SperrOptions.rate(4));
        double bpp = 8.0 * rs.length / data.size();
        assertTrue(bpp <= 4 * 1.05 + 8.0 * 64 / data.size(), "bpp " + bpp);
        d = Sperr.decode(MemorySegment.ofArray(rs), arena);
        assertArrayEquals(shape, d.shape());
      }
    }
  }

  @Test
  void segmentAndOutVariantsAgree() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.FLOAT32, 16, 20, 24);
      byte[] a = Sperr.encode(data, SperrOptions.pwe(0.01));
      MemorySegment b = Sperr.encode(data, SperrOptions.pwe(0.01), arena);
      assertEquals(-1, MemorySegment.ofArray(a).mismatch(b));
      MemorySegment out = arena.allocate(a.length + 10);
      assertEquals(a.length, Sperr.encode(data, SperrOptions.pwe(0.01), out));
      assertEquals(-1, MemorySegment.ofArray(a).mismatch(out.asSlice(0, a.length)));
      OutputTooSmallException e = assertThrows(OutputTooSmallException.class,
          () -> Sperr.encode(data, SperrOptions.pwe(0.01), arena.allocate(10)));
      assertEquals(a.length, e.requiredBytes());
      // heap input equals off-heap input; decode into a strided out
      float[] heap = data.contiguousSegment().toArray(ValueLayout.JAVA_FLOAT);
      assertArrayEquals(a, Sperr.encode(NdArray.of(heap, 16, 20, 24), SperrOptions.pwe(0.01)));
      NdArray big = NdArray.allocate(arena, DType.FLOAT32, 16, 20, 48);
      NdArray strided = big.slice(2, 0, 48, 2);
      Sperr.decode(MemorySegment.ofArray(a), strided);
      NdArray d = Sperr.decode(MemorySegment.ofArray(a), arena);
      assertEquals(0.0, maxAbsDiff(d, strided));
      // an arena gets SPERR's own buffer (freed with the arena), other allocators a copy
      try (Arena scoped = Arena.ofConfined()) {
        NdArray adopted = Sperr.decode(MemorySegment.ofArray(a), scoped);
        assertEquals(scoped.scope(), adopted.segment().scope());
        NdArray copied = Sperr.decode(MemorySegment.ofArray(a),
            SegmentAllocator.slicingAllocator(arena.allocate(16 * 20 * 24 * 4, 8)));
        assertEquals(0.0, maxAbsDiff(adopted, copied));
        assertEquals(0.0, maxAbsDiff(adopted, d));
        MemorySegment stream = Sperr.encode(data, SperrOptions.pwe(0.01), scoped);
        assertEquals(scoped.scope(), stream.scope());
        assertEquals(-1, MemorySegment.ofArray(a).mismatch(stream));
      }
      assertThrows(SperrException.class,
          () -> Sperr.decode(MemorySegment.ofArray(a), NdArray.allocate(arena, DType.FLOAT64, 16, 20, 24)));
      // non-contiguous input is made contiguous
      NdArray t = data.transpose();
      NdArray tc = t.toContiguous(arena);
      assertArrayEquals(Sperr.encode(tc, SperrOptions.pwe(0.01)), Sperr.encode(t, SperrOptions.pwe(0.01)));
    }
  }

  @Test
  void chunked3dAndThreadsGiveTheSameStream() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.noisy(arena, DType.FLOAT64, 3, 40, 33, 50);
      SperrOptions o = SperrOptions.pwe(0.05).withChunks(16, 16, 16);
      byte[] one = Sperr.encode(data, o);
      byte[] four = Sperr.encode(data, o.withThreads(4));
      assertArrayEquals(one, four);
      SperrHeader h = Sperr.readHeader(MemorySegment.ofArray(one));
      assertArrayEquals(new long[] {16, 16, 16}, h.chunks());
      assertEquals(2 * 2 * 3, h.chunkLengths().length);
      assertEquals(20 + 4 * 12, h.headerLength());
      NdArray d = Sperr.decode(MemorySegment.ofArray(one), arena, Long.MAX_VALUE, 4);
      assertTrue(maxAbsDiff(data, d) <= 0.05);
      assertEquals(Optional.of(true), Sperr.check(one));
    }
  }

  @Test
  void headerless2dNeedsShapeAndDtype() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.FLOAT64, 30, 40);
      byte[] with = Sperr.encode(data, SperrOptions.pwe(1e-3));
      byte[] without = Sperr.encode(data, SperrOptions.pwe(1e-3).withHeader(false));
      assertEquals(with.length - 10, without.length);
      NdArray d = Sperr.decode(MemorySegment.ofArray(without), DType.FLOAT64, new long[] {30, 40}, arena);
      assertTrue(maxAbsDiff(data, d) <= 1e-3);
      assertEquals(Optional.empty(), Sperr.check(with));
      assertThrows(IllegalArgumentException.class,
          () -> Sperr.decode(MemorySegment.ofArray(without), DType.INT32, new long[] {30, 40}, arena));
      assertThrows(IllegalArgumentException.class,
          () -> Sperr.decode(MemorySegment.ofArray(without), DType.FLOAT64, new long[] {2, 30, 40}, arena));
    }
  }

  @Test
  void rejectsWhatSperrCannotCode() {
    try (Arena arena = Arena.ofConfined()) {
      assertThrows(IllegalArgumentException.class,
          () -> Sperr.encode(NdArray.allocate(arena, DType.INT32, 4, 4), SperrOptions.pwe(1)));
      assertThrows(IllegalArgumentException.class,
          () -> Sperr.encode(NdArray.allocate(arena, DType.FLOAT32, 16), SperrOptions.pwe(1)));
      assertThrows(IllegalArgumentException.class,
          () -> Sperr.encode(NdArray.allocate(arena, DType.FLOAT32, 2, 2, 2, 2), SperrOptions.pwe(1)));
      assertThrows(IllegalArgumentException.class,
          () -> Sperr.encode(NdArray.allocate(arena, DType.FLOAT32, 8, 8),
              SperrOptions.pwe(1).withChunks(4, 4, 4)));
    }
  }

  // ---- error bounds on smooth, noisy and real data ------------------------------------------

  @ParameterizedTest
  @ValueSource(doubles = {1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6})
  void pointwiseErrorBoundHolds(double relative) {
    try (Arena arena = Arena.ofConfined()) {
      List<NdArray> inputs = new ArrayList<>();
      inputs.add(TestData.smooth(arena, DType.FLOAT64, 24, 30, 36));
      inputs.add(TestData.noisy(arena, DType.FLOAT32, 5, 64, 80));
      inputs.add(TestData.noisy(arena, DType.FLOAT64, 6, 20, 21, 22));
      inputs.add(TestData.mapRaw(TestData.sharedData("sperr-turbulence/vorticity.512_512"),
          DType.FLOAT32, arena, 512, 512));
      for (NdArray in : inputs) {
        double bound = relative * range(in);
        byte[] s = Sperr.encode(in, SperrOptions.pwe(bound).withThreads(0));
        NdArray d = Sperr.decode(MemorySegment.ofArray(s), arena);
        double err = maxAbsDiff(in, d);
        // SPERR bounds the error in double; a float32 output adds at most half an ulp of rounding.
        double slack = in.dtype() == DType.FLOAT32 ? Math.ulp((float) maxAbs(in)) / 2 : 0;
        assertTrue(err <= bound + slack, in + " bound " + bound + " error " + err);
      }
    }
  }

  @Test
  void realFieldsMeetTheTargets() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray v = TestData.mapRaw(TestData.sharedData("sperr-turbulence/vorticity.128_128_41"),
          DType.FLOAT32, arena, 41, 128, 128);
      NdArray d = Sperr.decode(MemorySegment.ofArray(Sperr.encode(v, SperrOptions.pwe(1e-6))), arena);
      assertTrue(maxAbsDiff(v, d) <= 1e-6);
      NdArray w = TestData.mapRaw(TestData.sharedData("sperr-turbulence/wmag91.float"),
          DType.FLOAT32, arena, 91, 91, 91);
      d = Sperr.decode(MemorySegment.ofArray(Sperr.encode(w, SperrOptions.psnr(60))), arena);
      assertTrue(psnr(w, d) >= 60, "psnr " + psnr(w, d));
      byte[] r = Sperr.encode(v, SperrOptions.rate(2));
      double bpp = 8.0 * r.length / v.size();
      assertTrue(bpp <= 2.01 && bpp > 1.9, "bpp " + bpp);
    }
  }

  // ---- reference streams -----------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"vorticity128x128x41_pwe1e-6", "vorticity128x128x41_bpp2",
      "wmag91_pwe0.1", "wmag91_psnr60", "vorticity512x512_pwe1e-6"})
  void decodesReferenceStreamsExactly(String name) throws Exception {
    try (Arena arena = Arena.ofConfined()) {
      Path dir = TestData.sharedData("sperr-streams");
      MemorySegment stream = TestData.readFile(dir.resolve(name + ".sperr"), arena);
      MemorySegment expected = TestData.readFile(dir.resolve(name + ".decoded.f32"), arena);
      NdArray d = Sperr.decode(stream, arena);
      assertEquals(DType.FLOAT32, d.dtype());
      assertEquals(expected.byteSize(), d.byteSize());
      assertEquals(-1, expected.mismatch(d.contiguousSegment()), name);
      // and from the heap
      NdArray h = Sperr.decode(stream.toArray(ValueLayout.JAVA_BYTE));
      assertEquals(-1, expected.mismatch(h.contiguousSegment()), name);
    }
  }

  @Test
  void aVolumeOfDepthOneStays3d() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.FLOAT32, 1, 20, 30);
      byte[] s = Sperr.encode(data, SperrOptions.pwe(1e-3));
      assertTrue(Sperr.readHeader(MemorySegment.ofArray(s)).threeD());
      NdArray d = Sperr.decode(MemorySegment.ofArray(s), arena);
      assertArrayEquals(new long[] {1, 20, 30}, d.shape());
      assertTrue(maxAbsDiff(data, d) <= 1e-3);
    }
  }

  @Test
  void ourEncoderAgainstTheReferenceStreams() throws Exception {
    try (Arena arena = Arena.ofConfined()) {
      Path dir = TestData.sharedData("sperr-streams");
      NdArray v = TestData.mapRaw(TestData.sharedData("sperr-turbulence/vorticity.128_128_41"),
          DType.FLOAT32, arena, 41, 128, 128);
      MemorySegment ref = TestData.readFile(dir.resolve("vorticity128x128x41_pwe1e-6.sperr"), arena);
      MemorySegment ours = Sperr.encode(v, SperrOptions.pwe(1e-6).withChunks(256, 256, 256), arena);
      NdArray v2 = TestData.mapRaw(TestData.sharedData("sperr-turbulence/vorticity.512_512"),
          DType.FLOAT32, arena, 512, 512);
      MemorySegment ref2 = TestData.readFile(dir.resolve("vorticity512x512_pwe1e-6.sperr"), arena);
      MemorySegment ours2 = Sperr.encode(v2, SperrOptions.pwe(1e-6), arena);
      // Byte identity depends on the build (the reference is a non-OpenMP AVX2 gcc build): report.
      System.out.println("SperrTest: reference 3-D stream " + ref.byteSize() + " bytes, ours "
          + ours.byteSize() + ", identical " + (ref.mismatch(ours) == -1) + "; 2-D " + ref2.byteSize()
          + " vs " + ours2.byteSize() + ", identical " + (ref2.mismatch(ours2) == -1));
      assertEquals(Sperr.readHeader(ref), Sperr.readHeader(ours));
    }
  }

  // ---- hostile input --------------------------------------------------------------------------

  @Test
  void everyTruncationIsAnException() {
    try (Arena arena = Arena.ofConfined()) {
      for (long[] shape : new long[][] {{8, 9}, {5, 6, 7}}) {
        NdArray data = TestData.noisy(arena, DType.FLOAT32, 1, shape);
        byte[] s = Sperr.encode(data, SperrOptions.pwe(0.1));
        for (int n = 0; n < s.length; n++) {
          MemorySegment prefix = MemorySegment.ofArray(java.util.Arrays.copyOf(s, n));
          // 3-D streams must be complete; SPERR's 2-D streams are progressive: a prefix that
          // holds the conditioner and the SPECK header decodes to a coarser field.
          boolean progressive = shape.length == 2 && n >= 10 + 17 + 9;
          if (!progressive) {
            assertThrows(SperrException.class, () -> Sperr.decode(prefix, arena), "length " + n);
          } else {
            assertArrayEquals(shape, Sperr.decode(prefix, arena).shape());
          }
          if (shape.length == 2 && n >= 10) {
            MemorySegment bare = MemorySegment.ofArray(java.util.Arrays.copyOfRange(s, 10, n));
            if (!progressive) {
              assertThrows(SperrException.class,
                  () -> Sperr.decode(bare, DType.FLOAT32, shape, arena), "length " + n);
            } else {
              Sperr.decode(bare, DType.FLOAT32, shape, arena);
            }
          }
        }
      }
    }
  }

  @Test
  void flippedHeaderBytesNeverCrash() {
    try (Arena arena = Arena.ofConfined()) {
      for (long[] shape : new long[][] {{8, 9}, {5, 6, 7}}) {
        NdArray data = TestData.noisy(arena, DType.FLOAT64, 2, shape);
        byte[] s = Sperr.encode(data, SperrOptions.pwe(0.1));
        int headerLength = (int) Sperr.readHeader(MemorySegment.ofArray(s)).headerLength();
        for (int i = 0; i < headerLength; i++) {
          for (int bit = 0; bit < 8; bit++) {
            byte[] c = s.clone();
            c[i] ^= (byte) (1 << bit);
            try {
              NdArray d = Sperr.decode(MemorySegment.ofArray(c), arena, 1 << 20);
              assertTrue(d.size() > 0);
            } catch (SperrException expected) {
              // fine
            }
          }
        }
      }
    }
  }

  @Test
  void flippedBodyBytesNeverCrash() {
    try (Arena arena = Arena.ofConfined()) {
      for (long[] shape : new long[][] {{8, 9}, {5, 6, 7}}) {
        NdArray data = TestData.noisy(arena, DType.FLOAT32, 4, shape);
        byte[] s = Sperr.encode(data, SperrOptions.pwe(0.01));
        int headerLength = (int) Sperr.readHeader(MemorySegment.ofArray(s)).headerLength();
        for (int i = headerLength; i < s.length; i++) {
          for (int mask : new int[] {0x01, 0x80, 0xff}) {
            byte[] c = s.clone();
            c[i] ^= (byte) mask;
            try {
              Sperr.decode(MemorySegment.ofArray(c), arena, 1 << 20);
            } catch (SperrException expected) {
              // fine
            }
          }
        }
      }
    }
  }

  @Test
  void hugeDimensionsAreRefusedBeforeAllocating() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.noisy(arena, DType.FLOAT32, 1, 6, 7, 8);
      byte[] s = Sperr.encode(data, SperrOptions.pwe(0.1));
      MemorySegment m = MemorySegment.ofArray(s);
      // 3-D: dimx = 2^32 - 1
      byte[] c = s.clone();
      MemorySegment.ofArray(c).set(ValueLayout.JAVA_INT_UNALIGNED, 2, -1);
      assertThrows(SperrException.class, () -> Sperr.decode(MemorySegment.ofArray(c), arena));
      // 2-D: 65536 x 65535 values of float32 = 16 GiB > limit
      byte[] s2 = Sperr.encode(TestData.noisy(arena, DType.FLOAT32, 1, 16, 16), SperrOptions.pwe(0.1));
      MemorySegment.ofArray(s2).set(ValueLayout.JAVA_INT_UNALIGNED, 2, 65536);
      MemorySegment.ofArray(s2).set(ValueLayout.JAVA_INT_UNALIGNED, 6, 65535);
      assertThrows(SperrException.class, () -> Sperr.decode(MemorySegment.ofArray(s2), arena));
      // 2-D: a product between 2^63 and 2^64 (negative as a long; found by scripts/fuzz)
      MemorySegment.ofArray(s2).set(ValueLayout.JAVA_INT_UNALIGNED, 2, 0xff00600c);
      MemorySegment.ofArray(s2).set(ValueLayout.JAVA_INT_UNALIGNED, 6, 0xffff00ff);
      SperrException wrap = assertThrows(SperrException.class, () -> Sperr.decode(MemorySegment.ofArray(s2), arena));
      assertTrue(wrap.getMessage().contains("2^32 - 1 values"), wrap.getMessage());
      // dims of zero
      byte[] z = s.clone();
      MemorySegment.ofArray(z).set(ValueLayout.JAVA_INT_UNALIGNED, 6, 0);
      assertThrows(SperrException.class, () -> Sperr.decode(MemorySegment.ofArray(z), arena));
      // under an explicit limit
      assertThrows(SperrException.class, () -> Sperr.decode(m, arena, 100));
      // not SPERR
      assertThrows(SperrException.class, () -> Sperr.decode(MemorySegment.ofArray(new byte[] {1, 2, 3}), arena));
      assertEquals(Optional.empty(), Sperr.check(new byte[] {1, 2, 3}));
    }
  }

  // ---- concurrency ----------------------------------------------------------------------------

  @Test
  void eightThreadsGiveTheSameBytesAsOne() throws Exception {
    try (Arena arena = Arena.ofShared()) {
      NdArray data3 = TestData.smooth(arena, DType.FLOAT32, 20, 24, 28);
      NdArray data2 = TestData.noisy(arena, DType.FLOAT64, 9, 50, 60);
      byte[] ref3 = Sperr.encode(data3, SperrOptions.pwe(1e-3).withChunks(10, 12, 14));
      byte[] ref2 = Sperr.encode(data2, SperrOptions.psnr(80));
      NdArray dec3 = Sperr.decode(MemorySegment.ofArray(ref3), arena);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
          results.add(pool.submit(() -> {
            try (Arena local = Arena.ofConfined()) {
              boolean same = java.util.Arrays.equals(ref3,
                  Sperr.encode(data3, SperrOptions.pwe(1e-3).withChunks(10, 12, 14)));
              same &= java.util.Arrays.equals(ref2, Sperr.encode(data2, SperrOptions.psnr(80)));
              NdArray d = Sperr.decode(MemorySegment.ofArray(ref3), local);
              same &= d.contiguousSegment().mismatch(dec3.contiguousSegment()) == -1;
              return same;
            }
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
  void inputsSperrWouldCrashOnAreRefused() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.FLOAT32, 8, 10, 12);
      TestData.set(data, 5, Double.POSITIVE_INFINITY);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Sperr.encode(data, SperrOptions.pwe(1e-3)));
      assertTrue(e.getMessage().contains("is Infinity"), e.getMessage());
      TestData.set(data, 5, 1e21);
      assertTrue(assertThrows(IllegalArgumentException.class, () -> Sperr.encode(data, SperrOptions.pwe(100)))
          .getMessage().contains("too fine"));
      assertTrue(assertThrows(IllegalArgumentException.class, () -> Sperr.encode(data, SperrOptions.pwe(1e19)))
          .getMessage().contains("above 2^60"));
      assertThrows(IllegalArgumentException.class, () -> SperrOptions.psnr(350));
      byte[] s = Sperr.encode(data, SperrOptions.pwe(1e7)); // 1e14 steps: fine
      assertTrue(TestData.maxAbsDiff(data, Sperr.decode(s)) <= 1e7 * (1 + 1e-6));
    }
  }

  @Test
  void constantFieldsRecordTheirValueCountAndAForgedCountIsRefused() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray flat = NdArray.allocate(arena, DType.FLOAT32, 9, 10, 11);
      flat.segment().fill((byte) 0x40); // every value 2.0039...
      // uneven chunks: each constant chunk records its own count (6x5x4 chunks of 9x10x11)
      byte[] s = Sperr.encode(flat, SperrOptions.pwe(1e-3).withChunks(4, 5, 6));
      assertEquals(0.0, maxAbsDiff(flat, Sperr.decode(s)));
      byte[] plane = Sperr.encode(flat.slice(0, 0, 1, 1).reshape(10, 11), SperrOptions.pwe(1e-3));
      assertEquals(110, MemorySegment.ofArray(plane).get(ValueLayout.JAVA_LONG_UNALIGNED, 11));
      MemorySegment.ofArray(plane).set(ValueLayout.JAVA_LONG_UNALIGNED, 11, 1L << 40);
      SperrException e = assertThrows(SperrException.class, () -> Sperr.decode(plane));
      assertTrue(e.getMessage().contains("constant field of 1099511627776 values"), e.getMessage());
    }
  }
}
