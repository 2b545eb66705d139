package org.scicodecs.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.sz3.Sz3;
import org.scicodecs.sz3.Sz3Exception;

/**
 * SZ3 against imagecodecs. The PyPI wheel of imagecodecs 2026.3.6 reports {@code "sz3 3.3.2"}
 * (a hard-coded string) but its bundled {@code libSZ3c} writes SZ3 data format 3.3.0: the older
 * layout where the configuration block comes first, {@code [u8 confSize][u32 magic 10 F3 42 F3][u32
 * version 00 00 03 03][N][bitWidth][dims]...}, then the payload. SZ3 3.3.2 (what this library
 * bundles) writes {@code [magic][version 00 02 03 03][u64 payload size][payload][config]} and, like
 * every SZ3, decodes only its own data format. So the two do not interoperate in either direction:
 *
 * <ul>
 *   <li>the wheel's streams are recognised by {@link Sz3#check} and refused by {@link Sz3#decode}
 *       with an {@link Sz3Exception} naming their data format (tested here);
 *   <li>our streams make the wheel's SZ3 throw a C++ exception out of its {@code extern "C"}
 *       wrapper, which aborts the Python process (std::terminate), so that direction is skipped.
 * </ul>
 *
 * Byte-identical streams would need an imagecodecs built against SZ3 3.3.2.
 */
class Sz3InteropTest {
  @TempDir static Path dir;
  static Arena arena;
  static ImagecodecsHarness py;

  @BeforeAll
  static void open() {
    Assumptions.assumeTrue(Sz3.available(), "SZ3 library not available");
    arena = Arena.ofShared();
    py = ImagecodecsHarness.open(dir);
  }

  @AfterAll
  static void close() {
    if (arena != null) {
      arena.close();
    }
  }

  private static NdArray field(DType dtype, long... shape) {
    NdArray a = NdArray.allocate(arena, dtype, shape);
    for (long i = 0; i < a.size(); i++) {
      double v = Math.sin(i * 0.05) * 10 + Math.cos(i * 0.013);
      if (dtype == DType.FLOAT32) {
        a.segment().setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, (float) v);
      } else {
        a.segment().setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i, v);
      }
    }
    return a;
  }

  @Test
  void wheelStreamsAreRecognisedAndRefusedClearly() {
    long[][] shapes = {{300}, {20, 30}, {8, 9, 10}, {4, 5, 6, 7}};
    int[] modes = {0, 1, 2, 3};
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (int k = 0; k < shapes.length; k++) {
        NdArray data = field(dtype, shapes[k]);
        Path npy = py.save("sz3-" + dtype + "-" + k, data);
        byte[] theirs =
            py.encode("sz3_encode", npy, Map.of("mode", modes[k], "abs", 0.01, "rel", 1e-3));
        MemorySegment s = MemorySegment.ofArray(theirs);
        assertTrue(Sz3.check(theirs), "check recognises the wheel's stream");
        // [confSize][magic at 1..4][data version 3.3.0 at 5..8]
        assertEquals(0xF342F310, s.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 1));
        int version = s.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 5);
        String v = (version >>> 24) + "." + ((version >>> 16) & 0xff) + "." + ((version >>> 8) & 0xff);
        Sz3Exception e =
            assertThrows(Sz3Exception.class, () -> Sz3.decode(s, dtype, shapesCopy(data), arena));
        assertTrue(e.getMessage().contains(v), e.getMessage());
        if (!v.equals("3.3.0")) {
          throw new AssertionError("the wheel's SZ3 data format changed to " + v + ": revisit this test");
        }
      }
    }
  }

  private static long[] shapesCopy(NdArray data) {
    return data.shape();
  }

  @Test
  void javaStreamsInImagecodecs() {
    Assumptions.abort(
        "the imagecodecs PyPI wheel bundles SZ3 data format 3.3.0; a 3.3.2 stream makes its SZ3 throw"
            + " a C++ exception through the extern \"C\" wrapper, which aborts the Python process");
  }
}
