package org.scicodecs.tests.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.szip.Aec;
import org.scicodecs.szip.AecOptions;
import org.scicodecs.szip.Szip;
import org.scicodecs.szip.SzipOptions;

/**
 * SZIP (with the HDF5 size header) and raw AEC against imagecodecs (libaec 1.1.6 in the wheel,
 * 1.1.4 ours), both directions; libaec's encoder is stable across these versions, so the streams
 * must be byte-identical too.
 */
class SzipAecInteropTest {

  @Test
  void szipAndAecStreamsAreIdenticalAndCrossBothWays(@TempDir Path dir) {
    ImagecodecsHarness py = ImagecodecsHarness.open(dir);
    short[] samples = new short[64 * 200];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) (3000 + 900 * Math.sin(i / 50.0) + (i * 7919) % 13);
    }
    NdArray image = NdArray.of(samples, DType.UINT16, 64, 200);
    Path npy = py.save("image.npy", image);
    record Case(String name, byte[] java, ImagecodecsHarness.Job encoded, ImagecodecsHarness.Job decodedJava) {}
    List<Case> cases = new ArrayList<>();
    var batch = py.batch();
    for (SzipOptions o : new SzipOptions[] {SzipOptions.of("ec", 16, 16, 200).withHeader(true),
        SzipOptions.of("nn", 32, 16, 200).withHeader(true), new SzipOptions(141, 8, 16, 100, true)}) {
      Map<String, Object> kwargs = new LinkedHashMap<>();
      kwargs.put("options_mask", o.optionsMask());
      kwargs.put("pixels_per_block", o.pixelsPerBlock());
      kwargs.put("bits_per_pixel", o.bitsPerPixel());
      kwargs.put("pixels_per_scanline", o.pixelsPerScanline());
      kwargs.put("header", true);
      byte[] java = Szip.encode(image.segment(), o);
      Path javaStream = py.save("szip" + cases.size() + ".bin", java);
      cases.add(new Case("szip " + o, java, batch.call("szip_encode", npy, kwargs, ".bin"),
          batch.call("szip_decode", javaStream, kwargs, ".bin")));
    }
    for (AecOptions o : new AecOptions[] {AecOptions.of(16).withBlockSize(16).withRsi(128), AecOptions.of(16)}) {
      Map<String, Object> kwargs = new LinkedHashMap<>();
      kwargs.put("bitspersample", o.bitsPerSample());
      kwargs.put("flags", o.flags());
      kwargs.put("blocksize", o.blockSize());
      kwargs.put("rsi", o.rsi());
      byte[] java = Aec.encode(image.segment(), o);
      Path javaStream = py.save("aec" + cases.size() + ".bin", java);
      Map<String, Object> decodeArgs = new LinkedHashMap<>(kwargs);
      decodeArgs.put("out", (int) image.byteSize());
      cases.add(new Case("aec " + o, java, batch.call("aec_encode", npy, kwargs, ".bin"),
          batch.call("aec_decode", javaStream, decodeArgs, ".bin")));
    }
    batch.execute();
    byte[] raw = image.segment().toArray(ValueLayout.JAVA_BYTE);
    for (Case c : cases) {
      assertArrayEquals(c.encoded.bytes(), c.java, "imagecodecs and Java streams differ: " + c.name);
      assertArrayEquals(raw, c.decodedJava.bytes(), "imagecodecs decoding Java's stream: " + c.name);
    }
    // imagecodecs' streams decode in Java (they are the same bytes; decode them anyway).
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment back = Szip.decode(MemorySegment.ofArray(cases.get(0).encoded.bytes()),
          SzipOptions.of("ec", 16, 16, 200).withHeader(true), arena);
      assertEquals(-1, image.segment().mismatch(back));
      MemorySegment out = arena.allocate(image.byteSize());
      Aec.decode(MemorySegment.ofArray(cases.get(3).encoded.bytes()), AecOptions.of(16).withBlockSize(16).withRsi(128), out);
      assertEquals(-1, image.segment().mismatch(out));
    }
    assertEquals(5, cases.size(), Arrays.toString(cases.toArray()));
  }
}
