package org.scicodecs.tests.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.floatpred.Floatpred;

/**
 * The floating-point predictor against imagecodecs, for float16/32/64: Java's encoded bytes are
 * imagecodecs' bytes, imagecodecs decodes Java's and Java decodes imagecodecs' back to the input.
 * Shapes from 1-D to 4-D, the two axes imagecodecs takes, dist 1, 2 and 4 where the axis allows,
 * strided and transposed inputs (the same views on both sides, so imagecodecs reads a strided numpy
 * view too), and the axes only Java takes, against imagecodecs' axis -2 on the reshaped array.
 */
class FloatpredInteropTest {
  /** One comparison: the input view on the Java side and how Python makes the same view. */
  private record Case(
      String name,
      NdArray data,
      int axis,
      int dist,
      byte[] javaEncoded,
      ImagecodecsHarness.Job pyEncoded,
      Path pyEncodedFile,
      ImagecodecsHarness.Job pyDecodedJava,
      Path pyDecodedFile) {}

  @Test
  void bytesAndRoundTripsMatchImagecodecs(@TempDir Path dir) throws IOException {
    ImagecodecsHarness py = ImagecodecsHarness.open(dir);
    List<Case> cases = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      ImagecodecsHarness.Batch batch = py.batch();
      for (DType dtype : new DType[] {DType.FLOAT16, DType.FLOAT32, DType.FLOAT64}) {
        // contiguous arrays, 1-D to 4-D, RGB and 7-sample rows long enough for the 512-bit loops,
        // short rows (SmallRows), {3000, 3} in several of its blocks
        long[][] shapes = {
          {1000}, {37, 24}, {31, 32, 3}, {2, 3, 16, 8}, {5, 300, 3}, {4, 200, 7}, {3000, 3}
        };
        for (long[] shape : shapes) {
          NdArray base = field(arena, dtype, shape);
          Path npy = py.save(dtype + "-base", base);
          for (int axis : shape.length == 1 ? new int[] {-1} : new int[] {-1, -2}) {
            add(cases, batch, py, dtype + " " + List.of(box(shape)) + " axis " + axis, base, npy,
                a -> a, Map.of(), axis, axis);
          }
        }
        // a strided view: every second column, two of five samples, rows 1..32
        NdArray wide = field(arena, dtype, 34, 36, 5);
        Path wideNpy = py.save(dtype + "-wide", wide);
        UnaryOperator<NdArray> strided = a -> a.slice(0, 1, 33, 1).slice(1, 2, 34, 2).slice(2, 0, 5, 2);
        Map<String, Object> stridedPy = Map.of("view", List.of(new int[] {1, 33, 1}, new int[] {2, 34, 2}, new int[] {0, 5, 2}));
        for (int axis : new int[] {-1, -2}) {
          add(cases, batch, py, dtype + " strided axis " + axis, wide, wideNpy, strided, stridedPy, axis, axis);
        }
        // a transposed view: planes (3, 32, 24) seen as chunky (32, 24, 3)
        NdArray planes = field(arena, dtype, 3, 32, 24);
        Path planesNpy = py.save(dtype + "-planes", planes);
        for (int axis : new int[] {-1, -2}) {
          add(cases, batch, py, dtype + " transposed axis " + axis, planes, planesNpy,
              a -> a.transpose(1, 2, 0), Map.of("transpose", new int[] {1, 2, 0}), axis, axis);
        }
        // axes imagecodecs does not take: the same bytes as its axis -2 on the reshaped array
        NdArray cube = field(arena, dtype, 4, 6, 10);
        Path cubeNpy = py.save(dtype + "-cube", cube);
        add(cases, batch, py, dtype + " (4,6,10) axis 0", cube, cubeNpy, a -> a,
            Map.of("reshape", new long[] {1, 4, 60}), 0, -2);
        NdArray four = field(arena, dtype, 2, 4, 6, 8);
        Path fourNpy = py.save(dtype + "-four", four);
        add(cases, batch, py, dtype + " (2,4,6,8) axis 1", four, fourNpy, a -> a,
            Map.of("reshape", new long[] {2, 4, 48}), 1, -2);
      }
      batch.execute();

      for (Case c : cases) {
        byte[] original = bytes(c.data);
        byte[] pyEncoded = Files.readAllBytes(checked(c.pyEncoded, c.pyEncodedFile));
        assertArrayEquals(pyEncoded, c.javaEncoded, "Java's encoding is imagecodecs': " + c.name);
        NdArray fromPy =
            Floatpred.decode(
                NdArray.of(MemorySegment.ofArray(pyEncoded), c.data.dtype(), c.data.shape()),
                c.axis, c.dist);
        assertArrayEquals(original, bytes(fromPy), "Java decoding imagecodecs': " + c.name);
        assertArrayEquals(
            original, Files.readAllBytes(checked(c.pyDecodedJava, c.pyDecodedFile)),
            "imagecodecs decoding Java's: " + c.name);
        if (c.name.contains("strided") || c.name.contains("transposed")) {
          // both sides saw a non-contiguous view (the helper prints numpy's C_CONTIGUOUS flag)
          assertFalse(c.data.isContiguous(), c.name);
          assertTrue(c.pyEncoded.text().strip().endsWith("False"), c.pyEncoded.text());
        }
      }
    }
    System.out.println(
        "floatpred interop: " + cases.size() + " cases byte-identical with imagecodecs "
            + py.version("imagecodecs") + " (" + py.version("floatpred") + "), both directions, "
            + (Floatpred.vectorized() ? "Vector API loops" : "plain loops"));
    // per dtype: 1-D 3, (37,24) 3+1, (31,32,3) 1+3, 4-D 3+3, (5,300,3) 1+3, (4,200,7) 1+3,
    // strided 1+3, transposed 1+3, 3, 3
    assertEquals(3 * 43, cases.size());
  }

  /**
   * Adds the cases of one input view for every dist the axis allows: Java encodes the view; Python
   * encodes the same view of the saved base and decodes Java's bytes.
   */
  private static void add(
      List<Case> cases, ImagecodecsHarness.Batch batch, ImagecodecsHarness py, String name,
      NdArray base, Path baseNpy, UnaryOperator<NdArray> view, Map<String, Object> pyView,
      int axis, int pyAxis) {
    NdArray data = view.apply(base);
    for (int dist : new int[] {1, 2, 4}) {
      if (data.shape(axis) % dist != 0) {
        continue;
      }
      String what = name + " dist " + dist;
      NdArray encoded = Floatpred.encode(data, axis, dist);
      Path encodedNpy = py.save("java-encoded", encoded);
      Path pyEncoded = py.workDir().resolve("py-encoded-" + cases.size() + ".bin");
      Path pyDecoded = py.workDir().resolve("py-decoded-" + cases.size() + ".bin");
      Map<String, Object> encodeArgs = new LinkedHashMap<>(pyView);
      encodeArgs.put("axis", pyAxis);
      encodeArgs.put("dist", dist);
      Map<String, Object> decodeArgs = new LinkedHashMap<>();
      if (pyView.containsKey("reshape")) {
        decodeArgs.put("reshape", pyView.get("reshape"));
      }
      decodeArgs.put("axis", pyAxis);
      decodeArgs.put("dist", dist);
      cases.add(new Case(what, data, axis, dist, bytes(encoded),
          batch.exec(call("floatpred_encode", baseNpy, pyEncoded, encodeArgs), Map.of()), pyEncoded,
          batch.exec(call("floatpred_decode", encodedNpy, pyDecoded, decodeArgs), Map.of()), pyDecoded));
    }
  }

  /** Python code calling the driver's floatpred helper. */
  private static String call(String function, Path src, Path dst, Map<String, Object> kwargs) {
    StringBuilder code = new StringBuilder("floatpred(")
        .append(ImagecodecsHarness.literal(function)).append(", ")
        .append(ImagecodecsHarness.literal(src)).append(", ")
        .append(ImagecodecsHarness.literal(dst));
    kwargs.forEach((k, v) -> code.append(", ").append(k).append('=').append(ImagecodecsHarness.literal(v)));
    return code.append(")").toString();
  }

  private static Path checked(ImagecodecsHarness.Job job, Path file) {
    job.text(); // fails the test with the Python traceback if the job raised
    return file;
  }

  /** A smooth field with noise in the low bits, of any float dtype. */
  private static NdArray field(Arena arena, DType dtype, long... shape) {
    NdArray a = NdArray.allocate(arena, dtype, shape);
    MemorySegment s = a.segment();
    Random r = new Random(a.size() * 7 + dtype.ordinal());
    for (long i = 0; i < a.size(); i++) {
      double v = 20 * Math.sin(i * 0.01) + 3 * Math.cos(i * 0.37) + r.nextGaussian() * 0.01;
      switch (dtype) {
        case FLOAT16 -> s.setAtIndex(ValueLayout.JAVA_SHORT, i, Float.floatToFloat16((float) v));
        case FLOAT32 -> s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v);
        default -> s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
      }
    }
    return a;
  }

  /** The elements' bytes in C order, whatever the layout. */
  private static byte[] bytes(NdArray a) {
    if (a.isContiguous()) {
      return a.contiguousSegment().toArray(ValueLayout.JAVA_BYTE);
    }
    try (Arena arena = Arena.ofConfined()) {
      return a.toContiguous(arena).contiguousSegment().toArray(ValueLayout.JAVA_BYTE);
    }
  }

  private static Long[] box(long[] shape) {
    Long[] b = new Long[shape.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = shape[i];
    }
    return b;
  }
}
