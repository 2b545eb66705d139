package org.scicodecs.tests.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Native memory stays flat over many encode→decode cycles of every codec: {@link
 * NativeMemorySoakMain} in a child JVM (a fixed heap touched before the start, so the heap's pages
 * do not count as growth; Native Memory Tracking on). Between the end of the warm-up and the end of
 * the run, the libraries' malloc (glibc's bytes in use less the JVM's own mallocs) may move by less
 * than {@value #MALLOC_SLACK_MB} MiB and NMT's total less the JVM's arenas by less than {@value
 * #NMT_SLACK_MB} MiB (the code cache grows by about 1 MiB). The JIT's scratch memory is left out of
 * both: counted in, it moved them by ±12 MiB between runs and once failed CI. RSS moves with the
 * JIT and the heap's pages under load (40 MiB was seen on a busy machine), so it only has to stay
 * under {@value #RSS_SLACK_MB} MiB. With {@value #CYCLES} cycles, a leak of 2 KiB per cycle (the
 * decoded arrays are 8–15 KiB) exceeds the slack; {@code scripts/soak} runs 100,000 cycles per
 * codec.
 */
class NativeMemorySoakTest {
  static final int CYCLES = Integer.getInteger("scicodecs.soak.cycles", 3000);
  static final long MALLOC_SLACK_MB = 4;
  static final long NMT_SLACK_MB = 4;
  static final long RSS_SLACK_MB = 128;

  @Test
  void everyCodecRunsFlat() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch",
        "-XX:NativeMemoryTracking=summary", "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path")));
    String libs = System.getProperty("scicodecs.library.path");
    if (libs != null) {
      cmd.add("-Dscicodecs.library.path=" + libs);
    }
    cmd.addAll(List.of(NativeMemorySoakMain.class.getName(), Integer.toString(CYCLES)));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), out);
    List<String> problems = new ArrayList<>();
    int codecs = 0;
    for (String line : out.split("\n")) {
      if (!line.startsWith("soak ")) {
        continue;
      }
      codecs++;
      String[] w = line.trim().split(" ");
      long mallocGrowth = Long.parseLong(w[4]) - Long.parseLong(w[3]);
      long rssGrowthKb = Long.parseLong(w[6]) - Long.parseLong(w[5]);
      long nmtGrowthKb = Long.parseLong(w[8]) - Long.parseLong(w[7]);
      if (mallocGrowth > MALLOC_SLACK_MB << 20 || rssGrowthKb > RSS_SLACK_MB << 10
          || nmtGrowthKb > NMT_SLACK_MB << 10) {
        problems.add(line);
      }
    }
    System.out.print("NativeMemorySoakTest:\n" + out);
    assertEquals(CodecOps.all(Arena.ofAuto()).size(), codecs, out);
    assertEquals(List.of(), problems, "codecs whose native memory grew");
  }
}
