package org.scicodecs.floatpred;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.TestData;

/**
 * The floating-point predictor against hand-computed bytes, imagecodecs' reference files, and a
 * plain byte-by-byte model of the algorithm (spec section 5.3) over many shapes, axes, distances
 * and layouts; round trips, in-place and overlapping outputs, the zlib usage example, and errors.
 */
class FloatpredTest {
  private static final DType[] DTYPES = {DType.FLOAT16, DType.FLOAT32, DType.FLOAT64};

  // ---- hand-computed bytes -------------------------------------------------------------------

  @Test
  void float32RowByHand() {
    // 1.0, 2.0, 3.0 = 3F800000 40000000 40400000. Planes, most significant byte first:
    // 3F 40 40 | 80 00 40 | 00 00 00 | 00 00 00; each byte minus the one before it (mod 256).
    NdArray encoded = Floatpred.encode(NdArray.of(new float[] {1f, 2f, 3f}));
    assertArrayEquals(
        bytes(0x3F, 0x01, 0x00, 0x40, 0x80, 0x40, 0xC0, 0, 0, 0, 0, 0), toBytes(encoded));
    float[] back = new float[3];
    Floatpred.decode(encoded, -1, 1, NdArray.of(back));
    assertArrayEquals(new float[] {1f, 2f, 3f}, back);
  }

  @Test
  void float16BothAxesByHand() {
    // [[1, -1], [0.5, 2]] = 3C00 BC00 / 3800 4000
    short[] h = {0x3C00, (short) 0xBC00, 0x3800, 0x4000};
    NdArray data = NdArray.of(h, DType.FLOAT16, 2, 2);
    // axis -1: two rows. 3C BC 00 00 -> 3C 80 44 00; 38 40 00 00 -> 38 08 C0 00
    assertArrayEquals(
        bytes(0x3C, 0x80, 0x44, 0x00, 0x38, 0x08, 0xC0, 0x00),
        toBytes(Floatpred.encode(data, -1, 1)));
    // axis -2 (0): one row of 4 with distance 2: 3C BC 38 40 00 00 00 00 -> 3C BC FC 84 C8 C0 00 00
    byte[] vertical = bytes(0x3C, 0xBC, 0xFC, 0x84, 0xC8, 0xC0, 0x00, 0x00);
    assertArrayEquals(vertical, toBytes(Floatpred.encode(data, -2, 1)));
    assertArrayEquals(vertical, toBytes(Floatpred.encode(data, 0, 1)));
    // axis -1 with dist 2: one row per data row, distance 2: 3C BC 00 00 -> 3C BC C4 44
    assertArrayEquals(
        bytes(0x3C, 0xBC, 0xC4, 0x44, 0x38, 0x40, 0xC8, 0xC0),
        toBytes(Floatpred.encode(data, -1, 2)));
  }

  @Test
  void float64PairByHand() {
    // 1.0 = 3FF0000000000000 twice: planes 3F 3F F0 F0 00 ... -> 3F 00 B1 00 10 00 00 ...
    byte[] expected = new byte[16];
    expected[0] = 0x3F;
    expected[2] = (byte) 0xB1;
    expected[4] = 0x10;
    assertArrayEquals(expected, toBytes(Floatpred.encode(NdArray.of(new double[] {1.0, 1.0}))));
  }

  // ---- imagecodecs' reference files ----------------------------------------------------------

  @Test
  void imagecodecsReferenceFiles() throws Exception {
    Path dir = TestData.sharedData("imagecodecs-tests/floatpred");
    try (Arena arena = Arena.ofConfined()) {
      NdArray rgb = TestData.mapRaw(dir.resolve("rgb.bin"), DType.FLOAT32, arena, 33, 31, 3);
      byte[] chunky = Files.readAllBytes(dir.resolve("rgb.floatpred_le.bin"));
      byte[] planar = Files.readAllBytes(dir.resolve("rrggbb.floatpred_le.bin"));
      // the _be files hold the same bytes: the planes do not depend on the input's byte order
      assertArrayEquals(chunky, Files.readAllBytes(dir.resolve("rgb.floatpred_be.bin")));
      assertArrayEquals(planar, Files.readAllBytes(dir.resolve("rrggbb.floatpred_be.bin")));

      assertArrayEquals(chunky, toBytes(Floatpred.encode(rgb, -2, 1)));
      // planar: the same image seen as (3, 33, 31), a strided view, predicted along rows
      NdArray planes = rgb.transpose(2, 0, 1);
      assertArrayEquals(planar, toBytes(Floatpred.encode(planes, -1, 1)));

      NdArray decoded =
          Floatpred.decode(NdArray.of(MemorySegment.ofArray(chunky), DType.FLOAT32, 33, 31, 3), -2, 1);
      assertEquals(-1, decoded.segment().mismatch(rgb.segment()));
      NdArray decodedPlanes = NdArray.allocate(arena, DType.FLOAT32, 3, 33, 31);
      Floatpred.decode(
          NdArray.of(MemorySegment.ofArray(planar), DType.FLOAT32, 3, 33, 31), -1, 1, decodedPlanes);
      assertEquals(0.0, TestData.maxAbsDiff(planes, decodedPlanes));
      // and straight into the strided (H, W, S) view of a new image
      NdArray image = NdArray.allocate(arena, DType.FLOAT32, 33, 31, 3);
      Floatpred.decode(
          NdArray.of(MemorySegment.ofArray(planar), DType.FLOAT32, 3, 33, 31), -1, 1,
          image.transpose(2, 0, 1));
      assertEquals(-1, image.segment().mismatch(rgb.segment()));
    }
  }

