package org.scicodecs.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.sz3.SZ3;
import org.scicodecs.sz3.Sz3;
import org.scicodecs.sz3.Sz3Exception;
import org.scicodecs.sz3.Sz3Header;
import org.scicodecs.sz3.Sz3Options;

/**
 * SZ3 against imagecodecs, both ways, for every mode, both dtypes and 1-D to 4-D. The PyPI wheel of
 * imagecodecs 2026.3.6 writes and reads SZ3 data format 3.3.0 (configuration first), the bundled
 * SZ3 3.3.2 its own layout (configuration last); the configuration and payload bytes are the same
 * (see {@code Sz3Layout}). So:
 *
 * <ul>
 *   <li>the wheel's streams decode in Java (rearranged) to exactly the values the wheel decodes —
 *       for ABS and REL: the wheel's ABS_AND_REL and ABS_OR_REL streams do not decode in the wheel
 *       itself (its SZ3 aborts the process: "LinearQuantizer uid mismatch") and are refused by
 *       Java's checks with an exception;
 *   <li>Java writes, with {@code Sz3Options.withFormat(SZ3.FORMAT.V3_3_0)}, byte for byte the
 *       stream the wheel writes for the same array and options;
 *   <li>those streams decode in the wheel to exactly the values Java decodes.
 * </ul>
 *
 * (A 3.3.2 stream handed to the wheel makes its SZ3 throw a C++ exception through the extern "C"
 * wrapper, which aborts the Python process: this is why the format option exists.)
 */
class Sz3InteropTest {
  @TempDir static Path dir;
  static Arena arena;
  static ImagecodecsHarness py;

  record Case(String name, NdArray data, SZ3.MODE mode, double abs, double rel) {
    /**
     * The wheel cannot decode its own ABS_AND_REL and ABS_OR_REL streams: its SZ3 throws
     * "LinearQuantizer uid mismatch" through the extern "C" wrapper and the Python process aborts.
     * Those streams are checked against the data's bound instead.
     */
    boolean wheelDecodes() {
      return mode == SZ3.MODE.ABS || mode == SZ3.MODE.REL;
    }

    double bound() {
      return mode == SZ3.MODE.ABS ? abs : mode == SZ3.MODE.REL ? rel * range(data)
          : mode == SZ3.MODE.ABS_AND_REL ? Math.min(abs, rel * range(data))
          : Math.max(abs, rel * range(data));
    }

    Map<String, Object> kwargs() {
      return Map.of("mode", mode.value(), "abs", abs, "rel", rel);
    }

    Sz3Options options() {
      return new Sz3Options(mode, abs, rel).withFormat(SZ3.FORMAT.V3_3_0);
    }
  }

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

