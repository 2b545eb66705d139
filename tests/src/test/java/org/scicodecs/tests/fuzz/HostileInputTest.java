package org.scicodecs.tests.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.scicodecs.CodecException;
import org.scicodecs.DecodeLimits;
import org.scicodecs.OutputTooSmallException;

/**
 * Structured hostile input for every decoder, starting from each codec's valid seed streams: every
 * truncation, every single-bit flip in the first 64 bytes (the headers), zero-length and 1-byte
 * inputs, and every other codec's streams. Each input must either decode or end in the codec's
 * exception with a message — never another exception, a hang or a crash (which would end this
 * JVM and fail the build).
 */
class HostileInputTest {
  @TestFactory
  List<DynamicTest> everyDecoderRefusesHostileInputCleanly() {
    System.setProperty(DecodeLimits.PROPERTY, Long.toString(64L << 20));
    Map<String, List<byte[]>> seeds = SeedCorpus.seeds();
    List<DynamicTest> tests = new ArrayList<>();
    for (String target : FuzzTargets.names()) {
      if (target.equals("check")) {
        continue;
      }
      tests.add(DynamicTest.dynamicTest(target, () -> {
        AtomicInteger decoded = new AtomicInteger(), refused = new AtomicInteger();
        List<String> wrong = new ArrayList<>();
        List<byte[]> inputs = new ArrayList<>();
        inputs.add(new byte[0]);
        inputs.add(new byte[1]);
        inputs.add(new byte[] {(byte) 0xff});
        for (byte[] seed : seeds.get(target)) {
          for (int n = 0; n < seed.length; n++) {
            inputs.add(java.util.Arrays.copyOf(seed, n));
          }
          for (int bit = 0; bit < Math.min(64, seed.length) * 8; bit++) {
            byte[] b = seed.clone();
            b[bit / 8] ^= (byte) (1 << (bit % 8));
            inputs.add(b);
          }
        }
        seeds.forEach((other, streams) -> {
          if (!other.equals(target) && !other.equals("check")) {
            for (byte[] s : streams) {
              inputs.add(s);
              byte[] shifted = new byte[s.length + 1]; // behind a selector byte, where one is read
              System.arraycopy(s, 0, shifted, 1, s.length);
              inputs.add(shifted);
            }
          }
        });
        for (byte[] input : inputs) {
          try {
            FuzzTargets.ALL.get(target).accept(input);
            decoded.incrementAndGet();
          } catch (CodecException | OutputTooSmallException e) {
            refused.incrementAndGet();
            if (e.getMessage() == null || e.getMessage().length() < 12) {
              wrong.add("a message that says nothing: " + e);
            }
          } catch (RuntimeException e) {
            wrong.add(e.toString());
          }
        }
        System.out.println("HostileInputTest " + target + ": " + inputs.size() + " inputs, "
            + decoded + " decoded, " + refused + " refused");
        assertEquals(List.of(), wrong.stream().distinct().toList());
        assertTrue(refused.get() > 0);
      }));
    }
    return tests;
  }
}