  // ---- the model -------------------------------------------------------------------------------

  /** Shapes chosen so rows are short and long, s small, odd, large, equal to the row, ... */
  private static final long[][] SHAPES = {
    {1}, {2}, {7}, {8}, {9}, {16}, {37}, {64}, {1000},
    {4, 4}, {3, 17}, {17, 3}, {8, 12}, {5, 40}, {40, 5}, {2, 70}, {12, 66}, {1, 33}, {33, 1},
    {2, 3, 4}, {4, 6, 7}, {6, 9, 3}, {3, 2, 96}, {8, 2, 9},
    {2, 3, 4, 5}, {4, 2, 3, 8}, {2, 4, 1, 16},
  };

  /**
   * The plain loops (null) and, when the JVM has the Vector API module, the vector loops: without
   * the 512-bit ones and, where the processor runs them ({@code WideRunningSums.capable()}), with them.
   */
  private static List<VectorLoops> paths() {
    List<VectorLoops> paths = new ArrayList<>();
    paths.add(null);
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      paths.add(vectorLoops(false));
      if (WideRunningSums.capable()) {
        paths.add(vectorLoops(true));
      }
    }
    return paths;
  }

  /** Reflectively, like {@link VectorLoops#choose()}: this class links without the module too. */
  private static VectorLoops vectorLoops(boolean wide) {
    try {
      return (VectorLoops) Class.forName("org.scicodecs.floatpred.FloatpredVector")
          .getDeclaredConstructor(boolean.class).newInstance(wide);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static String name(VectorLoops path) {
    return path == null ? "plain" : path.toString();
  }

  @Test
  void vectorLoopsAreUsedWhenTheModuleIsThere() {
    // the api module's tests run with --add-modules jdk.incubator.vector: a failed self-test or
    // load would silently fall back to the plain loops, and the vector loops would go untested
    boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    assertEquals(module, Floatpred.VECTOR != null, "vector module present: " + module);
    assertEquals(module, Floatpred.vectorized());
    assertEquals(module ? Floatpred.VECTOR.toString()
        : "plain loops (the JVM runs without --add-modules jdk.incubator.vector)", Floatpred.loops());
  }

  @Test
  void everyVectorPathPassesTheSelfTest() {
    // the self-test decides at load time whether the vector loops are used at all
    for (VectorLoops path : paths()) {
      if (path != null) {
        assertTrue(Floatpred.selfTest(path), name(path));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = DType.class, names = {"FLOAT16", "FLOAT32", "FLOAT64", "INT16", "UINT32", "INT64"})
  void matchesTheByteModelForEveryAxisAndDistance(DType dtype) {
    for (VectorLoops path : paths()) {
      for (boolean smallRows : new boolean[] {true, false}) {
        matchesTheByteModel(dtype, path, smallRows);
      }
    }
  }

  /** With {@code smallRows} false, short rows too go through the row kernels. */
  private static void matchesTheByteModel(DType dtype, VectorLoops path, boolean smallRows) {
    int cases = 0;
    try (Arena arena = Arena.ofConfined()) {
      for (long[] shape : SHAPES) {
        NdArray data = random(arena, dtype, cases, shape);
        byte[] raw = toBytes(data);
        for (int axis = -shape.length; axis < shape.length; axis++) {
          for (int dist : new int[] {1, 2, 4}) {
            int ax = axis < 0 ? axis + shape.length : axis;
            if (shape[ax] % dist != 0) {
              assertThrows(FloatpredException.class, () -> Floatpred.encode(data, ax, dist));
              continue;
            }
            String what =
                name(path) + (smallRows ? "" : ", no small rows") + " " + dtype + " "
                    + Arrays.toString(shape) + " axis " + axis + " dist " + dist;
            byte[] expected = model(raw, shape, ax, dist, dtype.byteSize(), true);
            NdArray encoded = code(path, true, data, axis, dist, arena, smallRows);
            assertArrayEquals(expected, toBytes(encoded), what);
            NdArray decoded = code(path, false, encoded, axis, dist, arena, smallRows);
            assertArrayEquals(raw, toBytes(decoded), what);
            // decoding arbitrary bytes is the model's inverse too (and is a bijection)
            assertArrayEquals(
                model(raw, shape, ax, dist, dtype.byteSize(), false),
                toBytes(code(path, false, data, axis, dist, arena, smallRows)), what);
            cases++;
          }
        }
      }
    }
    assertTrue(cases > 150, "cases: " + cases);
  }

  /** One thread, into a new array from {@code arena}; short rows through SmallRows or not. */
  private static NdArray code(
      VectorLoops path, boolean encode, NdArray data, int axis, int dist, Arena arena,
      boolean smallRows) {
    return Floatpred.code(
        path, encode, data, axis, dist, null, arena, 1, Floatpred.MIN_BYTES_PER_THREAD, smallRows);
  }

  @ParameterizedTest
  @EnumSource(value = DType.class, names = {"FLOAT16", "FLOAT32", "FLOAT64"})
  void longRowsWithEveryDistanceTheLoopsDistinguish(DType dtype) {
    for (VectorLoops path : paths()) {
      longRows(dtype, path);
    }
  }

  private static void longRows(DType dtype, VectorLoops path) {
    // s = 1..20 and some larger, rows long enough for many steps of 8 (plain) or 4..16 elements
    // (vector), with every kind of ragged end
    try (Arena arena = Arena.ofConfined()) {
      for (long inner : new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 17, 20, 31, 32, 33, 63, 64, 65, 200}) {
        for (int dist : new int[] {1, 2, 4}) {
          long[] shape = {4, 4 * 13 + 4, inner};
          NdArray data = random(arena, dtype, inner * 7 + dist, shape);
          byte[] raw = toBytes(data);
          for (int axis : new int[] {1, 0}) {
            String what =
                name(path) + " " + dtype + " " + Arrays.toString(shape) + " axis " + axis
                    + " dist " + dist;
            NdArray encoded = Floatpred.code(path, true, data, axis, dist, null, arena);
            assertArrayEquals(model(raw, shape, axis, dist, dtype.byteSize(), true), toBytes(encoded), what);
            assertArrayEquals(
                raw, toBytes(Floatpred.code(path, false, encoded, axis, dist, null, arena)), what);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = DType.class, names = {"FLOAT16", "FLOAT32", "FLOAT64"})
  void manyShortRowsInSeveralBlocksThreadsAndInPlace(DType dtype) {
    // SmallRows takes short rows in blocks of 8 KiB: thousands of rows make several blocks and a
    // partial last one; two threads split the rows; heap arrays and in place go the same way
    int b = dtype.byteSize();
    long[][] shapes = {{5001, 3}, {3001, 1}, {700, 8 / b * 4}, {999, 2, 2}, {2, 2000, 1}, {500, 4, 3}};
    try (Arena shared = Arena.ofShared()) {
      for (long[] shape : shapes) {
        NdArray data = random(shared, dtype, shape[0], shape);
        byte[] raw = toBytes(data);
        for (int axis : new int[] {-1, -2}) {
          for (int dist : new int[] {1, 2, 4}) {
            int ax = axis + shape.length;
            long rowBytes = b;
            for (int i = ax; i < shape.length; i++) {
              rowBytes *= shape[i];
            }
            if (shape[ax] % dist != 0 || rowBytes > 128) {
              continue; // not short rows
            }
            String what = dtype + " " + Arrays.toString(shape) + " axis " + axis + " dist " + dist;
            byte[] expected = model(raw, shape, ax, dist, b, true);
            for (VectorLoops path : paths()) {
              NdArray out = NdArray.allocate(shared, dtype, shape);
              Floatpred.code(path, true, data, axis, dist, out, null, 2, 1 << 12);
              assertArrayEquals(expected, toBytes(out), what + " " + name(path));
              Floatpred.code(path, false, out, axis, dist, out, null, 2, 1 << 12); // in place
              assertArrayEquals(raw, toBytes(out), what + " in place " + name(path));
            }
            byte[] heap = raw.clone();
            NdArray onHeap = NdArray.of(MemorySegment.ofArray(heap), dtype, shape);
            Floatpred.encode(onHeap, axis, dist, onHeap);
            assertArrayEquals(expected, heap, what + " heap, in place");
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
  void rowsOverTheOnePassLimitAndHeapArrays(DType dtype) {
    // Rows of more than Floatpred.MAX_ONE_PASS_ROW bytes are decoded after residue sums, not in
    // one pass, also those of distances 3, 5, 7 (the periodic sums);
    // rows of heap arrays, short or long, reach the loops through native scratch rows (the loops
    // cast to Floatpred.NATIVE and would throw on heap segments): each gives the model's bytes.
    long over = Floatpred.MAX_ONE_PASS_ROW / dtype.byteSize() + 8 * 7 + 3;
    long[][] shapes = {
      {2, over}, {over / 2, 2}, {1, over / 4, 4}, {3, 1000}, {100, 8},
      {(over / 12 + 1) * 4, 3}, {(over / 20 + 1) * 4, 5}, {(over / 28 + 1) * 4, 7}
    };
    for (VectorLoops path : paths()) {
      try (Arena arena = Arena.ofConfined()) {
        int cases = 0;
        for (long[] shape : shapes) {
          NdArray offHeap = random(arena, dtype, shape[shape.length - 1], shape);
          byte[] raw = toBytes(offHeap);
          NdArray heap = NdArray.of(MemorySegment.ofArray(raw.clone()), dtype, shape);
          for (int axis = 0; axis < shape.length; axis++) {
            for (int dist : new int[] {1, 2, 4}) {
              if (shape[axis] % dist != 0) {
                continue;
              }
              String what = name(path) + " " + dtype + " " + Arrays.toString(shape) + " axis "
                  + axis + " dist " + dist;
              byte[] expected = model(raw, shape, axis, dist, dtype.byteSize(), true);
              for (NdArray data : new NdArray[] {offHeap, heap}) {
                NdArray encoded = Floatpred.code(path, true, data, axis, dist, null, null);
                assertArrayEquals(expected, toBytes(encoded), what);
                assertArrayEquals(raw,
                    toBytes(Floatpred.code(path, false, encoded, axis, dist, null, arena)), what);
              }
              cases++;
            }
          }
        }
        assertTrue(cases > 20, "cases: " + cases);
      }
    }
  }

  @Test
  void distancesThatDoNotDivideAVector() {
    // s = 3 (RGB), 5, 6, 7, 12, 20, 31: residue sums over periods of lcm(s, 32) bytes (96 to 992),
    // rows of one period or less up to several periods and a tail; the 512-bit running sums with
    // strides 3, 5, 6, 7 (WideRunningSums.handles); both ways against the model
    long[][] shapes = {
      {2, 40, 3}, {3, 400, 3}, {2, 90, 5}, {2, 50, 6}, {2, 30, 7}, {2, 200, 7}, {3, 30, 12},
      {2, 70, 20}, {2, 70, 31}, {4, 1, 3}
    };
    assertBothWaysAsTheModel(shapes, 1, 3 * 10);
  }

  @Test
  void distancesOfAVectorOrMore() {
    // s >= 64 / b elements (WideRunningSums.decodeFar on 512-bit machines, residueSumsFar for
    // s >= 64; FloatpredVector's far loops else): distances under a block (9, 16, 20, 33), at,
    // just over and well over a block, rows of a block or two past the first s elements, with and
    // without a tail, 2 to 9 pieces of s (the residue sums go four at a time); both ways against
    // the model
    long[][] shapes = {
      {3, 64}, {2, 65}, {3, 100}, {2, 127}, {4, 300}, {3, 64, 3}, {2, 1, 129}, {9, 70}, {6, 128},
      {11, 9}, {9, 16}, {7, 20}, {5, 33}
    };
    assertBothWaysAsTheModel(shapes, 0, 3 * 13);
  }

  /**
   * Encodes and decodes each shape along {@code axis} with distances 1 and 2 (where they divide
   * it), every dtype, every loop set, against the model; at least {@code minCases} per loop set.
   */
  private static void assertBothWaysAsTheModel(long[][] shapes, int axis, int minCases) {
    try (Arena arena = Arena.ofConfined()) {
      int cases = 0;
      for (DType dtype : DTYPES) {
        for (long[] shape : shapes) {
          NdArray data = random(arena, dtype, shape[shape.length - 1] + axis, shape);
          byte[] raw = toBytes(data);
          for (int dist : new int[] {1, 2}) {
            if (shape[axis] % dist != 0) {
              continue;
            }
            byte[] expected = model(raw, shape, axis, dist, dtype.byteSize(), true);
            for (VectorLoops path : paths()) {
              String what = name(path) + " " + dtype + " " + Arrays.toString(shape) + " axis "
                  + axis + " dist " + dist;
              NdArray encoded = Floatpred.code(path, true, data, axis, dist, null, arena);
              assertArrayEquals(expected, toBytes(encoded), what);
              assertArrayEquals(raw,
                  toBytes(Floatpred.code(path, false, encoded, axis, dist, null, arena)), what);
              cases++;
            }
          }
        }
      }
      assertTrue(cases >= minCases * paths().size(), "cases: " + cases);
    }
  }

  @Test
  void loopsTakeMappedAndGlobalSegmentsAsNative() throws Exception {
    // Every loop casts its segments to Floatpred.NATIVE; mapped files and global memory must pass
    // the cast directly (no scratch rows), heap segments must not (they are staged).
    assertTrue(Floatpred.NATIVE.isInstance(Arena.global().allocate(8)));
    assertTrue(Floatpred.NATIVE.isInstance(MemorySegment.ofAddress(64).reinterpret(8)));
    assertFalse(Floatpred.NATIVE.isInstance(MemorySegment.ofArray(new float[16])));
    assertFalse(Floatpred.NATIVE.isInstance(MemorySegment.ofArray(new byte[16])));
    long[] shape = {40, 130};
    Path file = Files.createTempFile("floatpred", ".raw");
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = random(arena, DType.FLOAT32, 130, shape);
      byte[] raw = toBytes(data);
      Files.write(file, raw);
      NdArray mapped = NdArray.map(file, FileChannel.MapMode.READ_WRITE, 0, DType.FLOAT32, arena, shape);
      assertTrue(Floatpred.NATIVE.isInstance(mapped.segment()));
      for (VectorLoops path : paths()) {
        for (int axis = 0; axis < 2; axis++) {
          byte[] expected = model(raw, shape, axis, 1, 4, true);
          NdArray encoded = NdArray.allocate(arena, DType.FLOAT32, shape);
          Floatpred.code(path, true, mapped, axis, 1, encoded, null);
          assertArrayEquals(expected, toBytes(encoded), name(path) + " axis " + axis);
          Floatpred.code(path, false, encoded, axis, 1, mapped, null); // into the mapped file
          assertArrayEquals(raw, toBytes(mapped), name(path) + " axis " + axis);
        }
      }
    } finally {
      Files.delete(file);
    }
  }

  /**
   * The algorithm as spec section 5.3 states it, one byte at a time: per row, planes most
   * significant byte first, then byte j -= byte j - samples from the end (decode: += from the
   * start), samples = dist * (elements per step along the axis).
   */
  static byte[] model(byte[] raw, long[] shape, int ax, int dist, int b, boolean encode) {
    int inner = 1;
    for (int i = ax + 1; i < shape.length; i++) {
      inner *= (int) shape[i];
    }
    int n = (int) shape[ax] * inner;
    int s = inner * dist;
    byte[] out = new byte[raw.length];
    for (int row = 0; row * n * b < raw.length; row++) {
      int base = row * n * b;
      byte[] seq = new byte[n * b];
      if (encode) {
        for (int i = 0; i < n; i++) {
          for (int k = 0; k < b; k++) {
            seq[k * n + i] = raw[base + i * b + (b - 1 - k)];
          }
        }
        for (int j = n * b - 1; j >= s; j--) {
          seq[j] = (byte) (seq[j] - seq[j - s]);
        }
        System.arraycopy(seq, 0, out, base, seq.length);
      } else {
        System.arraycopy(raw, base, seq, 0, seq.length);
        for (int j = s; j < n * b; j++) {
          seq[j] = (byte) (seq[j] + seq[j - s]);
        }
        for (int i = 0; i < n; i++) {
          for (int k = 0; k < b; k++) {
            out[base + i * b + (b - 1 - k)] = seq[k * n + i];
          }
        }
      }
    }
    return out;
  }

  // ---- layouts, outputs, in place --------------------------------------------------------------

  @Test
  void stridedInputsAndOutputsGiveTheContiguousResult() {
    try (Arena arena = Arena.ofConfined()) {
      for (DType dtype : DTYPES) {
        NdArray big = random(arena, dtype, 5, 9, 20, 6);
        List<NdArray> views = new ArrayList<>();
        views.add(big.slice(1, 2, 18, 2).slice(0, 1, 9, 1)); // (8, 8, 6), rows strided
        views.add(big.transpose(2, 0, 1));                    // (6, 9, 20)
        views.add(big.slice(2, 0, 6, 3));                     // (9, 20, 2), last axis strided
        views.add(big.transpose());                            // (6, 20, 9)
        for (NdArray view : views) {
          NdArray contiguous = NdArray.allocate(arena, dtype, view.shape());
          view.copyTo(contiguous);
          for (int axis = 0; axis < 3; axis++) {
            for (int dist : new int[] {1, 2}) {
              if (view.shape(axis) % dist != 0) {
                continue;
              }
              String what = dtype + " " + view + " axis " + axis + " dist " + dist;
              NdArray expected = Floatpred.encode(contiguous, axis, dist);
              assertArrayEquals(toBytes(expected), toBytes(Floatpred.encode(view, axis, dist)), what);
              // into a strided output: a transposed view of a fresh array
              long[] shape = view.shape();
              NdArray target = NdArray.allocate(arena, dtype, shape[2], shape[1], shape[0]).transpose();
              assertSame(target, Floatpred.encode(view, axis, dist, target));
              assertArrayEquals(toBytes(expected), toBytes(contiguousCopy(arena, target)), what);
              // decode from a strided view back into a strided view
              NdArray back = NdArray.allocate(arena, dtype, shape[2], shape[1], shape[0]).transpose();
              Floatpred.decode(target, axis, dist, back);
              assertArrayEquals(toBytes(contiguous), toBytes(contiguousCopy(arena, back)), what);
            }
          }
        }
      }
    }
  }

  @Test
  void threadsGiveTheBytesOfOneThread() {
    // shared and heap memory are split between threads (a byte per thread at least, here), every
    // split of the rows, contiguous, strided, in place; the row ranges start mid-odometer
    long[][] shapes = {{2, 70}, {3, 17}, {7, 5, 40}, {13, 64}, {2, 3, 4, 5}, {5, 1, 9}};
    try (Arena shared = Arena.ofShared(); Arena confined = Arena.ofConfined()) {
      for (DType dtype : DTYPES) {
        for (long[] shape : shapes) {
          NdArray data = random(shared, dtype, shape.length, shape);
          byte[] raw = toBytes(data);
          for (int axis = 0; axis < shape.length; axis++) {
            for (VectorLoops path : paths()) {
              for (int threads : new int[] {2, 3, 4, 0}) {
                String what =
                    name(path) + " " + dtype + " " + Arrays.toString(shape) + " axis " + axis
                        + " threads " + threads;
                byte[] expected = model(raw, shape, axis, 1, dtype.byteSize(), true);
                NdArray out = NdArray.allocate(shared, dtype, shape);
                Floatpred.code(path, true, data, axis, 1, out, null, threads, 1);
                assertArrayEquals(expected, toBytes(out), what);
                NdArray heap = Floatpred.code(path, true, data, axis, 1, null, null, threads, 1);
                assertArrayEquals(expected, toBytes(heap), what);
                NdArray back = NdArray.allocate(shared, dtype, shape);
                Floatpred.code(path, false, out, axis, 1, back, null, threads, 1);
                assertArrayEquals(raw, toBytes(back), what);
                // in place, on a transposed view (strided rows)
                NdArray view = NdArray.allocate(shared, dtype, shape).transpose();
                data.transpose().copyTo(view);
                NdArray twin = view.transpose();
                Floatpred.code(path, true, twin, axis, 1, twin, null, threads, 1);
                assertArrayEquals(expected, toBytes(contiguousCopy(confined, twin)), what);
                Floatpred.code(path, false, twin, axis, 1, twin, null, threads, 1);
                assertArrayEquals(raw, toBytes(contiguousCopy(confined, twin)), what);
                // memory only this thread may touch: done here, same bytes
                NdArray mine = NdArray.allocate(confined, dtype, shape);
                Floatpred.code(path, true, data, axis, 1, mine, null, threads, 1);
                assertArrayEquals(expected, toBytes(mine), what);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void publicThreadedCallsSplitLargeArrays() {
    // 4 MiB of float32 rows: two threads get two megabytes each through the public methods
    try (Arena arena = Arena.ofShared()) {
      NdArray data = random(arena, DType.FLOAT32, 9, 1024, 1024);
      NdArray one = NdArray.allocate(arena, DType.FLOAT32, 1024, 1024);
      NdArray two = NdArray.allocate(arena, DType.FLOAT32, 1024, 1024);
      Floatpred.encode(data, -1, 1, one);
      Floatpred.encode(data, -1, 1, two, 2);
      assertEquals(-1, one.segment().mismatch(two.segment()));
      NdArray all = Floatpred.encode(data, -2, 2, arena, 0);
      NdArray back = Floatpred.decode(all, -2, 2, arena, 0);
      assertEquals(-1, back.segment().mismatch(data.segment()));
      NdArray into = NdArray.allocate(arena, DType.FLOAT32, 1024, 1024);
      assertSame(into, Floatpred.decode(two, -1, 1, into, 3));
      assertEquals(-1, into.segment().mismatch(data.segment()));
      for (int threads : new int[] {-1, 1025}) {
        var e = assertThrows(
            IllegalArgumentException.class, () -> Floatpred.encode(data, -1, 1, into, threads));
        assertTrue(e.getMessage().contains("threads"), e.getMessage());
        assertThrows(
            IllegalArgumentException.class, () -> Floatpred.decode(data, -1, 1, arena, threads));
      }
    }
  }

  @Test
  void inPlaceOnTheSameViewIsExact() {
    try (Arena arena = Arena.ofConfined()) {
      for (DType dtype : DTYPES) {
        for (int axis : new int[] {-1, -2, 0}) {
          NdArray data = random(arena, dtype, axis + 10, 6, 10, 12);
          byte[] raw = toBytes(data);
          byte[] expected = toBytes(Floatpred.encode(data, axis, 2));
          assertSame(data, Floatpred.encode(data, axis, 2, data));
          assertArrayEquals(expected, toBytes(data));
          Floatpred.decode(data, axis, 2, data);
          assertArrayEquals(raw, toBytes(data));
          // a strided view in place, and another NdArray object over the same memory
          NdArray base = random(arena, dtype, 3, 8, 10, 12);
          NdArray view = base.transpose(1, 2, 0).slice(0, 1, 9, 2);
          NdArray twin = NdArray.of(view.segment().asSlice(0), dtype, view.shape(), view.strides());
          byte[] before = toBytes(contiguousCopy(arena, view));
          byte[] want = toBytes(Floatpred.encode(view, axis, 1));
          Floatpred.encode(view, axis, 1, twin);
          assertArrayEquals(want, toBytes(contiguousCopy(arena, view)));
          Floatpred.decode(twin, axis, 1, view);
          assertArrayEquals(before, toBytes(contiguousCopy(arena, view)));
        }
      }
    }
  }

  @Test
  void partlyOverlappingOutputIsComputedFromASnapshot() {
    try (Arena arena = Arena.ofConfined()) {
      for (DType dtype : DTYPES) {
        // data = elements 0..99, out = elements 4..103 of the same memory
        NdArray all = random(arena, dtype, 11, 104);
        NdArray data = all.slice(0, 0, 100, 1).reshape(10, 10);
        NdArray out = all.slice(0, 4, 104, 1).reshape(10, 10);
        byte[] raw = toBytes(contiguousCopy(arena, data));
        byte[] expected = toBytes(Floatpred.encode(contiguousCopy(arena, data), -2, 1));
        Floatpred.encode(data, -2, 1, out);
        assertArrayEquals(expected, toBytes(contiguousCopy(arena, out)));
        // and back the other way round (out before data)
        Floatpred.decode(out, -2, 1, data);
        assertArrayEquals(raw, toBytes(contiguousCopy(arena, data)));
        // same start, other strides: overlapping, not the same view
        NdArray square = random(arena, dtype, 12, 8, 8);
        NdArray transposed = square.transpose();
        byte[] want = toBytes(Floatpred.encode(contiguousCopy(arena, square), -1, 1));
        Floatpred.encode(square, -1, 1, transposed);
        assertArrayEquals(want, toBytes(contiguousCopy(arena, transposed)));
      }
    }
  }

  @Test
  void decodingLeavesItsInputAloneAndOutputsAreWhereAsked() {
    try (Arena arena = Arena.ofConfined()) {
      NdArray data = random(arena, DType.FLOAT64, 1, 32, 40);
      NdArray encoded = Floatpred.encode(data, -2, 4, arena);
      assertTrue(encoded.segment().isNative());
      byte[] before = toBytes(encoded);
      NdArray readOnly = NdArray.of(encoded.segment().asReadOnly(), DType.FLOAT64, 32, 40);
      NdArray decoded = Floatpred.decode(readOnly, -2, 4);
      assertArrayEquals(before, toBytes(encoded));
      assertFalse(decoded.segment().isNative()); // heap array
      assertArrayEquals(toBytes(data), toBytes(decoded));
      assertTrue(decoded.isContiguous());
      assertNotSame(encoded, decoded);
      // bytes around a caller's output stay untouched
      MemorySegment room = arena.allocate(32 * 40 * 8 + 64, 8);
      room.fill((byte) 0x5A);
      NdArray out = NdArray.of(room.asSlice(32, 32 * 40 * 8), DType.FLOAT64, 32, 40);
      Floatpred.decode(encoded, -2, 4, out);
      assertArrayEquals(toBytes(data), toBytes(out));
      for (long i = 0; i < 32; i++) {
        assertEquals(0x5A, room.get(JAVA_BYTE, i));
        assertEquals(0x5A, room.get(JAVA_BYTE, room.byteSize() - 1 - i));
      }
    }
  }

  @Test
  void emptyArraysGiveEmptyArrays() {
    NdArray empty = NdArray.of(new float[0], 3, 0);
    assertArrayEquals(new long[] {3, 0}, Floatpred.encode(empty, -2, 2).shape());
    assertArrayEquals(new long[] {3, 0}, Floatpred.decode(empty, -1, 4).shape());
  }

  // ---- the usage example: predictor, then zlib ---------------------------------------------------

  @Test
  void zlibRoundTripIsExactAndSmaller() throws DataFormatException {
    int h = 256;
    int w = 256;
    float[] field = new float[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        field[y * w + x] = (float) (280 + 15 * Math.sin(x / 23.0) * Math.cos(y / 31.0) + 0.01 * x);
      }
    }
    NdArray predicted = Floatpred.encode(NdArray.of(field, h, w), 1, 1);
    byte[] raw = predicted.segment().toArray(JAVA_BYTE);
    byte[] zipped = deflate(raw);
    byte[] direct = deflate(MemorySegment.ofArray(field).toArray(JAVA_BYTE));
    assertTrue(zipped.length * 1.3 < direct.length, zipped.length + " vs " + direct.length);

    Inflater inflater = new Inflater();
    inflater.setInput(zipped);
    byte[] unzipped = new byte[raw.length];
    assertEquals(raw.length, inflater.inflate(unzipped));
    inflater.end();
    float[] restored = new float[field.length];
    Floatpred.decode(
        NdArray.of(MemorySegment.ofArray(unzipped), DType.FLOAT32, h, w), 1, 1,
        NdArray.of(restored, h, w));
    assertArrayEquals(field, restored);
  }

  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(9);
    deflater.setInput(data);
    deflater.finish();
    byte[] buffer = new byte[data.length + 1024];
    int n = deflater.deflate(buffer);
    assertTrue(deflater.finished());
    deflater.end();
    return Arrays.copyOf(buffer, n);
  }

  // ---- errors and the small parts ------------------------------------------------------------------

  @Test
  void badArgumentsAreRefused() {
    NdArray data = NdArray.of(new float[24], 2, 3, 4);
    assertThrows(IllegalArgumentException.class, () -> Floatpred.encode(null));
    assertThrows(IllegalArgumentException.class, () -> Floatpred.encode(NdArray.of(new byte[8])));
    assertThrows(
        IllegalArgumentException.class, () -> Floatpred.decode(NdArray.of(new byte[8], DType.UINT8)));
    for (int axis : new int[] {3, -4, 100}) {
      var e = assertThrows(IllegalArgumentException.class, () -> Floatpred.encode(data, axis, 1));
      assertTrue(e.getMessage().contains("axis"), e.getMessage());
    }
    for (int dist : new int[] {0, -1, 3, 8}) {
      var e = assertThrows(IllegalArgumentException.class, () -> Floatpred.decode(data, -1, dist));
      assertTrue(e.getMessage().contains("dist=" + dist), e.getMessage());
    }
    // 3 elements along axis 1 are not whole steps of 2 (imagecodecs: IMCD_VALUE_ERROR)
    var notWhole = assertThrows(FloatpredException.class, () -> Floatpred.encode(data, 1, 2));
    assertEquals("floatpred", notWhole.codec());
    assertThrows(FloatpredException.class, () -> Floatpred.decode(data, 1, 4, (NdArray) null));
    assertEquals(3, Floatpred.decode(data, 0, 2).ndim()); // 2 is a multiple of 2
    // outputs
    assertThrows(
        IllegalArgumentException.class,
        () -> Floatpred.encode(data, -1, 1, NdArray.of(new float[24], 2, 12)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Floatpred.encode(data, -1, 1, NdArray.of(new int[24], DType.INT32, 2, 3, 4)));
    NdArray readOnly =
        NdArray.of(MemorySegment.ofArray(new float[24]).asReadOnly(), DType.FLOAT32, 2, 3, 4);
    assertThrows(IllegalArgumentException.class, () -> Floatpred.encode(data, -1, 1, readOnly));
    NdArray broadcast =
        NdArray.of(MemorySegment.ofArray(new float[12]), DType.FLOAT32, new long[] {2, 3, 4}, new long[] {0, 4, 1});
    var shared = assertThrows(IllegalArgumentException.class, () -> Floatpred.decode(data, -1, 1, broadcast));
    assertTrue(shared.getMessage().contains("share memory"), shared.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Floatpred.encode(data, -1, 1, (java.lang.foreign.SegmentAllocator) null));
  }

  @Test
  void checkIsUnknownAndTheCodecIsAlwaysThere() {
    assertEquals(Optional.empty(), Floatpred.check(new byte[] {1, 2, 3, 4}));
    assertEquals(Optional.empty(), Floatpred.check(MemorySegment.ofArray(new float[] {1f})));
    assertThrows(IllegalArgumentException.class, () -> Floatpred.check((byte[]) null));
    assertTrue(Floatpred.available());
    assertTrue(Floatpred.version().startsWith("floatpred "));
  }

  @Test
  void integerTypesArePredictedLikeImagecodecsDoes() {
    // imagecodecs takes any 2-, 4- or 8-byte type; the bytes are the same model
    int[] v = {1, 2, 3, 1000, -5};
    NdArray data = NdArray.of(v, DType.INT32, 5);
    byte[] raw = toBytes(data);
    assertArrayEquals(model(raw, new long[] {5}, 0, 1, 4, true), toBytes(Floatpred.encode(data)));
    int[] back = new int[5];
    Floatpred.decode(Floatpred.encode(data), -1, 1, NdArray.of(back, DType.INT32, 5));
    assertArrayEquals(v, back);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static NdArray random(Arena arena, DType dtype, long seed, long... shape) {
    NdArray a = NdArray.allocate(arena, dtype, shape);
    Random r = new Random(seed * 31 + dtype.ordinal());
    byte[] b = new byte[(int) a.byteSize()];
    r.nextBytes(b);
    // mostly smooth-ish high bytes, so that differences are small and large alike
    for (int i = dtype.byteSize() - 1; i < b.length; i += dtype.byteSize()) {
      if (r.nextInt(4) != 0) {
        b[i] = (byte) (0x40 + (i / 64) % 3);
      }
    }
    MemorySegment.copy(MemorySegment.ofArray(b), 0, a.segment(), 0, b.length);
    return a;
  }

  private static NdArray contiguousCopy(Arena arena, NdArray a) {
    NdArray c = NdArray.allocate(arena, a.dtype(), a.shape());
    a.copyTo(c);
    return c;
  }

  /** The elements' bytes in C order, whatever the layout. */
  static byte[] toBytes(NdArray a) {
    if (a.isContiguous()) {
      return a.contiguousSegment().toArray(JAVA_BYTE);
    }
    try (Arena arena = Arena.ofConfined()) {
      return contiguousCopy(arena, a).contiguousSegment().toArray(JAVA_BYTE);
    }
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
