package org.scicodecs.floatpred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Which loops {@link Floatpred} picks in JVMs started with other options, and the reason it gives
 * when not the Vector API ones ({@link Floatpred#loops()}): each choice encodes the same bytes and
 * decodes them back.
 */
class FloatpredLoopsChoiceTest {
  private static final Pattern OUT =
      Pattern.compile("loops=(.*)\\R+vectorized=(\\w+)\\R+encoded=(-?\\d+)\\R+roundTrip=(\\w+)");

  private record Probe(String loops, boolean vectorized, String encoded) {}

  private static Probe probe(String... options) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx64m");
    command.addAll(List.of(options));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), LoopsProbeMain.class.getName()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), out);
    Matcher m = OUT.matcher(out);
    assertTrue(m.find(), out);
    assertEquals("true", m.group(4), "round trip with " + List.of(options) + ":\n" + out);
    return new Probe(m.group(1), Boolean.parseBoolean(m.group(2)), m.group(3));
  }

  @Test
  void eachJvmSaysWhichLoopsRunAndWhy() throws Exception {
    Probe none = probe();
    assertEquals("plain loops (the JVM runs without --add-modules jdk.incubator.vector)", none.loops());
    Probe off = probe("--add-modules", "jdk.incubator.vector", "-Dscicodecs.floatpred.novector=true");
    assertEquals("plain loops (-Dscicodecs.floatpred.novector=true)", off.loops());
    Probe narrow = probe("--add-modules", "jdk.incubator.vector", "-XX:MaxVectorSize=16");
    assertEquals("plain loops (vector loops unusable here: vectors of 16 bytes, under the 32 they need)",
        narrow.loops());
    Probe vector = probe("--add-modules", "jdk.incubator.vector");
    // the JVM's own choice: the vector loops wherever it has 256-bit vectors (this project's CI)
    assertEquals(vector.vectorized(), vector.loops().startsWith("vector loops"), vector.loops());
    for (Probe p : List.of(none, off, narrow)) {
      assertFalse(p.vectorized(), p.loops());
    }
    Set<String> bytes = new HashSet<>();
    for (Probe p : List.of(none, off, narrow, vector)) {
      bytes.add(p.encoded());
    }
    assertEquals(1, bytes.size(), "the loops encoded different bytes: " + bytes);
  }
}
