package org.scicodecs.jetraw;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scicodecs.DType;
import org.scicodecs.DecodeLimits;
import org.scicodecs.NdArray;
import org.scicodecs.nativelib.NativeLibraries;

/**
 * {@link Jetraw} against the SDK stand-in (api/src/test/c/jetraw_standin, built by api/pom.xml and
 * found through -Dscicodecs.jetraw.path): that arguments, buffers, sizes and statuses cross the
 * boundary as the spec says. The stand-in's behaviour is trivial; the real SDK is not tested here.
 */
class JetrawTest {
  private static final String ID = StandIn.DEFAULT_IDENTIFIER;

  /** A smooth image with a few jumps, including across 0 and 0xFFFF. */
  static short[] image(int height, int width) {
    short[] p = new short[height * width];
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        p[r * width + c] = (short) (1000 + 7 * r + 3 * c + ((r * 31 + c) % 17 == 0 ? 60000 : 0));
      }
    }
    return p;
  }

  static short[] noise(int n, long seed) {
    short[] p = new short[n];
    Random random = new Random(seed);
    for (int i = 0; i < n; i++) {
      p[i] = (short) random.nextInt(1 << 16);
    }
    return p;
  }

  static short[] decode(byte[] stream, int pixels) {
    short[] back = new short[pixels];
    Jetraw.decode(MemorySegment.ofArray(stream), NdArray.of(back, DType.UINT16, pixels));
    return back;
  }

  @Test
  void standInIsLoadedFromTheDocumentedPropertyInDependencyOrder() {
    assertTrue(Jetraw.available());
    assertEquals("jetraw " + StandIn.VERSION, Jetraw.version());
    Path dir = StandIn.directory();
    // The stand-in's libjetraw.so links libdpcore.so by name, without an rpath: it loads only
    // because the loader loaded libdpcore.so from the same directory first.
    assertEquals(Optional.of(dir.resolve("libjetraw.so")), NativeLibraries.location("jetraw"));
    assertEquals(Optional.of(dir.resolve("libdpcore.so")), NativeLibraries.location("dpcore"));
    // The SDK cannot tell whether bytes are a JETRAW stream: unknown, not false.
    assertEquals(Optional.empty(), Jetraw.check(new byte[] {'J', 'R', 'S', 'I'}));
    assertEquals(Optional.empty(), Jetraw.check(MemorySegment.ofArray(new byte[0])));
  }

  @Test
  void roundTripCarriesShapeIdentifierAndErrorBound() {
    short[] pixels = image(64, 48);
    byte[] stream = Jetraw.encode(NdArray.of(pixels, DType.UINT16, 64, 48), ID, 2.5);
    var header = StandIn.Header.of(stream);
    assertEquals(new StandIn.Header(48, 64, 2.5f, ID), header); // width = last axis
    assertEquals(48, StandIn.jetraw("width"));
    assertEquals(64, StandIn.jetraw("height"));
    assertArrayEquals(pixels, decode(stream, pixels.length));
    assertEquals(stream.length, StandIn.jetraw("src_len"));
    assertEquals(pixels.length, StandIn.jetraw("pixels"));
  }

  @Test
  void theCallersPixelsAreNeverHandedToTheSdk() {
    Jetraw.init();
    // The stand-in really does change what it is given, as the real SDK does ...
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment direct = arena.allocate(8, 2);
      assertEquals(0, StandIn.embedMeta(direct, ID, 1f));
      assertEquals((short) 0xA5A5, direct.get(JAVA_SHORT, 0));
    }
    // ... but never the caller's array: heap ...
    short[] pixels = image(32, 40);
    short[] before = pixels.clone();
    byte[] stream = Jetraw.encode(NdArray.of(pixels, DType.UINT16, 32, 40), ID);
    assertArrayEquals(before, pixels);
    // ... or off-heap.
    try (Arena arena = Arena.ofConfined()) {
      NdArray offHeap = NdArray.allocate(arena, DType.UINT16, 32, 40);
      MemorySegment.copy(MemorySegment.ofArray(pixels), 0, offHeap.segment(), 0, offHeap.byteSize());
      byte[] again = Jetraw.encode(offHeap, ID);
      assertArrayEquals(before, offHeap.segment().toArray(JAVA_SHORT));
      assertArrayEquals(stream, again);
    }
  }

  @Test
  void errorBoundDefaultsToOneAndIsClampedAsImagecodecsDoes() {
    NdArray frame = NdArray.of(image(8, 8), DType.UINT16, 8, 8);
    assertEquals(1.0f, StandIn.Header.of(Jetraw.encode(frame, ID)).errorBound());
    assertEquals(1000.0f, StandIn.Header.of(Jetraw.encode(frame, ID, 5000)).errorBound());
    assertEquals(1e-6f, StandIn.Header.of(Jetraw.encode(frame, ID, 1e-9)).errorBound());
    assertEquals(1e-6f, StandIn.Header.of(Jetraw.encode(frame, ID, -3)).errorBound());
    assertEquals(0.25f, StandIn.Header.of(Jetraw.encode(frame, ID, 0.25)).errorBound());
    assertThrows(IllegalArgumentException.class, () -> Jetraw.encode(frame, ID, Double.NaN));
  }

  @Test
  void lengthOneAxesAreDroppedThenTheImageIsTwoDimensional() {
    short[] row = image(1, 64);
    // (1, 64, 1) and (64, 1) both become a 1 x 64 image, as numpy.atleast_2d(data.squeeze()).
    for (long[] shape : new long[][] {{1, 64, 1}, {64, 1}, {64}, {1, 1, 64}}) {
      var header = StandIn.Header.of(Jetraw.encode(NdArray.of(row, DType.UINT16, shape), ID));
      assertEquals(64, header.width(), Arrays.toString(shape));
      assertEquals(1, header.height(), Arrays.toString(shape));
    }
    var header = StandIn.Header.of(Jetraw.encode(NdArray.of(new short[] {5}, DType.UINT16, 1, 1), ID));
    assertEquals(1, header.width());
    assertEquals(1, header.height());
    var image = StandIn.Header.of(
        Jetraw.encode(NdArray.of(image(16, 24), DType.UINT16, 1, 16, 1, 24), ID));
    assertEquals(24, image.width());
    assertEquals(16, image.height());
  }

  @Test
  void badArgumentsAreRefusedBeforeAnyNativeCall() {
    Jetraw.init();
    long embeds = StandIn.dpcore("embed_calls");
    long encodes = StandIn.jetraw("encode_calls");
    short[] p = image(4, 6);
    List<Runnable> bad = List.of(
        () -> Jetraw.encode(null, ID),
        () -> Jetraw.encode(NdArray.of(p, DType.UINT16, 4, 6), null),
        () -> Jetraw.encode(NdArray.of(p, DType.UINT16, 4, 6), "a\0b"),
        () -> Jetraw.encode(NdArray.of(p, DType.INT16, 4, 6), ID),
        () -> Jetraw.encode(NdArray.of(new float[24], 4, 6), ID),
        () -> Jetraw.encode(NdArray.of(p, DType.UINT16, 2, 2, 6), ID),
        () -> Jetraw.encode(NdArray.of(p, DType.UINT16, 0, 6), ID),
        () -> Jetraw.encode(NdArray.of(p, DType.UINT16, 4, 6), ID, 1.0, (MemorySegment) null),
        () -> Jetraw.encode(NdArray.of(p, DType.UINT16, 4, 6), ID, 1.0,
            MemorySegment.ofArray(new byte[2048]).asReadOnly()),
        () -> Jetraw.encodeCapacity(NdArray.of(p, DType.INT32, 2, 3)));
    for (Runnable r : bad) {
      assertThrows(IllegalArgumentException.class, r::run);
    }
    assertEquals(embeds, StandIn.dpcore("embed_calls"));
    assertEquals(encodes, StandIn.jetraw("encode_calls"));
  }

  @Test
  void stridedViewsAreEncodedInCOrder() {
    short[] pixels = image(20, 30);
    NdArray transposed = NdArray.of(pixels, DType.UINT16, 20, 30).transpose(); // (30, 20) view
    try (Arena arena = Arena.ofConfined()) {
      NdArray copy = transposed.toContiguous(arena);
      byte[] fromView = Jetraw.encode(transposed, ID);
      assertArrayEquals(Jetraw.encode(copy, ID), fromView);
      var header = StandIn.Header.of(fromView);
      assertEquals(20, header.width());
      assertEquals(30, header.height());
      assertArrayEquals(copy.segment().toArray(JAVA_SHORT), decode(fromView, 600));
    }
  }

  @Test
  void everyOutputGetsTheSameStreamAndBytesPastItAreUntouched() {
    NdArray frame = NdArray.of(image(40, 50), DType.UINT16, 40, 50);
    byte[] expected = Jetraw.encode(frame, ID, 3.0);
    assertEquals(4000, StandIn.jetraw("capacity")); // the image's byte size
    try (Arena arena = Arena.ofConfined()) {
      assertArrayEquals(expected, Jetraw.encode(frame, ID, 3.0, arena).toArray(JAVA_BYTE));

      MemorySegment offHeap = arena.allocate(10_000);
      offHeap.fill((byte) 0x77);
      long n = Jetraw.encode(frame, ID, 3.0, offHeap);
      assertEquals(10_000, StandIn.jetraw("capacity")); // the caller's whole segment
      assertArrayEquals(expected, offHeap.asSlice(0, n).toArray(JAVA_BYTE));
      assertTrue(allEqual(offHeap.asSlice(n), (byte) 0x77));

      byte[] heap = new byte[9_000];
      Arrays.fill(heap, (byte) 0x55);
      long m = Jetraw.encode(frame, ID, 3.0, MemorySegment.ofArray(heap));
      assertEquals(9_000, StandIn.jetraw("capacity"));
      assertArrayEquals(expected, Arrays.copyOf(heap, (int) m));
      assertTrue(allEqual(MemorySegment.ofArray(heap).asSlice(m), (byte) 0x55));
    }
  }

  private static boolean allEqual(MemorySegment s, byte value) {
    for (long i = 0; i < s.byteSize(); i++) {
      if (s.get(JAVA_BYTE, i) != value) {
        return false;
      }
    }
    return true;
  }

  @Test
  void capacityIsTheImagesByteSizeButAtLeast1024() {
    assertEquals(1024, Jetraw.encodeCapacity(NdArray.of(new short[16], DType.UINT16, 4, 4)));
    assertEquals(20_000, Jetraw.encodeCapacity(NdArray.of(new short[10_000], DType.UINT16, 100, 100)));
    Jetraw.encode(NdArray.of(image(4, 4), DType.UINT16, 4, 4), ID);
    assertEquals(1024, StandIn.jetraw("capacity"));
    Jetraw.encode(NdArray.of(image(100, 100), DType.UINT16, 100, 100), ID);
    assertEquals(20_000, StandIn.jetraw("capacity"));
  }

  @Test
  void aStreamThatDoesNotFitIsTheSdksStatusAndALargerOutputWorks() {
    // Noise costs the stand-in up to 3 bytes a pixel, more than the 2 of imagecodecs' capacity.
    short[] pixels = noise(128 * 128, 7);
    NdArray frame = NdArray.of(pixels, DType.UINT16, 128, 128);
    var e = assertThrows(JetrawException.class, () -> Jetraw.encode(frame, ID));
    assertEquals("jetraw_encode returned 'destination buffer too small (stand-in)'", e.getMessage());
    assertEquals(StandIn.DESTINATION_TOO_SMALL, e.nativeCode().getAsLong());
    assertEquals("jetraw", e.codec());
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(4L * pixels.length + 1024);
      long n = Jetraw.encode(frame, ID, 1.0, out);
      assertTrue(n > 2L * pixels.length, "noise should not compress: " + n);
      assertArrayEquals(pixels, decode(out.asSlice(0, n).toArray(JAVA_BYTE), pixels.length));
    }
  }

  @Test
  void unknownIdentifierIsTheSdksStatusWithItsDescription() {
    NdArray frame = NdArray.of(image(8, 8), DType.UINT16, 8, 8);
    var e = assertThrows(JetrawException.class, () -> Jetraw.encode(frame, "no_such_camera"));
    assertEquals("dpcore_embed_meta returned 'unknown camera identifier (stand-in)'", e.getMessage());
    assertEquals(StandIn.UNKNOWN_IDENTIFIER, e.nativeCode().getAsLong());
  }

  @Test
  void initLoadsACalibrationFileWhosePathReachesTheSdkAsUtf8(@TempDir Path dir) throws Exception {
    String camera = "camera_" + System.nanoTime();
    Path file = dir.resolve("calibración ü.dat");
    Files.writeString(file, "other_camera\n" + camera + "\n");
    NdArray frame = NdArray.of(image(8, 8), DType.UINT16, 8, 8);
    var before = assertThrows(JetrawException.class, () -> Jetraw.encode(frame, camera));
    assertEquals(StandIn.UNKNOWN_IDENTIFIER, before.nativeCode().getAsLong());

    Jetraw.init(file);
    assertEquals(file.toString(), StandIn.lastParametersPath());
    assertEquals(camera, StandIn.Header.of(Jetraw.encode(frame, camera)).identifier());
  }

  @Test
  void initWithAnUnreadableFileIsTheSdksStatus(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("missing.dat");
    var e = assertThrows(JetrawException.class, () -> Jetraw.init(missing));
    assertEquals("dpcore_load_parameters returned 'cannot read the parameters file (stand-in)'",
        e.getMessage());
    assertEquals(StandIn.FILE_READ_ERROR, e.nativeCode().getAsLong());
    assertEquals(missing.toString(), StandIn.lastParametersPath());

    Path empty = Files.createFile(dir.resolve("empty.dat"));
    var e2 = assertThrows(JetrawException.class, () -> Jetraw.init(empty));
    assertEquals(StandIn.PARAMETER_ERROR, e2.nativeCode().getAsLong());
    assertThrows(IllegalArgumentException.class, () -> Jetraw.init((Path) null));
  }

  @Test
  void dpcoreInitRunsOnceWhateverTheThreads() throws Exception {
    int threads = 8;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final int seed = t;
        Callable<byte[]> task = () -> {
          start.await();
          assertEquals(1, Jetraw.init()); // the stand-in's dpcore_init reports one file
          short[] pixels = image(30 + seed, 20);
          byte[] stream = Jetraw.encode(NdArray.of(pixels, DType.UINT16, 30 + seed, 20), ID);
          assertArrayEquals(pixels, decode(stream, pixels.length));
          return stream;
        };
        results.add(pool.submit(task));
      }
      for (Future<byte[]> f : results) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, StandIn.dpcore("init_calls"));
  }

  @Test
  void logLevelReachesTheSdk() {
    Jetraw.setLogLevel(2);
    assertEquals(2, StandIn.dpcore("loglevel"));
    Jetraw.setLogLevel(0);
    assertEquals(0, StandIn.dpcore("loglevel"));
    assertThrows(IllegalArgumentException.class, () -> Jetraw.setLogLevel(3));
    assertThrows(IllegalArgumentException.class, () -> Jetraw.setLogLevel(-1));
    assertEquals(0, StandIn.dpcore("loglevel"));
  }

  @Test
  void decodingIntoTooFewPixelsIsTheSdksStatusAndLeavesTheCallersArray() {
    short[] pixels = image(10, 12);
    byte[] stream = Jetraw.encode(NdArray.of(pixels, DType.UINT16, 10, 12), ID);
    short[] small = new short[119];
    Arrays.fill(small, (short) 9);
    var e = assertThrows(JetrawException.class,
        () -> Jetraw.decode(MemorySegment.ofArray(stream), NdArray.of(small, DType.UINT16, 7, 17)));
    assertEquals("jetraw_decode returned 'image buffer too small (stand-in)'", e.getMessage());
    assertEquals(StandIn.IMAGE_TOO_SMALL, e.nativeCode().getAsLong());
    assertEquals(119, StandIn.jetraw("pixels"));
    assertEquals(stream.length, StandIn.jetraw("src_len"));
    short[] nines = new short[119];
    Arrays.fill(nines, (short) 9);
    assertArrayEquals(nines, small);
  }

  @Test
  void damagedStreamsAreTheSdksStatus() {
    byte[] stream = Jetraw.encode(NdArray.of(image(10, 12), DType.UINT16, 10, 12), ID);
    byte[] truncated = Arrays.copyOf(stream, stream.length - 5);
    byte[] badMagic = stream.clone();
    badMagic[0] = 'X';
    for (byte[] damaged : List.of(truncated, badMagic, new byte[] {1, 2, 3})) {
      var e = assertThrows(JetrawException.class, () -> decode(damaged, 120));
      assertEquals(StandIn.CORRUPT_STREAM, e.nativeCode().getAsLong());
      assertTrue(e.getMessage().startsWith("jetraw_decode returned 'not a stand-in stream"),
          e.getMessage());
    }
  }

  @Test
  void decodeChecksItsArgumentsBeforeCallingTheSdk() {
    byte[] stream = Jetraw.encode(NdArray.of(image(10, 12), DType.UINT16, 10, 12), ID);
    MemorySegment in = MemorySegment.ofArray(stream);
    long calls = StandIn.jetraw("decode_calls");
    List<Runnable> bad = List.of(
        () -> Jetraw.decode(null, NdArray.of(new short[120], DType.UINT16, 120)),
        () -> Jetraw.decode(in, (NdArray) null),
        () -> Jetraw.decode(in, NdArray.of(new short[120], DType.INT16, 120)),
        () -> Jetraw.decode(in, NdArray.of(new int[120], DType.UINT32, 120)),
        () -> Jetraw.decode(in, NdArray.of(new short[120], DType.UINT16, 10, 12).transpose()),
        () -> Jetraw.decode(in, NdArray.of(
            MemorySegment.ofArray(new short[120]).asReadOnly(), DType.UINT16, 120)),
        () -> Jetraw.decode(in, NdArray.of(new short[0], DType.UINT16, 0)),
        () -> Jetraw.decode(in, new long[] {10, -12}, Arena.ofAuto()));
    for (Runnable r : bad) {
      assertThrows(IllegalArgumentException.class, r::run);
    }
    var empty = assertThrows(JetrawException.class,
        () -> Jetraw.decode(MemorySegment.ofArray(new byte[0]), NdArray.of(new short[4], DType.UINT16, 4)));
    assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
    assertEquals(calls, StandIn.jetraw("decode_calls"));
  }

  @Test
  void decodeIntoNewOffHeapAndMappedArrays(@TempDir Path dir) {
    short[] pixels = image(24, 36);
    byte[] stream = Jetraw.encode(NdArray.of(pixels, DType.UINT16, 24, 36), ID);
    try (Arena arena = Arena.ofShared()) {
      NdArray fresh = Jetraw.decode(MemorySegment.ofArray(stream), new long[] {24, 36}, arena);
      assertArrayEquals(new long[] {24, 36}, fresh.shape());
      assertEquals(DType.UINT16, fresh.dtype());
      assertArrayEquals(pixels, fresh.segment().toArray(JAVA_SHORT));

      MemorySegment offHeapStream = arena.allocate(stream.length);
      MemorySegment.copy(MemorySegment.ofArray(stream), 0, offHeapStream, 0, stream.length);
      NdArray mapped = NdArray.map(dir.resolve("frame.u2"), FileChannel.MapMode.READ_WRITE, 0,
          DType.UINT16, arena, 24, 36);
      Jetraw.decode(offHeapStream, mapped);
      assertArrayEquals(pixels, mapped.segment().toArray(JAVA_SHORT));
    }
  }

  @Test
  void decodeRefusesToAllocateMoreThanTheLimit() {
    byte[] stream = Jetraw.encode(NdArray.of(image(4, 4), DType.UINT16, 4, 4), ID);
    String old = System.getProperty(DecodeLimits.PROPERTY);
    System.setProperty(DecodeLimits.PROPERTY, "1000");
    try {
      var e = assertThrows(JetrawException.class,
          () -> Jetraw.decode(MemorySegment.ofArray(stream), new long[] {100, 100}, Arena.ofAuto()));
      assertTrue(e.getMessage().contains("20000 bytes"), e.getMessage());
    } finally {
      if (old == null) {
        System.clearProperty(DecodeLimits.PROPERTY);
      } else {
        System.setProperty(DecodeLimits.PROPERTY, old);
      }
    }
  }

  @Test
  void everyStatusIsDescribedByTheSdk() {
    assertEquals("unknown status (stand-in)", Jetraw.describe(9999));
    assertEquals("image buffer too small (stand-in)", Jetraw.describe(StandIn.IMAGE_TOO_SMALL));
    assertNotEquals(Jetraw.describe(StandIn.IMAGE_TOO_SMALL), Jetraw.describe(StandIn.CORRUPT_STREAM));
    assertFalse(Jetraw.failure("f", 12).getMessage().contains("12"));
  }
}
