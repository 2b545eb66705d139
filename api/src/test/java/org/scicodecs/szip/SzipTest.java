package org.scicodecs.szip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.OutputTooSmallException;
import org.scicodecs.TestData;

class SzipTest {
  static final SzipOptions CANONICAL_OPTIONS = new SzipOptions(141, 32, 16, 256, true);

  /** numcodecs PR 422 / imagecodecs test_szip_canonical: 72 bytes with the HDF5 size header. */
  static byte[] canonical() {
    byte[] unit = "\u0015UUUUUUUQUUUUUUUU".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] s = new byte[4 + unit.length * 4];
    s[1] = 2; // 512 as u32 LE: 00 02 00 00
    for (int i = 0; i < 4; i++) {
      System.arraycopy(unit, 0, s, 4 + i * unit.length, unit.length);
    }
    return s;
  }

  @Test
  void canonicalStreamDecodesToOnesAndReencodesIdentically() {
    byte[] stream = canonical();
    assertEquals(72, stream.length);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment decoded = Szip.decode(MemorySegment.ofArray(stream), CANONICAL_OPTIONS, arena);
      short[] ones = new short[256];
      Arrays.fill(ones, (short) 1);
      assertArrayEquals(ones, decoded.toArray(ValueLayout.JAVA_SHORT));
      assertArrayEquals(stream, Szip.encode(MemorySegment.ofArray(ones), CANONICAL_OPTIONS));
      SzipOptions derived = SzipOptions.forArray(NdArray.of(ones, DType.UINT16), 1 | 4 | 128, 32);
      assertEquals(new SzipOptions(141, 32, 16, 256, false), derived);
      assertArrayEquals(stream, Szip.encode(MemorySegment.ofArray(ones), derived.withHeader(true)));
    }
  }

  @Test
  void parametersDerivedFromArraysAsHdf5DoesIt() {
    assertEquals(new SzipOptions(141, 16, 16, 256, false),
        SzipOptions.forArray(NdArray.of(new short[256 * 256], DType.UINT16, 256, 256), 1 | 4 | 128, 16));
    assertEquals(new SzipOptions(12, 32, 32, 4096, false),
        SzipOptions.forArray(NdArray.of(new byte[2 * 8192 * 4], DType.UINT8, 2, 8192, 4), 4, 32));
    assertEquals(new SzipOptions(12, 4, 64, 4, false),
        SzipOptions.forArray(NdArray.of(new double[4]), 4, 32));
  }

  @Test
  void randomBytesRoundTripAndTooSmallBuffersFailClearly() {
    SzipOptions options = new SzipOptions(141, 32, 8, 256, true);
    Random r = new Random(1);
    for (int n : new int[] {0, 2, 3069}) {
      byte[] data = new byte[n];
      r.nextBytes(data);
      byte[] stream = Szip.encode(MemorySegment.ofArray(data), options);
      try (Arena arena = Arena.ofConfined()) {
        assertArrayEquals(data, Szip.decode(MemorySegment.ofArray(stream), options, arena).toArray(ValueLayout.JAVA_BYTE));
      }
      byte[] exact = new byte[stream.length];
      assertEquals(stream.length, Szip.encode(MemorySegment.ofArray(data), options, MemorySegment.ofArray(exact)));
      assertArrayEquals(stream, exact);
      assertThrows(OutputTooSmallException.class, () -> Szip.encode(MemorySegment.ofArray(data), options,
          MemorySegment.ofArray(new byte[stream.length - 1])));
      if (n > 0) {
        assertThrows(OutputTooSmallException.class, () -> Szip.decode(MemorySegment.ofArray(stream), options,
            MemorySegment.ofArray(new byte[n - 1])));
      }
    }
  }

  @Test
  void boundHoldsForShortScanlines() {
    // imagecodecs issue 128: pixels per scanline not a multiple of the block.
    byte[] data = new byte[4000];
    new Random(2).nextBytes(data);
    SzipOptions options = new SzipOptions(0, 32, 8, 33, true);
    byte[] stream = Szip.encode(MemorySegment.ofArray(data), options);
    try (Arena arena = Arena.ofConfined()) {
      assertArrayEquals(data, Szip.decode(MemorySegment.ofArray(stream), options, arena).toArray(ValueLayout.JAVA_BYTE));
    }
  }

  @Test
  void realImageRoundTripsWithoutHeaderIntoTheCallersSegment() throws Exception {
    byte[] raw = Files.readAllBytes(TestData.sharedData("vtk-medical-ct-mr/knee_mr_512x512_u16le.raw"));
    for (SzipOptions options : new SzipOptions[] {SzipOptions.of("ec", 16, 16, 512), SzipOptions.of("nn", 32, 16, 512)}) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment stream = Szip.encode(arena.allocateFrom(ValueLayout.JAVA_BYTE, raw), options, arena);
        MemorySegment out = arena.allocate(raw.length);
        assertEquals(raw.length, Szip.decode(stream, options, out));
        assertEquals(-1, MemorySegment.ofArray(raw).mismatch(out));
      }
    }
    assertThrows(IllegalArgumentException.class, () -> SzipOptions.of("xx", 16, 16, 512));
    assertThrows(IllegalArgumentException.class, () -> new SzipOptions(4, 33, 16, 512, false));
    assertThrows(IllegalArgumentException.class, () -> new SzipOptions(4, 16, 16, 5000, false));
    try (Arena arena = Arena.ofConfined()) {
      assertThrows(IllegalArgumentException.class,
          () -> Szip.decode(MemorySegment.ofArray(new byte[8]), SzipOptions.of("ec", 16, 16, 512), arena));
      assertThrows(SzipException.class,
          () -> Szip.decode(MemorySegment.ofArray(new byte[2]), CANONICAL_OPTIONS, arena));
      byte[] lying = canonical();
      lying[3] = (byte) 0xff; // the header claims 4 GiB, over the decode limit
      assertThrows(SzipException.class, () -> Szip.decode(MemorySegment.ofArray(lying), CANONICAL_OPTIONS, arena));
    }
  }
}
