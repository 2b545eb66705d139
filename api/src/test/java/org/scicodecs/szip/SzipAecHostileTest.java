package org.scicodecs.szip;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scicodecs.lerc.Lerc;
import org.scicodecs.lerc.LercException;
import org.scicodecs.lerc.LercOptions;
import org.scicodecs.NdArray;

/**
 * Bit flips and truncations of SZIP, AEC and LERC streams end in the codec's exception or in a
 * decode of the right size — never in a crash, another exception type, or a write past the output.
 */
class SzipAecHostileTest {

  @Test
  void flippedAndCutStreamsNeverCrash() {
    short[] data = new short[64 * 64];
    for (int i = 0; i < data.length; i++) {
      data[i] = (short) (500 + 300 * Math.sin(i / 40.0) + i % 9);
    }
    SzipOptions szip = SzipOptions.of("nn", 16, 16, 64).withHeader(true);
    AecOptions aec = AecOptions.of(16).withBlockSize(16).withRsi(32);
    byte[] szipStream = Szip.encode(MemorySegment.ofArray(data), szip);
    byte[] aecStream = Aec.encode(MemorySegment.ofArray(data), aec);
    byte[] lercBlob = Lerc.encode(NdArray.of(data, 64, 64), LercOptions.lossless());
    Random r = new Random(5);
    int attempts = 0;
    for (int trial = 0; trial < 400; trial++) {
      byte[] s = mutate(szipStream, r);
      byte[] a = mutate(aecStream, r);
      byte[] l = mutate(lercBlob, r);
      byte[] out = new byte[data.length * 2 + 16];
      try {
        Szip.decode(MemorySegment.ofArray(s), szip, MemorySegment.ofArray(out).asSlice(0, data.length * 2L));
      } catch (SzipException | org.scicodecs.OutputTooSmallException expected) {
        attempts++;
      }
      try {
        Aec.decode(MemorySegment.ofArray(a), aec, MemorySegment.ofArray(out).asSlice(0, data.length * 2L));
      } catch (SzipException expected) {
        attempts++;
      }
      try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
        Lerc.decode(MemorySegment.ofArray(l), arena);
      } catch (LercException expected) {
        attempts++;
      }
      for (int i = data.length * 2; i < out.length; i++) {
        assertTrue(out[i] == 0, "a decoder wrote past its output");
      }
    }
    assertTrue(attempts > 0, "no mutated stream was rejected: the mutations are too weak");
  }

  /** Flips a few random bits, or cuts the stream short. */
  private static byte[] mutate(byte[] stream, Random r) {
    if (r.nextInt(4) == 0) {
      return java.util.Arrays.copyOf(stream, r.nextInt(stream.length));
    }
    byte[] m = stream.clone();
    for (int k = 0; k < 1 + r.nextInt(4); k++) {
      int bit = r.nextInt(Math.min(m.length, 64) * 8); // mostly the header and first blocks
      m[bit / 8] ^= (byte) (1 << (bit % 8));
    }
    return m;
  }
}
