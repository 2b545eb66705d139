package org.scicodecs.sz3;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A documented limitation, measured: SZ3 3.3.2 trusts the compressed payload, which Java cannot
 * check, so a flipped payload byte may crash the process. The flips are decoded in a child JVM; in the
 * build the run stops at the first crash (raise the restart cap to go on after it); the test
 * asserts only that every child ends, and reports how many flips were decoded, refused, or
 * crashed. A full run (no restart cap, 12,000 single-bit and byte flips of six small streams) saw
 * about 200 crashes (SIGSEGV in SZ3), 200 refusals and the rest decoded.
 */
class Sz3PayloadFlipTest {
  @TempDir Path dir;

  @Test
  void flippedPayloadBytesInAChildProcess() throws Exception {
    Assumptions.assumeTrue(Sz3.available(), "SZ3 library not available");
    String java = ProcessHandle.current().info().command().orElse("java");
    int from = 16, ok = 0, refused = 0, restarts = 0;
    List<Integer> crashed = new ArrayList<>();
    while (restarts < 1) {
      Process p = new ProcessBuilder(List.of(java, "-Xmx64m", "--enable-native-access=ALL-UNNAMED",
          "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), "-XX:-CreateCoredumpOnCrash", "-XX:ErrorLogTimeout=2",
          "-cp", System.getProperty("java.class.path"), PayloadFlipMain.class.getName(),
          Integer.toString(from)))
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
      int last = -1;
      for (String line : out.split("\n")) {
        if (line.startsWith("try ")) {
          last = Integer.parseInt(line.substring(4).trim());
        } else if (line.startsWith("ok ")) {
          ok++;
          last = -1;
        } else if (line.startsWith("refused ")) {
          refused++;
          last = -1;
        }
      }
      if (out.contains("done") || last < 0) {
        break;
      }
      crashed.add(last);
      from = last + 1;
      restarts++;
    }
    System.out.println("Sz3PayloadFlipTest: payload flips decoded " + ok + ", refused " + refused
        + ", crashed the process " + crashed.size() + " at " + crashed);
  }
}
