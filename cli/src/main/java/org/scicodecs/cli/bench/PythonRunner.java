package org.scicodecs.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.scicodecs.cli.Progress;
import org.scicodecs.cli.codec.PythonCall;

/**
 * Times the same codec settings in Python imagecodecs, in the same run as the Java side, through
 * {@code imagecodecs_bench.py} (a resource of this jar). Which Python: {@code --python}, else
 * {@code $SCICODECS_PYTHON}, else the interop venv that {@code scripts/setup-interop} creates
 * ({@code $SCICODECS_CACHE/venv-interop/bin/python}). Where none works, {@link #find} says why in
 * one line and the benchmark carries on without it.
 *
 * <p>Not thread-safe: one run at a time.
 *
 * {@snippet :
 * PythonRunner.Found py = PythonRunner.find(null);
 * if (py.python() != null) {
 *   List<Measurement> results = PythonRunner.run(py.python(), jobs, 3, 2.0, bar);
 * }
 * }
 */
public final class PythonRunner {
  private PythonRunner() {}

  /**
   * One setting to time in imagecodecs.
   *
   * @param dataset the data set
   * @param codec the codec's name
   * @param setting the command-line form of the setting (for the report)
   * @param call the imagecodecs functions and arguments
   */
  public record Job(Dataset dataset, String codec, String setting, PythonCall call) {}

  /**
   * The Python to use, or why there is none.
   *
   * @param python the interpreter, or null
   * @param imagecodecsVersion its imagecodecs version, or null
   * @param reason why there is none, or null
   */
  public record Found(Path python, String imagecodecsVersion, String reason) {}

  /** Finds a Python with imagecodecs and numpy; {@code explicit} (from {@code --python}) first. */
  public static Found find(String explicit) {
    List<Path> candidates = new ArrayList<>();
    if (explicit != null) {
      candidates.add(Path.of(explicit));
    } else {
      String env = System.getenv("SCICODECS_PYTHON");
      if (env != null && !env.isBlank()) {
        candidates.add(Path.of(env));
      }
      String cache = System.getenv("SCICODECS_CACHE");
      if (cache != null && !cache.isBlank()) {
        candidates.add(Path.of(cache, "venv-interop", "bin", "python"));
      }
      candidates.add(Path.of(System.getProperty("user.home"), ".cache", "scicodecs", "venv-interop", "bin", "python"));
    }
    String reason = null;
    for (Path p : new LinkedHashSet<>(candidates)) {
      if (!Files.isExecutable(p)) {
        reason = p + " does not exist";
        continue;
      }
      try {
        Process proc = new ProcessBuilder(p.toString(), "-c",
            "import imagecodecs, numpy; print(imagecodecs.__version__)")
            .redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!proc.waitFor(60, TimeUnit.SECONDS)) {
          proc.destroyForcibly();
          reason = p + " did not answer";
        } else if (proc.exitValue() == 0) {
          return new Found(p, out, null);
        } else {
          String[] lines = out.split("\n");
          reason = p + ": " + lines[lines.length - 1];
        }
      } catch (IOException e) {
        reason = p + ": " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        reason = "interrupted";
      }
    }
    String hint = explicit != null ? "" : " (scripts/setup-interop installs one; or give --python PATH)";
    return new Found(null, null, "no Python with imagecodecs and numpy: " + reason + hint);
  }

  /**
   * Runs the jobs in one Python process and returns a measurement per job, in order (failed ones
   * say why); {@code versions} receives what the script reports about imagecodecs' codecs.
   *
   * @throws IOException if Python cannot be started or the script's files cannot be written
   */
  public static List<Measurement> run(
      Path python, List<Job> jobs, int reps, double budget, Progress bar, Map<String, String> versions)
      throws IOException {
    Path dir = Files.createTempDirectory("scicodecs-bench-");
    try {
      Path script = dir.resolve("imagecodecs_bench.py");
      try (InputStream in = PythonRunner.class.getResourceAsStream("imagecodecs_bench.py")) {
        if (in == null) {
          throw new IOException("imagecodecs_bench.py is missing from the jar");
        }
        Files.copy(in, script);
      }
      List<Object> list = new ArrayList<>();
      LinkedHashSet<String> codecs = new LinkedHashSet<>();
      for (int i = 0; i < jobs.size(); i++) {
        Job j = jobs.get(i);
        codecs.add(j.codec());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i);
        m.put("data", j.dataset().file().toAbsolutePath().toString());
        m.put("encode", j.call().encodeFunction());
        m.put("encode_args", j.call().encodeArgs());
        m.put("decode", j.call().decodeFunction());
        m.put("decode_args", j.call().decodeArgs());
        list.add(m);
      }
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("reps", reps);
      spec.put("budget", budget);
      spec.put("codecs", new ArrayList<>(codecs));
      spec.put("jobs", list);
      Path jobsFile = dir.resolve("jobs.json");
      Files.writeString(jobsFile, Json.write(spec));

      Path log = dir.resolve("stderr.txt");
      Process proc = new ProcessBuilder(python.toString(), script.toString(), jobsFile.toString())
          .redirectError(log.toFile()).start();
      proc.getOutputStream().close();
      Measurement[] results = new Measurement[jobs.size()];
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith("VERSIONS ")) {
            parseVersions(line.substring(9), versions);
            continue;
          }
          String[] f = line.split(" ", 3);
          if (f.length < 3 || !(f[0].equals("RESULT") || f[0].equals("ERROR"))) {
            continue; // a codec's own chatter on stdout
          }
          int id = Integer.parseInt(f[1]);
          Job j = jobs.get(id);
          results[id] = f[0].equals("RESULT") ? result(j, f[2].split(" ")) : failed(j, f[2]);
          bar.advance();
        }
      }
      try {
        proc.waitFor(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      String tail = lastLine(log);
      List<Measurement> out = new ArrayList<>();
      for (int i = 0; i < results.length; i++) {
        out.add(results[i] != null ? results[i]
            : failed(jobs.get(i), "Python ended before this job" + (tail.isEmpty() ? "" : ": " + tail)));
      }
      return out;
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static Measurement result(Job j, String[] v) {
    long raw = j.dataset().data().byteSize();
    double mse = number(v[5]);
    return new Measurement(j.dataset().name(), j.codec(), j.setting(), Measurement.IMAGECODECS,
        raw, Long.parseLong(v[0]), number(v[4]),
        ErrorMetrics.psnr(mse, j.dataset().stats().range()), number(v[1]), number(v[2]),
        Integer.parseInt(v[3]), null);
  }

  private static Measurement failed(Job j, String why) {
    return Measurement.failed(j.dataset().name(), j.codec(), j.setting(), Measurement.IMAGECODECS,
        j.dataset().data().byteSize(), why);
  }

  private static double number(String s) {
    return switch (s) {
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      case "nan" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }

  /** Reads the flat {"name": "value", ...} object the script prints. */
  static void parseVersions(String json, Map<String, String> into) {
    var m = java.util.regex.Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
        .matcher(json);
    while (m.find()) {
      into.put(m.group(1), m.group(2));
    }
  }

  private static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          return lines.get(i).strip();
        }
      }
    } catch (IOException e) {
      // no log: nothing to add
    }
    return "";
  }
}
