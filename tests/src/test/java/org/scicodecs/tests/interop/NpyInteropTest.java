package org.scicodecs.tests.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.io.Npy;

/**
 * {@link Npy} against real NumPy, both ways, for every dtype and 1 to 4 dimensions: NumPy loads
 * what Java writes (and saves the very same bytes), Java reads and maps what NumPy writes (C and
 * Fortran order, format versions 1.0, 2.0 and 3.0), and refuses what it must (big-endian, 0-d,
 * bool, structured). One Python process for the whole class.
 */
class NpyInteropTest {
  static final long[][] SHAPES = {{5}, {3, 4}, {2, 3, 4}, {2, 3, 1, 5}, {0, 3}};

  @Test
  void javaAndNumpyReadEachOthersFiles(@TempDir Path dir) throws Exception {
    ImagecodecsHarness py = ImagecodecsHarness.open(dir);
    Path java = Files.createDirectory(dir.resolve("java"));
    Path numpy = Files.createDirectory(dir.resolve("numpy"));
    List<String> expected = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      for (DType t : DType.values()) {
        for (long[] shape : SHAPES) {
          String name = t.numpyName() + "_" + String.join("x", Arrays.stream(shape).mapToObj(Long::toString).toList());
          // Written from a transposed view, to write strided arrays too.
          NdArray values = pattern(arena, t, reversed(shape));
          Npy.write(java.resolve(name + ".npy"), values.transpose());
          expected.add(name);
        }
      }
      ImagecodecsHarness.Batch batch = py.batch();
      // NumPy loads Java's files: dtype, shape, values; and saves them again byte for byte.
      ImagecodecsHarness.Job check =
          batch.exec(
              """
              import os
              bad = []
              for name in names:
                  t, dims = name.split('_')
                  shape = tuple(int(s) for s in dims.split('x'))
                  a = numpy.load(os.path.join(java_dir, name + '.npy'))
                  n = int(numpy.prod(shape))
                  want = (numpy.arange(n) % 97).astype(t).reshape(shape[::-1]).T
                  if a.dtype != numpy.dtype(t) or a.shape != shape or not numpy.array_equal(a, want):
                      bad.append(name)
                  numpy.save(os.path.join(numpy_dir, name + '.resaved.npy'), a)
              print('bad:', bad)
              """,
              Map.of("names", expected, "java_dir", java, "numpy_dir", numpy));
      // Java reads NumPy's files: C and Fortran order, versions 1, 2, 3.
      ImagecodecsHarness.Job write =
          batch.exec(
              """
              import os
              from numpy.lib import format as npformat
              for name in names:
                  t, dims = name.split('_')
                  shape = tuple(int(s) for s in dims.split('x'))
                  a = (numpy.arange(int(numpy.prod(shape))) % 97).astype(t).reshape(shape)
                  numpy.save(os.path.join(numpy_dir, name + '.c.npy'), a)
                  numpy.save(os.path.join(numpy_dir, name + '.f.npy'), numpy.asfortranarray(a))
                  for v in (2, 3):
                      with open(os.path.join(numpy_dir, name + f'.v{v}.npy'), 'wb') as f:
                          npformat.write_array(f, a, version=(v, 0))
              numpy.save(os.path.join(numpy_dir, 'bigendian.npy'), numpy.arange(4, dtype='>f4'))
              numpy.save(os.path.join(numpy_dir, 'scalar.npy'), numpy.float64(1.5))
              numpy.save(os.path.join(numpy_dir, 'bool.npy'), numpy.ones(3, bool))
              numpy.save(os.path.join(numpy_dir, 'structured.npy'), numpy.zeros(2, 'i4,f8'))
              """,
              Map.of("names", expected, "numpy_dir", numpy));
      batch.execute();
      assertEquals("bad: []\n", check.text(), "NumPy read Java's files differently");
      assertTrue(write.ok());

      for (String name : expected) {
        byte[] ours = Files.readAllBytes(java.resolve(name + ".npy"));
        assertArrayEquals(ours, Files.readAllBytes(numpy.resolve(name + ".resaved.npy")), name + ": numpy.save wrote other bytes");
        for (String variant : List.of("c", "f", "v2", "v3")) {
          Path file = numpy.resolve(name + "." + variant + ".npy");
          Npy.Header h = Npy.readHeader(file);
          assertEquals(variant.equals("v2") ? 2 : variant.equals("v3") ? 3 : 1, h.majorVersion(), name);
          assertEquals(variant.equals("f") && h.shape().length > 1 && h.dataBytes() > 0, h.fortranOrder(), name);
          for (NdArray a :
              List.of(Npy.read(file, arena), Npy.map(file, FileChannel.MapMode.READ_ONLY, arena))) {
            assertEquals(name.substring(0, name.indexOf('_')), a.dtype().numpyName());
            assertEquals(name.substring(name.indexOf('_') + 1),
                String.join("x", Arrays.stream(a.shape()).mapToObj(Long::toString).toList()));
            for (long k = 0; k < a.size(); k++) {
              if (a.getDoubleFlat(k) != k % 97) {
                throw new AssertionError(file + ": element " + k + " is " + a.getDoubleFlat(k));
              }
            }
          }
        }
      }
      assertRefused(numpy.resolve("bigendian.npy"), "big-endian");
      assertRefused(numpy.resolve("scalar.npy"), "0-dimensional");
      assertRefused(numpy.resolve("bool.npy"), "'|b1' is not supported");
      assertRefused(numpy.resolve("structured.npy"), "structured dtypes");
    }
  }

  static void assertRefused(Path file, String message) {
    var e = assertThrows(IllegalArgumentException.class, () -> Npy.readHeader(file));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  static long[] reversed(long[] shape) {
    long[] r = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      r[i] = shape[shape.length - 1 - i];
    }
    return r;
  }

  /**
   * The array whose transpose holds {@code k % 97} at C-order position {@code k}, as NumPy's
   * {@code (arange(n) % 97).astype(t).reshape(shape[::-1]).T} does.
   */
  static NdArray pattern(Arena arena, DType t, long[] shape) {
    NdArray a = NdArray.allocate(arena, t, shape);
    MemorySegment s = a.segment();
    for (long i = 0; i < a.size(); i++) {
      int v = (int) (i % 97);
      switch (t) {
        case INT8, UINT8 -> s.set(ValueLayout.JAVA_BYTE, i, (byte) v);
        case INT16, UINT16 -> s.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) v);
        case FLOAT16 -> s.setAtIndex(ValueLayout.JAVA_SHORT, i, Float.floatToFloat16(v));
        case INT32, UINT32 -> s.setAtIndex(ValueLayout.JAVA_INT, i, v);
        case INT64, UINT64 -> s.setAtIndex(ValueLayout.JAVA_LONG, i, v);
        case FLOAT32 -> s.setAtIndex(ValueLayout.JAVA_FLOAT, i, v);
        case FLOAT64 -> s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
      }
    }
    return a;
  }
}
