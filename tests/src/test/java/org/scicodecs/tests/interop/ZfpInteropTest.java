package org.scicodecs.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.zfp.ZFP;
import org.scicodecs.zfp.Zfp;
import org.scicodecs.zfp.ZfpOptions;

/**
 * ZFP against imagecodecs, both directions: every mode (reversible, rate, precision, accuracy,
 * expert), float32/float64/int32/int64, 1 to 4 dimensions, with and without the full header, plus
 * strided views, OpenMP and IEEE special values. For each case: imagecodecs' stream decodes in
 * Java to what imagecodecs decodes; Java's stream decodes in imagecodecs to what Java decodes; and,
 * when imagecodecs' zfp is the version we build, the two streams are byte-identical.
 *
 * <p>All Python work of the class runs in one batch (one process) in {@link #runImagecodecs}.
 */
class ZfpInteropTest {
  static final long[][] SHAPES = {{333}, {19, 23}, {9, 10, 11}, {4, 5, 6, 7}};

  @TempDir static Path dir;
  static Arena arena;
  static ImagecodecsHarness py;
  static List<Case> cases;
  static String theirZfp;
  static ImagecodecsHarness.Job negativeMinExp;

  /**
   * One comparison: the data (a view of {@code base} made by {@code javaView}, the same view in
   * NumPy by {@code pythonView}, an expression of {@code a}), Java's options and imagecodecs'
   * keyword arguments for the same thing.
   */
  record Case(
      String name,
      NdArray base,
      UnaryOperator<NdArray> javaView,
      String pythonView,
      ZfpOptions options,
      Map<String, Object> kwargs) {
    NdArray data() {
      return javaView.apply(base);
    }

    DType dtype() {
      return base.dtype();
    }

    long[] shape() {
      return data().shape();
    }

    @Override
    public String toString() {
      return name + " " + dtype() + " " + Arrays.toString(shape()) + (pythonView.equals("a") ? "" : " view " + pythonView)
          + " " + ImagecodecsHarness.literal(kwargs);
    }
  }

  /** What each case sent to Python and got back. */
  record Run(Case c, byte[] javaStream, ImagecodecsHarness.Job pyEncode, Path pyStream,
      ImagecodecsHarness.Job pyDecoded, ImagecodecsHarness.Job pyDecodedJavaStream) {
    /** imagecodecs' stream; fails with the traceback if imagecodecs could not encode. */
    byte[] pyStreamBytes() throws Exception {
      pyEncode.text();
      return Files.readAllBytes(pyStream);
    }
  }

  static List<Run> runs = new ArrayList<>();

