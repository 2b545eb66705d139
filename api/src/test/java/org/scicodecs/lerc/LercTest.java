package org.scicodecs.lerc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.OutputTooSmallException;
import org.scicodecs.TestData;

class LercTest {

  @ParameterizedTest
  @EnumSource(names = {"INT8", "UINT8", "INT16", "UINT16", "INT32", "UINT32", "FLOAT32", "FLOAT64"})
  void losslessRoundTripsInEveryLayout(DType dtype) {
    try (Arena arena = Arena.ofConfined()) {
      for (long[] shape : new long[][] {{500}, {31, 37}, {31, 37, 3}, {2, 31, 37, 4}}) {
        NdArray data = TestData.noisy(arena, dtype, 11, shape);
        MemorySegment blob = Lerc.encode(data, null, LercOptions.lossless(), arena);
        assertTrue(Lerc.check(blob));
        LercDecoded d = Lerc.decode(blob, arena);
        assertNull(d.masks());
        assertEquals(data.size(), d.data().size());
        assertEquals(-1, data.segment().mismatch(d.data().segment()), dtype + " " + shape.length + "-D");
      }
      NdArray planar = TestData.noisy(arena, dtype, 12, 3, 20, 30);
      MemorySegment blob = Lerc.encode(planar, null, LercOptions.lossless().withPlanar(true), arena);
      LercInfo info = Lerc.readInfo(blob);
      assertEquals(3, info.bands());
      assertArrayEquals(new long[] {3, 20, 30}, info.shape());
      assertEquals(-1, planar.segment().mismatch(Lerc.decode(blob, arena).data().segment()));
    }
  }