  static List<Case> cases() {
    long[][] shapes = {{300}, {20, 30}, {8, 9, 10}, {4, 5, 6, 7}};
    List<Case> cases = new ArrayList<>();
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (long[] shape : shapes) {
        for (SZ3.MODE mode : SZ3.MODE.values()) {
          cases.add(new Case(dtype + "-" + shape.length + "d-" + mode, field(dtype, shape), mode, 0.01, 1e-3));
        }
      }
      cases.add(new Case(dtype + "-lossless", field(dtype, 6, 7), SZ3.MODE.ABS, 0, 0));
    }
    return cases;
  }

  static double range(NdArray a) {
    double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
    for (long i = 0; i < a.size(); i++) {
      double v = a.getDouble(a.ndim() == 1 ? new long[] {i} : unravel(i, a.shape()));
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return hi - lo;
  }

  static double maxAbsDiff(NdArray a, NdArray b) {
    double m = 0;
    for (long i = 0; i < a.size(); i++) {
      long[] idx = unravel(i, a.shape());
      m = Math.max(m, Math.abs(a.getDouble(idx) - b.getDouble(idx)));
    }
    return m;
  }

  static long[] unravel(long flat, long[] shape) {
    long[] idx = new long[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = flat % shape[d];
      flat /= shape[d];
    }
    return idx;
  }

  private static NdArray field(DType dtype, long... shape) {
    NdArray a = NdArray.allocate(arena, dtype, shape);
    for (long i = 0; i < a.size(); i++) {
      double v = Math.sin(i * 0.05) * 10 + Math.cos(i * 0.013) + (i * 7919 % 13) * 1e-3;
      if (dtype == DType.FLOAT32) {
        a.segment().setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v);
      } else {
        a.segment().setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
      }
    }
    return a;
  }

  @Test
  void bothWaysByteIdenticalAndTheSameValues() {
    List<Case> cases = cases();
    ImagecodecsHarness.Batch theirs = py.batch();
    List<ImagecodecsHarness.Job> encoded = new ArrayList<>();
    List<ImagecodecsHarness.Job> decoded = new ArrayList<>();
    for (Case c : cases) {
      ImagecodecsHarness.Job enc = theirs.encode("sz3_encode", py.save(c.name(), c.data()), c.kwargs());
      encoded.add(enc);
      decoded.add(c.wheelDecodes() ? theirs.decode("sz3_decode", enc.path(),
          Map.of("shape", c.data().shape(), "dtype", c.data().dtype())) : null);
    }
    theirs.execute();

    ImagecodecsHarness.Batch ours = py.batch();
    List<ImagecodecsHarness.Job> decodedByThem = new ArrayList<>();
    List<NdArray> decodedByUs = new ArrayList<>();
    int identical = 0;
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      byte[] wheel = encoded.get(i).bytes();
      assertTrue(Sz3.check(wheel), c.name());
      Sz3Header h = Sz3.readHeader(wheel);
      assertEquals("3.3.0", h.version(), c.name());
      // the wheel's stream in Java: the wheel's values, exactly
      byte[] javaStream = Sz3.encode(c.data(), c.options());
      if (!c.wheelDecodes()) {
        // The wheel's ABS_AND_REL/ABS_OR_REL streams are broken (its own decoder aborts on them):
        // Java refuses them cleanly; our own streams of these modes hold their bound.
        assertThrows(Sz3Exception.class,
            () -> Sz3.decode(MemorySegment.ofArray(wheel), c.data().dtype(), c.data().shape(), arena));
        NdArray own = Sz3.decode(MemorySegment.ofArray(javaStream), c.data().dtype(), arena);
        double slack = c.data().dtype() == DType.FLOAT32 ? 1e-6 * (1 + range(c.data())) : 0;
        assertTrue(maxAbsDiff(c.data(), own.reshape(c.data().shape())) <= c.bound() + slack,
            c.name() + ": bound broken");
        decodedByUs.add(null);
        decodedByThem.add(null);
        continue;
      }
      NdArray mine = Sz3.decode(MemorySegment.ofArray(wheel), c.data().dtype(), c.data().shape(), arena);
      NdArray expected = decoded.get(i).array(arena);
      assertEquals(-1, expected.segment().mismatch(mine.segment()), c.name() + ": values differ");
      // our 3.3.0 stream: byte for byte the wheel's
      if (MemorySegment.ofArray(javaStream).mismatch(MemorySegment.ofArray(wheel)) == -1) {
        identical++;
      }
      assertEquals(-1, MemorySegment.ofArray(javaStream).mismatch(MemorySegment.ofArray(wheel)),
          c.name() + ": Java's 3.3.0 stream differs from the wheel's");
      decodedByUs.add(Sz3.decode(MemorySegment.ofArray(javaStream), c.data().dtype(), c.data().shape(), arena));
      decodedByThem.add(ours.decode("sz3_decode", py.save(c.name() + "-java.sz3", javaStream),
          Map.of("shape", c.data().shape(), "dtype", c.data().dtype())));
    }
    ours.execute();
    for (int i = 0; i < cases.size(); i++) {
      if (decodedByThem.get(i) == null) {
        continue;
      }
      NdArray theirsOfOurs = decodedByThem.get(i).array(arena);
      assertEquals(-1, decodedByUs.get(i).segment().mismatch(theirsOfOurs.segment()),
          cases.get(i).name() + ": the wheel decodes our stream to other values");
    }
    System.out.println("Sz3InteropTest: " + cases.size() + " cases, " + identical
        + " byte-identical with the wheel and decoded to identical values both ways; the rest are"
        + " ABS_AND_REL/ABS_OR_REL streams the wheel cannot decode");
    assertTrue(identical >= cases.size() / 2);
  }

  @Test
  void defaultFormatIsSz3sOwnAndConvertsLosslessly() {
    NdArray data = field(DType.FLOAT32, 12, 13);
    byte[] current = Sz3.encode(data, Sz3Options.tolerance(0.01));
    byte[] legacy = Sz3.encode(data, Sz3Options.tolerance(0.01).withFormat(SZ3.FORMAT.V3_3_0));
    assertEquals("3.3.2", Sz3.readHeader(current).version());
    assertEquals("3.3.0", Sz3.readHeader(legacy).version());
    assertEquals(current.length - 8, legacy.length); // no u64 payload length, same content
    NdArray a = Sz3.decode(MemorySegment.ofArray(current), DType.FLOAT32, arena);
    NdArray b = Sz3.decode(MemorySegment.ofArray(legacy), DType.FLOAT32, arena);
    assertEquals(-1, a.segment().mismatch(b.segment()));
  }
}