  static List<Case> cases() {
    List<Case> all = new ArrayList<>();
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64}) {
      for (long[] shape : SHAPES) {
        NdArray data = data(arena, dtype, shape);
        for (boolean header : new boolean[] {true, false}) {
          for (Mode m : modes(dtype)) {
            all.add(new Case("c" + all.size(), data, a -> a, "a", m.options.withHeader(header),
                kwargs(m.kwargs, "header", header)));
          }
        }
      }
    }
    // Strided views: zfp reads them through strides on both sides, without a copy.
    NdArray f3 = data(arena, DType.FLOAT32, new long[] {9, 10, 11});
    NdArray d2 = data(arena, DType.FLOAT64, new long[] {19, 23});
    NdArray i4 = data(arena, DType.INT32, new long[] {4, 5, 6, 7});
    NdArray l3 = data(arena, DType.INT64, new long[] {6, 7, 8});
    all.add(new Case("transposed-f32", f3, a -> a.transpose(2, 0, 1), "a.transpose(2, 0, 1)",
        ZfpOptions.reversible(), kwargs("mode", "R")));
    all.add(new Case("transposed-f32-accuracy", f3, NdArray::transpose, "a.T",
        ZfpOptions.tolerance(0.01), kwargs("level", 0.01, "mode", "a")));
    all.add(new Case("sliced-f64-rate", d2, a -> a.slice(1, 1, 23, 2), "a[:, 1:23:2]",
        ZfpOptions.rate(10), kwargs("level", 10.0, "mode", "r")));
    all.add(new Case("sliced-f64-headerless", d2, a -> a.slice(0, 2, 19, 3).transpose(), "a[2:19:3].T",
        ZfpOptions.tolerance(1e-5).withHeader(false), kwargs("level", 1e-5, "mode", "a", "header", false)));
    all.add(new Case("transposed-i32-precision", i4, NdArray::transpose, "a.T",
        ZfpOptions.precision(24), kwargs("level", 24, "mode", "p")));
    all.add(new Case("sliced-i64", l3, a -> a.slice(2, 0, 8, 3), "a[:, :, 0:8:3]",
        ZfpOptions.reversible(), kwargs("mode", "R")));
    // OpenMP: imagecodecs switches to it for numthreads > 1; the stream is the serial one.
    for (Mode m : modes(DType.FLOAT32)) {
      all.add(new Case("omp-" + m.kwargs.get("mode"), f3, a -> a, "a",
          m.options.withExecution(ZFP.EXEC.OMP).withThreads(4),
          kwargs(m.kwargs, "numthreads", 4)));
    }
    // IEEE special values survive reversible mode bit for bit.
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      NdArray s = specials(arena, t);
      all.add(new Case("specials-" + t, s, a -> a, "a", ZfpOptions.reversible(), kwargs("mode", "R")));
      all.add(new Case("specials-headerless-" + t, s, a -> a, "a", ZfpOptions.reversible().withHeader(false),
          kwargs("mode", "R", "header", false)));
    }
    return all;
  }

  record Mode(ZfpOptions options, Map<String, Object> kwargs) {}

  static List<Mode> modes(DType dtype) {
    List<Mode> m = new ArrayList<>();
    m.add(new Mode(ZfpOptions.reversible(), kwargs("mode", "R")));
    m.add(new Mode(ZfpOptions.rate(12), kwargs("level", 12.0, "mode", "r")));
    m.add(new Mode(ZfpOptions.precision(20), kwargs("level", 20, "mode", "p")));
    if (dtype.isFloatingPoint()) {
      m.add(new Mode(ZfpOptions.tolerance(1e-3), kwargs("level", 1e-3, "mode", "a")));
      // imagecodecs holds expert parameters in unsigned ints: minexp must be >= 0 there.
      m.add(new Mode(ZfpOptions.expert(16, 1200, 28, 0), kwargs("level", new int[] {16, 1200, 28, 0}, "mode", "c")));
    }
    return m;
  }

  /** Why imagecodecs is not there (the tests are then skipped, each with this reason). */
  static String unavailable;

  @BeforeAll
  static void runImagecodecs() throws Exception {
    arena = Arena.ofShared();
    try {
      runImagecodecsBatch();
    } catch (TestAbortedException e) {
      unavailable = e.getMessage(); // skip each test visibly rather than the class silently
    }
  }

  static void runImagecodecsBatch() throws Exception {
    py = ImagecodecsHarness.open(dir);
    cases = cases();
    Map<NdArray, Path> inputs = new LinkedHashMap<>();
    ImagecodecsHarness.Batch batch = py.batch();
    for (Case c : cases) {
      Path input = inputs.computeIfAbsent(c.base, a -> py.save(c.dtype().numpyName(), a));
      byte[] javaStream = Zfp.encode(c.data(), c.options);
      Path javaStreamFile = py.save(c.name + "-java", javaStream);
      ImagecodecsHarness.Job pyStream;
      if (c.pythonView.equals("a")) {
        pyStream = batch.encode("zfp_encode", input, c.kwargs);
      } else {
        pyStream =
            batch.exec(
                "save(out, imagecodecs.zfp_encode(eval(view, {'a': load(src)}), **kw))",
                Map.of("src", input, "view", c.pythonView, "kw", c.kwargs,
                    "out", dir.resolve(c.name + "-py.bin")));
      }
      Path pyStreamFile = c.pythonView.equals("a") ? pyStream.path() : dir.resolve(c.name + "-py.bin");
      Map<String, Object> decodeArgs =
          c.options.header() ? Map.of() : Map.of("shape", c.shape(), "dtype", c.dtype());
      runs.add(new Run(c, javaStream, pyStream, pyStreamFile, batch.decode("zfp_decode", pyStreamFile, decodeArgs),
          batch.decode("zfp_decode", javaStreamFile, decodeArgs)));
    }
    // A negative minexp: Java encodes it, imagecodecs decodes it from the header, but cannot
    // encode it (its parameters are unsigned ints).
    NdArray smooth = data(arena, DType.FLOAT64, new long[] {19, 23});
    negativeMinExp =
        batch.exec(
            """
            s = load(stream)
            d = imagecodecs.zfp_decode(s)
            print(d.dtype, d.shape, numpy.array_equal(d, load(expected)))
            try:
                imagecodecs.zfp_encode(d, level=(16, 1200, 28, -30), mode='c')
            except OverflowError as e:
                print('OverflowError')
            """,
            Map.of("stream", py.save("minexp", Zfp.encode(smooth, ZfpOptions.expert(16, 1200, 28, -30))),
                "expected", py.save("minexp-decoded", Zfp.decode(Zfp.encode(smooth, ZfpOptions.expert(16, 1200, 28, -30))))));
    batch.execute();
    theirZfp = py.version("zfp");
    System.out.println("ZfpInteropTest: " + cases.size() + " cases in one Python run; imagecodecs "
        + py.version("imagecodecs") + " has " + theirZfp + ", scicodecs has " + Zfp.version());
  }

  @AfterAll
  static void closeArena() {
    if (arena != null) {
      arena.close();
    }
  }

  @BeforeEach
  void skipWithoutImagecodecs() {
    Assumptions.assumeTrue(unavailable == null, unavailable);
  }

  @TestFactory
  Stream<DynamicNode> bothDirections() {
    return runs.stream().map(r -> dynamicContainer(r.c.toString(), Stream.of(
        dynamicTest("imagecodecs' stream decodes in Java as in imagecodecs", () -> {
          NdArray java = decode(MemorySegment.ofArray(r.pyStreamBytes()), r.c);
          assertSameElements(r.pyDecoded.array(arena), java, r.c);
          if (r.c.options.mode() == ZFP.MODE.REVERSIBLE) {
            assertSameElements(r.c.data().toContiguous(arena), java, r.c);
          }
        }),
        dynamicTest("Java's stream decodes in imagecodecs as in Java", () -> {
          NdArray java = decode(MemorySegment.ofArray(r.javaStream), r.c);
          assertSameElements(java, r.pyDecodedJavaStream.array(arena), r.c);
        }),
        dynamicTest("streams are byte-identical (same zfp)", () -> {
          Assumptions.assumeTrue(Zfp.version().equals(theirZfp),
              "imagecodecs has " + theirZfp + ", scicodecs " + Zfp.version() + ": streams may differ");
          byte[] theirs = r.pyStreamBytes();
          assertTrue(Arrays.equals(r.javaStream, theirs),
              r.c + ": Java wrote " + r.javaStream.length + " bytes, imagecodecs " + theirs.length
                  + ", first difference at " + Arrays.mismatch(r.javaStream, theirs));
        }))));
  }

  @Test
  void imagecodecsDecodesANegativeMinExpButCannotEncodeIt() {
    assertEquals("float64 (19, 23) True\nOverflowError\n", negativeMinExp.text());
  }

  @Test
  void everyModeDtypeRankAndHeaderChoiceIsCovered() {
    assertEquals(128 + 6 + 5 + 4, cases.size());
    assertEquals(1, py.processCount(), "all Python work of the class in one process");
    assertFalse(theirZfp == null, "imagecodecs reports no zfp version");
  }

  private static NdArray decode(MemorySegment stream, Case c) {
    return c.options.header() ? Zfp.decode(stream, arena) : Zfp.decode(stream, c.dtype(), c.shape(), arena);
  }

  private static void assertSameElements(NdArray expected, NdArray actual, Case c) {
    assertEquals(expected.dtype(), actual.dtype(), c.toString());
    assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), c.toString());
    MemorySegment e = expected.toContiguous(arena).contiguousSegment();
    MemorySegment a = actual.toContiguous(arena).contiguousSegment();
    long at = e.mismatch(a);
    assertEquals(-1, at, () -> c + ": first different element " + at / c.dtype().byteSize() + " of " + c.data().size());
  }

  private static Map<String, Object> kwargs(Object... keysAndValues) {
    return kwargs(Map.of(), keysAndValues);
  }

  private static Map<String, Object> kwargs(Map<String, Object> base, Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>(base);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
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

  /** NaNs with payloads, signed zeros, subnormals, infinities and extremes among normal values. */
  static NdArray specials(Arena arena, DType dtype) {
    NdArray a = NdArray.allocate(arena, dtype, 64);
    MemorySegment s = a.segment();
    for (int i = 0; i < 64; i++) {
      if (dtype == DType.FLOAT32) {
        float[] special = {Float.NaN, Float.intBitsToFloat(0x7fc01234), Float.intBitsToFloat(0xffa00001),
            -0.0f, 0.0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL / 3, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -Float.MAX_VALUE, 1.0f};
        s.setAtIndex(ValueLayout.JAVA_FLOAT, i, i % 3 == 0 ? special[(i / 3) % special.length] : i * 0.37f);
      } else {
        double[] special = {Double.NaN, Double.longBitsToDouble(0x7ff8000000001234L),
            Double.longBitsToDouble(0xfff4000000000001L), -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
            Double.MIN_NORMAL / 3, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE,
            -Double.MAX_VALUE, 1.0};
        s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, i % 3 == 0 ? special[(i / 3) % special.length] : i * 0.37);
      }
    }
    return a;
  }
}
