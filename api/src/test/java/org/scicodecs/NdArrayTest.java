package org.scicodecs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdArrayTest {

  @Test
  void javaArraysAreWrappedWithoutCopyInCOrder() {
    float[] data = new float[6];
    NdArray a = NdArray.of(data, 2, 3);
    assertArrayEquals(new long[] {3, 1}, a.strides());
    assertTrue(a.isContiguous());
    data[4] = 7f; // row 1, column 1
    assertEquals(7.0, a.getDouble(1, 1));
    assertEquals(DType.FLOAT32, a.dtype());
    assertArrayEquals(new long[] {6}, NdArray.of(new int[6]).shape());
    assertEquals(DType.UINT16, NdArray.of(new short[4], DType.UINT16, 2, 2).dtype());
    assertThrows(IllegalArgumentException.class, () -> NdArray.of(new float[5], 2, 3));
    assertThrows(IllegalArgumentException.class, () -> NdArray.of(new int[4], DType.FLOAT32, 4));
  }

  @Test
  void unsignedAndHalfValuesReadAsNumbers() {
    assertEquals(255.0, NdArray.of(new byte[] {-1}, DType.UINT8).getDouble(0));
    assertEquals(65535.0, NdArray.of(new short[] {-1}, DType.UINT16).getDouble(0));
    assertEquals(4294967295.0, NdArray.of(new int[] {-1}, DType.UINT32).getDouble(0));
    assertEquals(1.8446744073709552E19, NdArray.of(new long[] {-1}, DType.UINT64).getDouble(0));
    assertEquals(1.5, NdArray.of(new short[] {Float.floatToFloat16(1.5f)}, DType.FLOAT16).getDouble(0));
  }

  @Test
  void transposeAndSliceAreViewsOfTheSameMemory() {
    double[] data = new double[4 * 5];
    for (int i = 0; i < data.length; i++) {
      data[i] = i;
    }
    NdArray a = NdArray.of(data, 4, 5);
    NdArray t = a.transpose();
    assertArrayEquals(new long[] {5, 4}, t.shape());
    assertArrayEquals(new long[] {1, 5}, t.strides());
    assertEquals(a.getDouble(2, 3), t.getDouble(3, 2));
    assertFalse(t.isContiguous());
    NdArray s = a.slice(1, 1, 5, 2); // columns 1 and 3
    assertArrayEquals(new long[] {4, 2}, s.shape());
    assertEquals(13.0, s.getDouble(2, 1));
    assertEquals(13.0, s.getDoubleFlat(5));
    try (Arena arena = Arena.ofConfined()) {
      NdArray c = s.toContiguous(arena);
      assertTrue(c.isContiguous());
      for (long i = 0; i < c.size(); i++) {
        assertEquals(s.getDoubleFlat(i), c.getDoubleFlat(i));
      }
    }
    assertThrows(IllegalArgumentException.class, () -> a.slice(0, 2, 9, 1));
    assertThrows(IllegalArgumentException.class, () -> a.transpose(0, 0));
    assertThrows(IllegalStateException.class, t::contiguousSegment);
  }

  @Test
  void segmentsMustHoldEveryAddressedElementAndBeAligned() {
    MemorySegment small = MemorySegment.ofArray(new byte[15]);
    var e = assertThrows(IllegalArgumentException.class, () -> NdArray.of(small, DType.UINT8, 4, 4));
    assertTrue(e.getMessage().contains("needs 16 bytes"), e.getMessage());
    MemorySegment big = MemorySegment.ofArray(new byte[64]);
    assertThrows(IllegalArgumentException.class,
        () -> NdArray.of(big, DType.UINT8, new long[] {4, 4}, new long[] {21, 1}));
    assertThrows(IllegalArgumentException.class, () -> NdArray.of(big.asSlice(1), DType.INT32, 4));
    assertThrows(IllegalArgumentException.class,
        () -> NdArray.of(big, DType.UINT8, new long[] {4}, new long[] {-1}));
    var overflow = assertThrows(IllegalArgumentException.class,
        () -> NdArray.of(big, DType.FLOAT64, 1L << 40, 1L << 40));
    assertTrue(overflow.getMessage().contains("overflows"), overflow.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NdArray.of(big, DType.UINT8, new long[33]));
  }

  @Test
  void mappedFilesAreArraysAndWritesReachTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a.i16");
    try (Arena arena = Arena.ofConfined()) {
      NdArray a = NdArray.map(file, FileChannel.MapMode.READ_WRITE, 0, DType.INT16, arena, 3, 4);
      NdArray.of(new short[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 3, 4).copyTo(a);
    }
    assertEquals(24, Files.size(file));
    try (Arena arena = Arena.ofConfined()) {
      NdArray b = NdArray.map(file, FileChannel.MapMode.READ_ONLY, 8, DType.INT16, arena, 2, 4);
      assertEquals(5.0, b.getDouble(0, 0));
      assertEquals(12.0, b.getDouble(1, 3));
    }
  }

  @Test
  void copyToHandlesAnyLayoutsAndRefusesMismatches() {
    int[] src = {1, 2, 3, 4, 5, 6};
    int[] dst = new int[6];
    NdArray.of(src, 2, 3).transpose().copyTo(NdArray.of(dst, 3, 2));
    assertArrayEquals(new int[] {1, 4, 2, 5, 3, 6}, dst);
    assertThrows(IllegalArgumentException.class, () -> NdArray.of(src, 2, 3).copyTo(NdArray.of(dst, 6)));
  }

  @Test
  void numpyNamesMapToDtypes() {
    assertEquals(DType.FLOAT32, DType.fromNumpy("<f4"));
    assertEquals(DType.UINT8, DType.fromNumpy("|u1"));
    assertEquals(DType.INT64, DType.fromNumpy("int64"));
    assertEquals(DType.FLOAT16, DType.fromNumpy("=f2"));
    assertEquals("<f8", DType.FLOAT64.numpyDescr());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DType.fromNumpy(">f4"))
        .getMessage().contains("big-endian"));
    assertThrows(IllegalArgumentException.class, () -> DType.fromNumpy("complex64"));
    assertTrue(DType.UINT16.isInteger() && !DType.UINT16.isSigned());
    assertTrue(DType.FLOAT16.isFloatingPoint() && DType.FLOAT16.byteSize() == 2);
  }
}
