package org.scicodecs.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.pcodec.Pcodec;
import org.scicodecs.pcodec.PcodecInfo;
import org.scicodecs.pcodec.PcodecOptions;

/**
 * PCODEC against the {@code pcodec} PyPI package (pco's own Python binding, 1.0.3 like ours), for
 * every dtype pcodec has: its streams decode in Java, ours decode there, and the bytes are equal
 * but for byte 5, where pco's {@code simple_compress} records no number type and the C API
 * (upstream's, imagecodecs', ours) records it.
 */
class PcodecPypiInteropTest {

  @Test
  void pcoStreamsCrossBothWaysAndDifferOnlyInTheRecordedType(@TempDir Path dir) throws Exception {
    ImagecodecsHarness py = ImagecodecsHarness.open(dir);
    var batch = py.batch();
    record Case(DType dtype, NdArray data, byte[] java, Path pyStream, Path pyDecoded) {}
    List<Case> cases = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      for (DType dtype : DType.values()) {
        NdArray data = NdArray.allocate(arena, dtype, 4000);
        Random r = new Random(dtype.ordinal());
        for (long i = 0; i < data.byteSize(); i += dtype.byteSize()) {
          data.segment().set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt(64));
          if (dtype.byteSize() > 1) {
            data.segment().set(ValueLayout.JAVA_BYTE, i + dtype.byteSize() - 1, (byte) (i / 997));
          }
        }
        putSpecials(data);
        byte[] java = Pcodec.encode(data, PcodecOptions.defaults());
        Path npy = py.save(dtype + ".npy", data);
        Path javaStream = py.save(dtype + ".java.pco", java);
        Path pyStream = dir.resolve(dtype + ".py.pco");
        Path pyDecoded = dir.resolve(dtype + ".py.npy");
        batch.exec("""
            from pcodec import standalone, ChunkConfig
            a = numpy.load(src)
            config = ChunkConfig(compression_level=8)
            config.enable_8_bit = True  # as the C API does
            open(out, 'wb').write(standalone.simple_compress(a, config))
            numpy.save(decoded, standalone.simple_decompress(open(stream, 'rb').read()))
            """, Map.of("src", npy.toString(), "out", pyStream.toString(), "stream", javaStream.toString(),
                "decoded", pyDecoded.toString()));
        cases.add(new Case(dtype, data, java, pyStream, pyDecoded));
      }
      batch.execute();
      for (Case c : cases) {
        byte[] theirs = Files.readAllBytes(c.pyStream);
        assertEquals(c.java.length, theirs.length, c.dtype.toString());
        assertEquals(5, MemorySegment.ofArray(c.java).mismatch(MemorySegment.ofArray(theirs)), c.dtype.toString());
        assertEquals(0, theirs[5], "pco's simple_compress records no number type");
        assertEquals(-1, MemorySegment.ofArray(c.java).asSlice(6).mismatch(MemorySegment.ofArray(theirs).asSlice(6)));
        PcodecInfo info = Pcodec.readInfo(MemorySegment.ofArray(theirs));
        assertEquals(c.dtype, info.dtype(), "the type from the first chunk");
        NdArray fromPy = Pcodec.decode(MemorySegment.ofArray(theirs), arena);
        assertEquals(-1, c.data.segment().mismatch(fromPy.segment()), "Java decoding pcodec's " + c.dtype);
        NdArray byPy = ImagecodecsHarness.load(c.pyDecoded, arena);
        assertEquals(-1, c.data.segment().mismatch(byPy.segment()), "pcodec decoding Java's " + c.dtype);
      }
    }
  }

  /** Extremes for integers; NaN payloads, -0.0 and infinities for floats: lossless means bits. */
  static void putSpecials(NdArray a) {
    MemorySegment s = a.segment();
    switch (a.dtype()) {
      case FLOAT16 -> {
        short[] bits = {(short) 0x7e01, (short) 0xfc00, (short) 0x8000, 0x7c00, 0x0001};
        for (int i = 0; i < bits.length; i++) {
          s.setAtIndex(ValueLayout.JAVA_SHORT, i * 7L, bits[i]);
        }
      }
      case FLOAT32 -> {
        int[] bits = {0x7fc00001, 0xffa00000, 0x80000000, 0x7f800000, 0xff800000, 0x00000001};
        for (int i = 0; i < bits.length; i++) {
          s.setAtIndex(ValueLayout.JAVA_INT, i * 7L, bits[i]);
        }
      }
      case FLOAT64 -> {
        long[] bits = {0x7ff8000000000123L, 0xfff4000000000000L, 0x8000000000000000L, 0x7ff0000000000000L, 1L};
        for (int i = 0; i < bits.length; i++) {
          s.setAtIndex(ValueLayout.JAVA_LONG, i * 7L, bits[i]);
        }
      }
      default -> {
        long n = a.dtype().byteSize();
        for (long b = 0; b < n; b++) {
          s.set(ValueLayout.JAVA_BYTE, b, (byte) 0xff);              // element 0: all ones
          s.set(ValueLayout.JAVA_BYTE, 7 * n + b, (byte) (b == n - 1 ? 0x80 : 0)); // element 7: sign bit only
        }
      }
    }
  }
}
