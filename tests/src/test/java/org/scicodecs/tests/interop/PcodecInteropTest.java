package org.scicodecs.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.pcodec.Pcodec;
import org.scicodecs.pcodec.PcodecOptions;

/**
 * PCODEC against imagecodecs, both directions, every dtype, two levels: imagecodecs' streams decode
 * in Java to the input; Java's streams decode in imagecodecs to the input. The wheel's pcodec
 * (1.0.1) is not ours (pco 1.0.3): streams are compared, and the count of identical ones reported,
 * but only values are required to match.
 */
class PcodecInteropTest {
  static final long[] SHAPE = {31, 32, 3};

  @Test
  void streamsCrossInBothDirections(@TempDir Path dir) {
    ImagecodecsHarness py = ImagecodecsHarness.open(dir);
    boolean sameVersion = py.version("pcodec").equals(Pcodec.version());
    record Case(String name, NdArray data, byte[] javaStream, ImagecodecsHarness.Job pyEncoded,
        ImagecodecsHarness.Job pyDecodedJava) {}
    List<Case> cases = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      var batch = py.batch();
      for (DType dtype : DType.values()) {
        for (int level : new int[] {8, 10}) {
          String name = dtype + "-" + level;
          NdArray data = data(arena, dtype);
          Path npy = py.save(name + ".npy", data);
          byte[] stream = Pcodec.encode(data, PcodecOptions.level(level));
          Path javaStream = py.save(name + ".java.pco", stream);
          cases.add(new Case(name, data, stream,
              batch.encode("pcodec_encode", npy, Map.of("level", level)),
              batch.decode("pcodec_decode", javaStream, Map.of("shape", SHAPE, "dtype", dtype))));
        }
      }
      batch.execute();
      int identical = 0;
      for (Case c : cases) {
        byte[] pyStream = c.pyEncoded.bytes();
        NdArray fromPy = Pcodec.decode(MemorySegment.ofArray(pyStream), c.data.dtype(), SHAPE, arena);
        assertEquals(-1, c.data.segment().mismatch(fromPy.segment()), "Java decoding imagecodecs' " + c.name);
        NdArray byPy = c.pyDecodedJava.array(arena);
        assertEquals(-1, c.data.segment().mismatch(byPy.segment()), "imagecodecs decoding Java's " + c.name);
        if (Arrays.equals(pyStream, c.javaStream)) {
          identical++;
        } else if (sameVersion) {
          throw new AssertionError("same pcodec version, different streams: " + c.name);
        }
      }
      System.out.println("pcodec interop: " + identical + " of " + cases.size()
          + " streams byte-identical (imagecodecs " + py.version("pcodec") + ", ours " + Pcodec.version() + ")");
      assertTrue(cases.size() == 22);
    }
  }

  private static NdArray data(Arena arena, DType dtype) {
    NdArray a = NdArray.allocate(arena, dtype, SHAPE);
    Random r = new Random(dtype.ordinal());
    MemorySegment s = a.segment();
    for (long i = 0; i < a.byteSize(); i += dtype.byteSize()) {
      s.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt(32));
      if (dtype.byteSize() > 1) {
        s.set(ValueLayout.JAVA_BYTE, i + 1, (byte) (i >> 10));
      }
    }
    return a;
  }
}
