package org.scicodecs.zfp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero-copy through memory-mapped files: a 512 MiB float32 field (512^3) is encoded from and
 * decoded into mapped files by a JVM with a 64 MiB heap.
 */
class ZfpLargeMappedFileTest {

  @Test
  void fileEightTimesLargerThanTheHeapEncodesAndDecodes(@TempDir Path dir) throws Exception {
    int n = 512;
    long bytes = (long) n * n * n * 4;
    Assumptions.assumeTrue(Files.getFileStore(dir).getUsableSpace() > 4 * bytes,
        "not enough disk space in " + dir + " for three " + bytes + "-byte files");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(List.of(java, "-Xmx64m", "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), LargeMappedFileMain.class.getName(),
        dir.toString(), Integer.toString(n)))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), out);
    Matcher m = Pattern.compile("stream=(\\d+) maxError=(\\S+) heapMax=(\\d+)").matcher(out);
    assertTrue(m.find(), out);
    assertTrue(Long.parseLong(m.group(3)) <= 80L << 20, "heap limit not applied: " + out);
    assertTrue(Double.parseDouble(m.group(2)) <= 1e-3, out);
    assertTrue(Long.parseLong(m.group(1)) < bytes, out);
    assertEquals(bytes, Files.size(dir.resolve("decoded.f32")));
  }
}
