package org.scicodecs.sz3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every payload byte of small streams of each algorithm the C wrapper writes (interpolation,
 * lorenzo-regression, lossless; float and double; 1-D to 3-D), flipped in four ways (bits 0, 4,
 * 7, all), decoded through {@link Sz3#decode} in a child JVM, so that a regression that crashes
 * SZ3 cannot take the test JVM down. Every flip must end refused or decoded, none may crash the
 * child (it is restarted after a crash, to count them all, up to {@value #MAX_CRASHES}), and a
 * lossless stream decoded without SZ3 must give what SZ3 itself gives. Flips that decode to other
 * values are counted, not failed: SZ3 streams carry no checksum, so a flipped stored value (an
 * unpredictable value, a lossless raw byte, an error bound) is data no check can tell apart.
 *
 * <p>System property {@code scicodecs.sz3.flips=long}: more and larger streams (float64
 * lorenzo-regression, 4-D, relative bound) and every single bit, about 8 times as many flips.
 */
class Sz3PayloadFlipTest {
  static final int MAX_CRASHES = 50;

  @TempDir Path dir;

  @Test
  void flippedPayloadBytesNeverCrash() throws Exception {
    Assumptions.assumeTrue(Sz3.available(), "SZ3 library not available");
    String mode = System.getProperty("scicodecs.sz3.flips", "ci").equals("long") ? "long" : "ci";
    String java = ProcessHandle.current().info().command().orElse("java");
    int from = 0, total = -1, same = 0, changed = 0, refused = 0;
    List<Integer> crashed = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    Map<String, int[]> byAlgorithm = new TreeMap<>(); // same, changed, refused, crashed
    List<Object[]> streams = new ArrayList<>(); // {algorithm, first, last}
    boolean done = false;
    while (!done && crashed.size() < MAX_CRASHES) {
      Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
          "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), "-XX:-CreateCoredumpOnCrash",
          "-XX:ErrorLogTimeout=2", "-cp", System.getProperty("java.class.path"),
          PayloadFlipMain.class.getName(), mode, Integer.toString(from)))
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(600, TimeUnit.SECONDS), "child did not end");
      int last = -1;
      for (String line : out.split("\n")) {
        String[] f = line.trim().split(" ");
        switch (f[0]) {
          case "total" -> total = Integer.parseInt(f[1]);
          case "stream" -> {
            if (Integer.parseInt(f[1]) == streams.size()) {
              streams.add(new Object[] {f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4])});
            }
          }
          case "try" -> last = Integer.parseInt(f[1]);
          case "refused" -> {
            refused++;
            tally(byAlgorithm, streams, Integer.parseInt(f[1]), 2);
            last = -1;
          }
          case "ok" -> {
            boolean isSame = f[2].equals("same");
            if (isSame) {
              same++;
            } else {
              changed++;
            }
            tally(byAlgorithm, streams, Integer.parseInt(f[1]), isSame ? 0 : 1);
            last = -1;
          }
          case "bad" -> {
            bad.add(line.trim());
            last = -1;
          }
          case "done" -> done = true;
          default -> { }
        }
      }
      if (!done) {
        assertTrue(last >= 0, "child ended without a result and without a trial: " + out);
        crashed.add(last);
        tally(byAlgorithm, streams, last, 3);
        from = last + 1;
      }
    }
    StringBuilder summary = new StringBuilder("Sz3PayloadFlipTest (" + mode + "): " + total
        + " flips: decoded to the same values " + same + ", to other values " + changed
        + ", refused " + refused + ", crashed " + crashed.size() + " " + crashed + ", wrong " + bad);
    byAlgorithm.forEach((a, c) -> summary.append("\n  ").append(a).append(": same ").append(c[0])
        .append(", other ").append(c[1]).append(", refused ").append(c[2]).append(", crashed ")
        .append(c[3]));
    System.out.println(summary);
    assertEquals(List.of(), crashed, summary.toString());
    assertEquals(List.of(), bad, summary.toString());
    assertTrue(total > 0 && done, summary.toString());
    assertEquals(total, same + changed + refused, summary.toString());
  }

  private static void tally(Map<String, int[]> byAlgorithm, List<Object[]> streams, int trial,
      int outcome) {
    for (Object[] s : streams) {
      if (trial >= (int) s[1] && trial <= (int) s[2]) {
        byAlgorithm.computeIfAbsent((String) s[0], k -> new int[4])[outcome]++;
        return;
      }
    }
  }
}
