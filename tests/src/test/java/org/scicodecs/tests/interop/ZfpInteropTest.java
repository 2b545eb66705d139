package org.scicodecs.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.zfp.Zfp;
import org.scicodecs.zfp.ZfpOptions;

/**
 * ZFP against imagecodecs, both directions, for every mode, float32/float64/int32/int64, 1 to 4
 * dimensions, with and without the full header: imagecodecs' streams decode in Java to what
 * imagecodecs decodes; Java's streams decode in imagecodecs to what Java decodes; and with the same
 * zfp version the streams are byte-identical.
 */
class ZfpInteropTest {
  static final long[][] SHAPES = {{333}, {19, 23}, {9, 10, 11}, {4, 5, 6, 7}};

  record Case(String name, DType dtype, long[] shape, ZfpOptions options, String pythonArgs) {}

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64}) {
      for (long[] shape : SHAPES) {
        for (boolean header : new boolean[] {true, false}) {
          List<ZfpOptions> modes = new ArrayList<>(List.of(
              ZfpOptions.reversible(), ZfpOptions.rate(12), ZfpOptions.precision(20)));
          List<String> args = new ArrayList<>(List.of("mode='R'", "level=12, mode='r'", "level=20, mode='p'"));
          if (dtype.isFloatingPoint()) {
            modes.add(ZfpOptions.tolerance(1e-3));
            args.add("level=0.001, mode='a'");
            // imagecodecs holds expert parameters in unsigned ints: minexp must be >= 0 there.
            modes.add(ZfpOptions.expert(16, 1200, 28, 0));
            args.add("level=(16, 1200, 28, 0), mode='c'");
          }
          for (int m = 0; m < modes.size(); m++) {
            String name = "c" + cases.size();
            cases.add(new Case(name, dtype, shape, modes.get(m).withHeader(header),
                args.get(m) + ", header=" + (header ? "True" : "False")));
          }
        }
      }
    }
    return cases;
  }

  @Test
  void bothDirectionsDecodeAlikeAndStreamsAreByteIdentical(@TempDir Path dir) throws Exception {
    Imagecodecs.python();
    boolean sameZfp = Imagecodecs.version(dir, "zfp").equals(Zfp.version());
    List<Case> cases = cases();
    StringBuilder py = new StringBuilder();
    try (Arena arena = Arena.ofConfined()) {
      for (Case c : cases) {
        NdArray data = data(arena, c.dtype, c.shape);
        Files.write(dir.resolve(c.name + ".data"), data.segment().toArray(ValueLayout.JAVA_BYTE));
        Files.write(dir.resolve(c.name + ".java.zfp"), Zfp.encode(data, c.options));
        String dtype = "numpy.dtype('" + c.dtype.numpyDescr() + "')";
        String shape = "(" + Arrays.toString(c.shape).replaceAll("[\\[\\]]", "") + ",)";
        String decodeArgs = c.options.header() ? "" : ", shape=" + shape + ", dtype=" + dtype;
        py.append(String.format(
            "d = load('%1$s.data', %2$s, %3$s)%n"
                + "s = imagecodecs.zfp_encode(d, %4$s)%n"
                + "save('%1$s.py.zfp', s)%n"
                + "save('%1$s.py.decoded', imagecodecs.zfp_decode(s%5$s))%n"
                + "save('%1$s.java.decoded_by_py', imagecodecs.zfp_decode(load_bytes('%1$s.java.zfp')%5$s))%n",
            c.name, dtype, shape, c.pythonArgs, decodeArgs));
      }
      Imagecodecs.run(dir, py.toString());

      int identical = 0;
      for (Case c : cases) {
        String what = c.name + " " + c.dtype + " " + Arrays.toString(c.shape) + " " + c.options;
        byte[] javaStream = Files.readAllBytes(dir.resolve(c.name + ".java.zfp"));
        byte[] pyStream = Files.readAllBytes(dir.resolve(c.name + ".py.zfp"));
        if (sameZfp) {
          assertTrue(Arrays.equals(javaStream, pyStream), "streams differ: " + what);
          identical++;
        }
        // imagecodecs' stream, decoded in Java, equals imagecodecs' own decoding.
        NdArray fromPy = decode(MemorySegment.ofArray(pyStream), c, arena);
        assertEquals(-1, MemorySegment.ofArray(Files.readAllBytes(dir.resolve(c.name + ".py.decoded")))
            .mismatch(fromPy.segment()), "Java decodes imagecodecs' stream differently: " + what);
        // Java's stream, decoded by imagecodecs, equals Java's own decoding.
        NdArray fromJava = decode(MemorySegment.ofArray(javaStream), c, arena);
        assertEquals(-1, MemorySegment.ofArray(Files.readAllBytes(dir.resolve(c.name + ".java.decoded_by_py")))
            .mismatch(fromJava.segment()), "imagecodecs decodes Java's stream differently: " + what);
      }
      assertEquals(sameZfp ? cases.size() : 0, identical);
    }
  }

  private static NdArray decode(MemorySegment stream, Case c, Arena arena) {
    return c.options.header() ? Zfp.decode(stream, arena) : Zfp.decode(stream, c.dtype, c.shape, arena);
  }

  /** A smooth field with noise, scaled to use the integer types' range. */
  static NdArray data(Arena arena, DType dtype, long[] shape) {
    NdArray a = NdArray.allocate(arena, dtype, shape);
    Random r = new Random(Arrays.hashCode(shape) * 31L + dtype.ordinal());
    MemorySegment s = a.segment();
    for (long i = 0; i < a.size(); i++) {
      double v = 50 * Math.sin(i * 0.05) + r.nextGaussian();
      switch (dtype) {
        case FLOAT32 -> s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v);
        case FLOAT64 -> s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
        case INT32 -> s.setAtIndex(ValueLayout.JAVA_INT, i, (int) (v * 1e6));
        case INT64 -> s.setAtIndex(ValueLayout.JAVA_LONG, i, (long) (v * 1e15));
        default -> throw new AssertionError(dtype);
      }
    }
    return a;
  }
}
