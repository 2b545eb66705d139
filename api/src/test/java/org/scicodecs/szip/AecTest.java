package org.scicodecs.szip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scicodecs.OutputTooSmallException;
import org.scicodecs.TestData;

class AecTest {

  /** The CCSDS 121.0-B-2 AllOptions vectors: J=16, preprocessing, r=16 (256 samples) or 32 (512). */
  static Stream<String> allOptions() throws Exception {
    Path dir = TestData.sharedData("libaec-ccsds121/AllOptions");
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".rz")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("allOptions")
  void ccsdsReferenceStreamsDecodeExactlyAndReencodeToStreamsThatDecodeAlike(String rz) throws Exception {
    Path dir = TestData.sharedData("libaec-ccsds121/AllOptions");
    String base = rz.replaceAll("(-basic|-restricted)?\\.rz$", "");
    int bits = Integer.parseInt(base.substring(base.indexOf('n') + 1));
    int samples = Integer.parseInt(base.substring(base.indexOf('p') + 1, base.indexOf('n')));
    int flags = AEC.DATA_PREPROCESS | (rz.contains("restricted") ? AEC.RESTRICTED : 0);
    AecOptions options = AecOptions.of(bits).withFlags(flags).withBlockSize(16).withRsi(samples == 256 ? 16 : 32);
    byte[] expected = Files.readAllBytes(dir.resolve(base + ".dat"));
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment stream = TestData.readFile(dir.resolve(rz), arena);
      MemorySegment out = arena.allocate(expected.length);
      assertEquals(expected.length, Aec.decode(stream, options, out));
      assertEquals(-1, MemorySegment.ofArray(expected).mismatch(out), rz);
      byte[] ours = Aec.encode(MemorySegment.ofArray(expected), options);
      // libaec's encoder makes other (equal-cost) option choices than the CCSDS reference for n >= 5.
      assertEquals(stream.byteSize(), ours.length, "encoded size " + rz);
      MemorySegment again = arena.allocate(expected.length);
      Aec.decode(MemorySegment.ofArray(ours), options, again);
      assertEquals(-1, MemorySegment.ofArray(expected).mismatch(again), rz);
    }
  }

  @Test
  void realRasterStreamsFromTheAecToolDecodeToTheirInputs() throws Exception {
    record Case(String stream, String input, AecOptions options) {}
    List<Case> cases = new ArrayList<>(List.of(
        new Case("knee_mr_512x512_u16_n16_j32_r128.rz", "vtk-medical-ct-mr/knee_mr_512x512_u16le.raw",
            AecOptions.of(16).withBlockSize(32).withRsi(128)),
        new Case("headsq_64x64x93_i16_n16s_j16_r64.rz", "vtk-medical-ct-mr/headsq_64x64x93_i16le.raw",
            AecOptions.of(16).withFlags(AEC.DATA_PREPROCESS | AEC.DATA_SIGNED).withBlockSize(16).withRsi(64)),
        new Case("jacksboro_dem_344x403_i16_n16s_j8_r32_t.rz", "mpl-sample-dem-mri/jacksboro_dem_344x403_i16le.raw",
            AecOptions.of(16).withFlags(AEC.DATA_PREPROCESS | AEC.DATA_SIGNED | AEC.RESTRICTED).withRsi(32))));
    for (Case c : cases) {
      byte[] input = Files.readAllBytes(TestData.sharedData(c.input));
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment stream = TestData.readFile(TestData.sharedData("libaec-ccsds121/real_data_streams/" + c.stream), arena);
        MemorySegment out = arena.allocate(input.length);
        assertEquals(input.length, Aec.decode(stream, c.options, out));
        assertEquals(-1, MemorySegment.ofArray(input).mismatch(out), c.stream);
        assertEquals(stream.byteSize(), Aec.encode(MemorySegment.ofArray(input), c.options).length, c.stream);
      }
    }
  }

  @Test
  void tooSmallOutputsAndCorruptStreamsAreClearErrors() {
    short[] data = new short[2048];
    for (int i = 0; i < data.length; i++) {
      data[i] = (short) (1000 + 200 * Math.sin(i / 30.0) + i % 5);
    }
    AecOptions options = AecOptions.of(16).withBlockSize(16).withRsi(64);
    byte[] stream = Aec.encode(MemorySegment.ofArray(data), options);
    var small = assertThrows(OutputTooSmallException.class,
        () -> Aec.encode(MemorySegment.ofArray(data), options, MemorySegment.ofArray(new byte[stream.length - 1])));
    assertEquals(stream.length, small.requiredBytes());
    assertThrows(SzipException.class,
        () -> Aec.decode(MemorySegment.ofArray(stream), options, MemorySegment.ofArray(new byte[100])));
    for (int n = 0; n < stream.length; n += 7) {
      byte[] cut = java.util.Arrays.copyOf(stream, n);
      try {
        Aec.decode(MemorySegment.ofArray(cut), options, MemorySegment.ofArray(new byte[data.length * 2]));
      } catch (SzipException expected) {
        assertTrue(expected.getMessage().startsWith("aec_buffer_decode"), expected.getMessage());
      }
    }
    assertThrows(IllegalArgumentException.class, () -> AecOptions.of(33));
    assertThrows(IllegalArgumentException.class, () -> AecOptions.of(8).withBlockSize(12));
    assertThrows(IllegalArgumentException.class, () -> AecOptions.of(6).withFlags(AEC.RESTRICTED));
    assertEquals(12, AecOptions.of(8).withFlags(AEC.NOT_ENFORCE).withBlockSize(12).blockSize());
  }
}
