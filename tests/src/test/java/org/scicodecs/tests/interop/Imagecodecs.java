package org.scicodecs.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Python imagecodecs, the compatibility reference, from the interop tests. The interpreter is
 * the venv that {@code scripts/setup-interop} installs (system property {@code
 * scicodecs.interop.python} overrides it). Without it the tests are skipped, unless {@code
 * scicodecs.interop.required=true} (set by {@code scripts/test}), which makes them fail.
 *
 * <p>Data crosses as raw little-endian files in a working directory: the Python side reads them
 * with {@code numpy.fromfile} and writes its results the same way. One Python process per test
 * class keeps the cost of starting imagecodecs (about half a second) small.
 */
public final class Imagecodecs {
  /** Defined in every script: load(name, dtype, shape) and save(name, array_or_bytes). */
  static final String PRELUDE =
      """
      import sys, numpy, imagecodecs
      def load(name, dtype, shape):
          return numpy.fromfile(name, dtype=dtype).reshape(shape)
      def load_bytes(name):
          with open(name, 'rb') as f:
              return f.read()
      def save(name, value):
          with open(name, 'wb') as f:
              f.write(value.tobytes() if hasattr(value, 'tobytes') else bytes(value))
      """;

  private Imagecodecs() {}

  /** The venv's python, after checking that it exists (skip or fail as configured). */
  public static Path python() {
    String configured = System.getProperty("scicodecs.interop.python");
    Path python;
    if (configured != null && !configured.isBlank()) {
      python = Path.of(configured);
    } else {
      String cache = System.getenv("SCICODECS_CACHE");
      Path base = cache != null && !cache.isBlank()
          ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "scicodecs");
      python = base.resolve("venv-interop/bin/python");
    }
    String reason = "Python imagecodecs is not installed at " + python + " (run scripts/setup-interop)";
    if (Boolean.getBoolean("scicodecs.interop.required")) {
      assertTrue(Files.isExecutable(python), reason);
    } else {
      Assumptions.assumeTrue(Files.isExecutable(python), reason);
    }
    return python;
  }

  /**
   * Runs a script (after {@link #PRELUDE}) in {@code workDir}; fails with Python's output if it
   * exits with an error. Returns what it printed.
   */
  public static String run(Path workDir, String script) throws IOException, InterruptedException {
    Path file = workDir.resolve("interop_" + System.nanoTime() + ".py");
    Files.writeString(file, PRELUDE + "\n" + script, StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>(List.of(python().toString(), file.toString()));
    Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python did not finish:\n" + output);
    assertEquals(0, p.exitValue(), "python failed:\n" + output);
    return output;
  }

  /** imagecodecs' version string for a codec, e.g. {@code "zfp 1.0.1"}. */
  public static String version(Path workDir, String codec) throws IOException, InterruptedException {
    return run(workDir, "print(imagecodecs." + codec + "_version())").strip();
  }
}
