package org.scicodecs.pcodec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.OutputTooSmallException;
import org.scicodecs.TestData;

class PcodecTest {

  @ParameterizedTest
  @EnumSource(DType.class)
  void everyDtypeRoundTripsExactlyWithTheRecordedTypeAndCount(DType dtype) {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = NdArray.allocate(arena, dtype, 31, 32, 3);
      Random r = new Random(dtype.ordinal());
      for (long i = 0; i < data.byteSize(); i += dtype.byteSize()) {
        // a slow ramp plus noise in the low byte: compressible, not trivial
        data.segment().set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt(16));
        if (dtype.byteSize() > 1) {
          data.segment().set(ValueLayout.JAVA_BYTE, i + 1, (byte) (i / 4096));
        }
      }
      for (PcodecOptions options : new PcodecOptions[] {PcodecOptions.defaults(),
          PcodecOptions.level(10), PcodecOptions.level(0).withPageSize(100)}) {
        MemorySegment stream = Pcodec.encode(data, options, arena);
        assertTrue(Pcodec.check(stream));
        PcodecInfo info = Pcodec.readInfo(stream);
        assertEquals(dtype, info.dtype());
        assertEquals(data.size(), info.count());
        NdArray flat = Pcodec.decode(stream, arena);
        assertArrayEquals(new long[] {data.size()}, flat.shape());
        assertEquals(-1, data.segment().mismatch(flat.segment()), dtype + " " + options);
        NdArray shaped = Pcodec.decode(stream, dtype, new long[] {31, 32, 3}, arena);
        assertEquals(-1, data.segment().mismatch(shaped.segment()));
      }
    }
  }

  static Stream<String> compatAssets() throws Exception {
    Path dir = TestData.sharedData("pcodec-compat/assets");
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString().replace(".pco", "")).sorted().toList().stream();
    }
  }

  /** Streams written by pco v0.0.0 ... v1.0.0 decode to the numbers their generators made. */
  @ParameterizedTest
  @MethodSource("compatAssets")
  void streamsFromEveryPcoVersionDecodeExactly(String name) throws Exception {
    Path expectedDir = TestData.sharedData("pcodec-compat/expected");
    Path expected;
    try (Stream<Path> files = Files.list(expectedDir)) {
      expected = files.filter(p -> p.getFileName().toString().startsWith(name + ".")).findFirst().orElseThrow();
    }
    String code = expected.getFileName().toString().split("\\.")[1];
    DType dtype = DType.fromNumpy(code);
    byte[] values = Files.readAllBytes(expected);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment stream = TestData.readFile(TestData.sharedData("pcodec-compat/assets/" + name + ".pco"), arena);
      NdArray out = Pcodec.decode(stream, dtype, new long[] {values.length / dtype.byteSize()}, arena);
      assertEquals(-1, MemorySegment.ofArray(values).mismatch(out.segment()), name);
    }
  }

  @Test
  void realDataStreamsDecodeToTheirInputsAndReencodeLikeUpstreamsCApi() throws Exception {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment stream = TestData.readFile(
          TestData.sharedData("pcodec-compat/real_data_streams/knee_mr_512x512_u16.pco"), arena);
      NdArray raw = TestData.mapRaw(TestData.sharedData("vtk-medical-ct-mr/knee_mr_512x512_u16le.raw"),
          DType.UINT16, arena, 512, 512);
      NdArray decoded = Pcodec.decode(stream, DType.UINT16, new long[] {512, 512}, arena);
      assertEquals(-1, raw.segment().mismatch(decoded.segment()));
      // The reference was written by pco's own simple_compress, which records no number type in
      // byte 5; the C API (upstream's and ours, as imagecodecs calls it) records it: 7 = uint16.
      MemorySegment ours = Pcodec.encode(raw, PcodecOptions.level(8), arena);
      assertEquals(stream.byteSize(), ours.byteSize());
      assertEquals(5, stream.mismatch(ours));
      assertEquals(7, ours.get(ValueLayout.JAVA_BYTE, 5));
      assertEquals(-1, stream.asSlice(6).mismatch(ours.asSlice(6)));
    }
  }

  @Test
  void heapArraysAndTooSmallOutputs() {
    long[] column = new long[5000];
    for (int i = 0; i < column.length; i++) {
      column[i] = 1_000_000L * i + (i % 7);
    }
    NdArray data = NdArray.of(column);
    byte[] stream = Pcodec.encode(data, PcodecOptions.defaults());
    byte[] out = new byte[stream.length + 8];
    java.util.Arrays.fill(out, (byte) 0x55);
    var e = assertThrows(OutputTooSmallException.class,
        () -> Pcodec.encode(data, PcodecOptions.defaults(), MemorySegment.ofArray(out).asSlice(0, stream.length - 1)));
    assertEquals(stream.length, e.requiredBytes());
    for (byte b : out) {
      assertEquals(0x55, b);
    }
    assertEquals(stream.length, Pcodec.encode(data, PcodecOptions.defaults(), MemorySegment.ofArray(out)));
    assertEquals(0x55, out[stream.length]);
    long[] back = new long[column.length];
    Pcodec.decode(MemorySegment.ofArray(stream), NdArray.of(back));
    assertArrayEquals(column, back);
    assertThrows(PcodecException.class,
        () -> Pcodec.decode(MemorySegment.ofArray(stream), NdArray.of(new long[column.length - 1])));
    assertThrows(PcodecException.class,
        () -> Pcodec.decode(MemorySegment.ofArray(stream), NdArray.of(new int[column.length])));
  }

  @Test
  void truncatedGarbageAndOversizedStreamsAreExceptions() {
    int[] values = new int[300];
    for (int i = 0; i < values.length; i++) {
      values[i] = i * i;
    }
    byte[] stream = Pcodec.encode(NdArray.of(values), PcodecOptions.defaults());
    for (int n = 0; n < stream.length; n++) {
      byte[] cut = java.util.Arrays.copyOf(stream, n);
      assertThrows(RuntimeException.class, () -> {
        try (Arena arena = Arena.ofConfined()) {
          Pcodec.decode(MemorySegment.ofArray(cut), DType.INT32, new long[] {300}, arena);
        }
      }, "prefix " + n);
    }
    for (int i = 0; i < stream.length; i++) {
      byte[] flipped = stream.clone();
      flipped[i] ^= (byte) 0x5a;
      try (Arena arena = Arena.ofConfined()) {
        Pcodec.decode(MemorySegment.ofArray(flipped), DType.INT32, new long[] {300}, arena);
      } catch (PcodecException expected) {
        // a corrupt stream; a flip in the data may also decode to other numbers
      }
    }
    assertFalse(Pcodec.check(MemorySegment.ofArray(new byte[] {'p', 'c', 'o'})));
    assertFalse(Pcodec.check(MemorySegment.ofArray("zfp!".getBytes())));
    try (Arena arena = Arena.ofConfined()) {
      var huge = assertThrows(PcodecException.class,
          () -> Pcodec.decode(MemorySegment.ofArray(stream), DType.INT32, new long[] {1L << 40}, arena));
      assertTrue(huge.getMessage().contains("more than"), huge.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> PcodecOptions.level(13));
    assertEquals(12, PcodecOptions.of(99).level());
    assertEquals(8, PcodecOptions.of(null).level());
  }
}