  @Test
  void toleranceBoundsTheErrorOnRealData() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray field = TestData.mapRaw(TestData.sharedData("sperr-turbulence/vorticity.512_512"),
          DType.FLOAT32, arena, 512, 512);
      for (double t : new double[] {1e-1, 1e-3, 1e-5}) {
        LercDecoded d = Lerc.decode(Lerc.encode(field, null, LercOptions.tolerance(t), arena), arena);
        assertTrue(TestData.maxAbsDiff(field, d.data()) <= t, "tolerance " + t);
      }
    }
  }

  @Test
  void masksRoundTripAndInvalidPixelsReadAsZero() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.FLOAT32, 3, 16, 20);
      byte[] m = new byte[16 * 20];
      for (int i = 0; i < m.length; i++) {
        m[i] = (byte) (i % 3 == 0 ? 0 : 1);
      }
      NdArray mask = NdArray.of(m, DType.UINT8, 16, 20);
      MemorySegment blob = Lerc.encode(data, mask, LercOptions.lossless().withPlanar(true), arena);
      LercDecoded d = Lerc.decode(blob, arena);
      assertArrayEquals(m, d.masks().segment().toArray(ValueLayout.JAVA_BYTE));
      for (long i = 0; i < data.size(); i++) {
        double expected = m[(int) (i % m.length)] == 0 ? 0 : data.getDoubleFlat(i);
        assertEquals(expected, d.data().getDoubleFlat(i));
      }
      assertThrows(IllegalArgumentException.class,
          () -> Lerc.encode(data, NdArray.of(new byte[15 * 20], DType.UINT8, 15, 20), LercOptions.lossless(), arena));
    }
  }

  record Reference(String blob, String data, DType dtype, long[] shape, String mask) {}

  @Test
  void referenceBlobsDecodeToTheirReferenceArraysIncludingZstdWrapped() throws Exception {
    Reference[] refs = {
      new Reference("california_400_400_1_float.lerc2", "california_400x400_f32.raw", DType.FLOAT32,
          new long[] {400, 400}, "california_400x400_validmask_u8.raw"),
      new Reference("world.lerc1", "world_257x257_f32.raw", DType.FLOAT32, new long[] {257, 257},
          "world_257x257_validmask_u8.raw"),
      new Reference("bluemarble_256_256_3_byte.lerc2", "bluemarble_3x256x256_u8.raw", DType.UINT8,
          new long[] {3, 256, 256}, "bluemarble_256x256_validmask_u8.raw"),
      new Reference("zstd.lerc2", "zstd_lerc2_decoded_512x512x3_u8.raw", DType.UINT8, new long[] {512, 512, 3}, null)
    };
    for (Reference r : refs) {
      try (Arena arena = Arena.ofConfined()) {
        Path dir = TestData.sharedData("lerc-testdata");
        MemorySegment blob = TestData.readFile(dir.resolve(r.blob), arena);
        LercDecoded d = Lerc.decode(blob, arena);
        assertEquals(r.dtype, d.data().dtype(), r.blob);
        assertArrayEquals(r.shape, d.data().shape(), r.blob);
        assertEquals(-1, MemorySegment.ofArray(Files.readAllBytes(dir.resolve(r.data))).mismatch(d.data().segment()), r.blob);
        if (r.mask == null) {
          assertNull(d.masks(), r.blob);
        } else {
          assertEquals(-1, MemorySegment.ofArray(Files.readAllBytes(dir.resolve(r.mask))).mismatch(d.masks().segment()), r.blob);
        }
      }
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment zstd = TestData.readFile(TestData.sharedData("lerc-testdata/zstd.lerc2"), arena);
      assertFalse(Lerc.check(zstd), "imagecodecs' lerc_check does not see through wrappers");
      assertEquals(4, Lerc.readInfo(zstd).version());
    }
  }

  @Test
  void zlibWrappedBlobsDecode() throws Exception {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.smooth(arena, DType.UINT16, 40, 50);
      byte[] blob = Lerc.encode(data, LercOptions.lossless());
      java.util.zip.Deflater deflater = new java.util.zip.Deflater(7);
      deflater.setInput(blob);
      deflater.finish();
      byte[] buf = new byte[blob.length * 2 + 64];
      int n = deflater.deflate(buf);
      deflater.end();
      LercDecoded d = Lerc.decode(MemorySegment.ofArray(java.util.Arrays.copyOf(buf, n)), arena);
      assertEquals(-1, data.segment().mismatch(d.data().segment()));
    }
  }

  @Test
  void hostileAndTooSmallCasesAreClearErrors() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = TestData.noisy(arena, DType.FLOAT32, 3, 30, 30);
      byte[] blob = Lerc.encode(data, LercOptions.tolerance(0.01));
      for (int n = 0; n < blob.length; n += 5) {
        byte[] cut = java.util.Arrays.copyOf(blob, n);
        assertThrows(LercException.class, () -> Lerc.decode(MemorySegment.ofArray(cut), arena), "prefix " + n);
      }
      var small = assertThrows(OutputTooSmallException.class,
          () -> Lerc.encode(data, null, LercOptions.tolerance(0.01), MemorySegment.ofArray(new byte[blob.length - 1])));
      assertEquals(blob.length, small.requiredBytes());
      assertThrows(IllegalArgumentException.class, () -> Lerc.encode(NdArray.of(new long[4]), LercOptions.lossless()));
      assertThrows(IllegalArgumentException.class, () -> LercOptions.tolerance(-1));
      assertEquals(0.0, LercOptions.of(-5.0, null).tolerance());
      assertThrows(IllegalArgumentException.class, () -> LercOptions.lossless().withVersion(7));
      NdArray wrong = NdArray.allocate(arena, DType.FLOAT64, 30, 30);
      assertThrows(LercException.class, () -> Lerc.decode(MemorySegment.ofArray(blob), wrong, null));
    }
  }

  /** LERC 4.0.0's codec version 2 writes past the size it reports; nothing past ours may change. */
  @Test
  void codecVersion2NeverWritesPastTheCallersBlob() {
    try (Arena arena = Arena.ofConfined()) {
      for (DType dtype : new DType[] {DType.INT8, DType.UINT16, DType.INT32}) {
        NdArray data = NdArray.allocate(arena, dtype, 6, 11);
        for (long i = 0; i < data.byteSize(); i += dtype.byteSize()) {
          data.segment().set(ValueLayout.JAVA_BYTE, i, (byte) (40 + i % 20));
        }
        LercOptions v2 = LercOptions.tolerance(5).withVersion(2);
        byte[] blob = Lerc.encode(data, v2);
        MemorySegment out = arena.allocate(blob.length + 16);
        out.fill((byte) 0x55);
        assertEquals(blob.length, Lerc.encode(data, null, v2, out.asSlice(0, blob.length)));
        for (long i = blob.length; i < out.byteSize(); i++) {
          assertEquals(0x55, out.get(ValueLayout.JAVA_BYTE, i), dtype + ": byte " + i + " past the blob");
        }
        assertEquals(-1, MemorySegment.ofArray(blob).mismatch(out.asSlice(0, blob.length)));
      }
    }
  }

  /** Lossless keeps -0.0, subnormals and infinities; NaN becomes an invalid pixel (documented). */
  @Test
  void losslessSpecialValuesAndNanAsInvalidPixels() {
    try (Arena arena = Arena.ofConfined()) {
      float[] special = {1f, -0.0f, Float.MIN_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3f};
      LercDecoded d = Lerc.decode(MemorySegment.ofArray(Lerc.encode(NdArray.of(special, 2, 3), LercOptions.lossless())), arena);
      assertNull(d.masks());
      assertEquals(-1, MemorySegment.ofArray(special).mismatch(d.data().segment()));
      float[] withNan = {1f, Float.intBitsToFloat(0x7fc00001), 2f, 3f};
      LercDecoded n = Lerc.decode(MemorySegment.ofArray(Lerc.encode(NdArray.of(withNan, 2, 2), LercOptions.lossless())), arena);
      assertArrayEquals(new byte[] {1, 0, 1, 1}, n.masks().segment().toArray(ValueLayout.JAVA_BYTE));
      assertEquals(0f, n.data().segment().getAtIndex(ValueLayout.JAVA_FLOAT, 1));
    }
  }

  @Test
  void nanBesideNumbersInAPixelsDepthIsRefusedAndAWholeNanPixelIsMasked() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = NdArray.allocate(arena, DType.FLOAT32, 4, 5, 3); // rows, cols, depth
      for (long i = 0; i < data.size(); i++) {
        data.segment().setAtIndex(ValueLayout.JAVA_FLOAT, i, i * 0.5f);
      }
      data.segment().setAtIndex(ValueLayout.JAVA_FLOAT, 7, Float.NaN); // pixel 2, depth 1 of 3
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Lerc.encode(data, LercOptions.lossless()));
      assertTrue(e.getMessage().contains("pixel 2"), e.getMessage());
      for (long k = 6; k < 9; k++) { // the whole pixel NaN: an invalid pixel
        data.segment().setAtIndex(ValueLayout.JAVA_FLOAT, k, Float.NaN);
      }
      LercDecoded d = Lerc.decode(MemorySegment.ofArray(Lerc.encode(data, LercOptions.lossless())), arena);
      assertEquals(0, d.masks().segment().get(ValueLayout.JAVA_BYTE, 2));
      assertEquals(1, d.masks().segment().get(ValueLayout.JAVA_BYTE, 3));
      assertEquals(4.5f, d.data().segment().getAtIndex(ValueLayout.JAVA_FLOAT, 9));
    }
  }
}
