package org.scicodecs.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.scicodecs.NdArray;
import org.scicodecs.cli.CliException;
import org.scicodecs.cli.ExitCode;
import org.scicodecs.cli.OptionSpec;
import org.scicodecs.cli.Params;
import org.scicodecs.cli.Progress;
import org.scicodecs.cli.codec.CodecAdapter;
import org.scicodecs.cli.codec.Codecs;
import org.scicodecs.cli.codec.DataStats;
import org.scicodecs.cli.codec.PythonCall;
import org.scicodecs.cli.io.ArrayFiles;
import org.scicodecs.cli.io.Io;
import org.scicodecs.io.Npy;

/**
 * {@code scicodecs bench} and {@code scicodecs demo}: every available codec over a short sweep of
 * its settings on each data set, with compression ratio, max abs error, PSNR and encode/decode
 * MB/s; printed as a table, written as {@code results.json}, {@code results.txt} and PNG plots
 * into {@code --out}; and, where Python imagecodecs is installed, the same settings timed there in
 * the same run, side by side. {@code demo} is {@code bench} on the embedded data (a 3-D float32
 * field and a uint16 image stack, written into {@code --out} as {@code .npy}); {@code bench} takes
 * {@code --data} files, or the same embedded data without them.
 *
 * <p>Not thread-safe: one run per process.
 *
 * {@snippet :
 * int status = BenchCommand.run(List.of("--data", "field.npy", "--codecs", "zfp,sz3"), false, System.out);
 * }
 */
public final class BenchCommand {
  private static final OptionSpec CODECS =
      OptionSpec.text("codecs", "LIST", "comma-separated codecs (default: every available one)");
  private static final OptionSpec REPS =
      OptionSpec.integer("reps", "N", "timed round trips per setting, median reported");
  private static final OptionSpec PYTHON =
      OptionSpec.text("python", "PATH", "the Python with imagecodecs to time side by side");
  private static final OptionSpec NO_PYTHON =
      OptionSpec.flag("no-python", "do not time imagecodecs");
  private static final OptionSpec QUICK =
      OptionSpec.flag("quick", "small data and one timed round trip (a smoke test)");
  private static final OptionSpec HELP = OptionSpec.flag("help", "this help");

  /** {@code bench}'s options. */
  public static final List<OptionSpec> BENCH_OPTIONS =
      List.of(
          OptionSpec.text("data", "FILE.npy", "a data set (default: the demo's data)")
              .asRepeatable(),
          CODECS,
          OptionSpec.text("out", "DIR", "where results.json, results.txt and the plots go"
              + " (default ./scicodecs-bench)"),
          REPS, PYTHON, NO_PYTHON, QUICK, HELP);

  /** {@code demo}'s options. */
  public static final List<OptionSpec> DEMO_OPTIONS =
      List.of(
          CODECS,
          OptionSpec.text("out", "DIR", "where the data, results and plots go (default ./scicodecs-demo)"),
          REPS, PYTHON, NO_PYTHON, QUICK, HELP);

  private BenchCommand() {}

  /** Runs {@code bench} (or {@code demo}) with its arguments; returns the exit status. */
  public static int run(List<String> args, boolean demo, PrintStream out) {
    String name = demo ? "demo" : "bench";
    Params p = Params.parse(args, demo ? DEMO_OPTIONS : BENCH_OPTIONS, name);
    p.positionals(name);
    long t0 = System.nanoTime();
    boolean quick = p.flag("quick");
    int reps = p.has("reps") ? p.integer("reps") : quick ? 1 : 5;
    if (reps < 1) {
      throw CliException.usage("bad value for --reps: " + reps + " (at least 1)");
    }
    double budget = quick ? 0.5 : demo ? 1.0 : 3.0;
    List<CodecAdapter> codecs = codecs(p.text("codecs"));
    Path dir = Path.of(p.text("out") != null ? p.text("out") : demo ? "scicodecs-demo" : "scicodecs-bench");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw Io.error(e, dir);
    }

    List<String> notes = new ArrayList<>();
    List<CodecAdapter> usable = new ArrayList<>();
    for (CodecAdapter c : codecs) {
      if (c.available()) {
        usable.add(c);
      } else {
        notes.add(c.name() + ": not available (" + c.version() + ")");
      }
    }

    try (Arena arena = Arena.ofConfined()) {
      List<Path> files = new ArrayList<>();
      if (p.all("data").isEmpty()) {
        files.add(DemoData.field(dir.resolve("field.npy"), quick ? 48 : 128));
        files.add(DemoData.stack(dir.resolve("stack.npy"), quick ? 8 : 64, quick ? 96 : 256));
      } else {
        for (String f : p.all("data")) {
          files.add(Path.of(f));
        }
      }
      List<Dataset> datasets = new ArrayList<>();
      for (Path f : files) {
        datasets.add(load(f, arena, datasets));
      }

      // The plan: every (data set, codec, setting), Java and imagecodecs alike.
      List<Planned> plan = new ArrayList<>();
      for (Dataset ds : datasets) {
        List<String> skipped = new ArrayList<>();
        for (CodecAdapter c : usable) {
          List<Params> sweep =
              c.accepts(ds.data().dtype(), ds.data().ndim()) ? c.sweep(ds.stats()) : List.of();
          if (sweep.isEmpty()) {
            skipped.add(c.name());
          }
          for (Params s : sweep) {
            plan.add(new Planned(ds, c, s));
          }
        }
        if (!skipped.isEmpty()) {
          notes.add(ds.name() + ": " + String.join(", ", skipped) + " do not take "
              + ds.data().dtype() + " " + ds.data().ndim() + "-D data");
        }
      }

      PythonRunner.Found py = p.flag("no-python")
          ? new PythonRunner.Found(null, null, "not asked for (--no-python)")
          : PythonRunner.find(p.text("python"));
      List<PythonRunner.Job> jobs = new ArrayList<>();
      if (py.python() != null) {
        for (Planned pl : plan) {
          PythonCall call;
          try {
            call = pl.codec().python(pl.setting(), pl.dataset().stats().spec());
          } catch (CliException e) {
            call = null;
          }
          if (call != null) {
            jobs.add(new PythonRunner.Job(pl.dataset(), pl.codec().name(), pl.setting().commandLine(), call));
          }
        }
      }

      out.println(header(name, datasets, plan.size(), py));
      out.flush();
      List<Measurement> java = new ArrayList<>();
      List<Measurement> python = new ArrayList<>();
      Map<String, String> pyVersions = new LinkedHashMap<>();
      JavaRunner runner = new JavaRunner(reps, budget);
      try (Progress bar = Progress.start(name, plan.size() + jobs.size())) {
        for (Planned pl : plan) {
          bar.label(pl.dataset().name() + ": " + pl.codec().name() + " " + pl.setting().commandLine());
          java.add(runner.run(pl.dataset(), pl.codec(), pl.setting()));
          bar.advance();
        }
        if (!jobs.isEmpty()) {
          bar.label("imagecodecs (Python)");
          try {
            python = PythonRunner.run(py.python(), jobs, reps, budget, bar, pyVersions);
          } catch (IOException e) {
            notes.add("imagecodecs: could not run " + py.python() + ": " + e.getMessage());
          }
        }
      }

      Report report = new Report(datasets, java, python, info(name, usable, py, pyVersions, reps));
      out.println();
      out.print(report.table());
      for (String n : notes) {
        out.println("note: " + n);
      }
      List<Path> written = new ArrayList<>();
      try {
        Path json = dir.resolve("results.json");
        Files.writeString(json, report.json());
        Path txt = dir.resolve("results.txt");
        Files.writeString(txt, report.table());
        written.add(json);
        written.add(txt);
      } catch (IOException e) {
        throw Io.error(e, dir);
      }
      try {
        written.addAll(Plots.write(report, dir));
      } catch (IOException | RuntimeException | LinkageError e) {
        out.println("note: plots not written: " + e);
      }
      out.println("wrote " + written.size() + " files to " + dir.toAbsolutePath().normalize() + ": "
          + String.join(", ", written.stream().map(f -> f.getFileName().toString()).toList()));
      out.printf(Locale.ROOT, "%s finished in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
      boolean anyOk = java.stream().anyMatch(Measurement::ok);
      if (!plan.isEmpty() && !anyOk) {
        throw CliException.codec("every codec setting failed (see the table)", null);
      }
      return ExitCode.OK.status();
    }
  }

  private record Planned(Dataset dataset, CodecAdapter codec, Params setting) {}

  private static List<CodecAdapter> codecs(String list) {
    if (list == null) {
      return Codecs.ALL;
    }
    List<CodecAdapter> out = new ArrayList<>();
    for (String n : list.split(",")) {
      if (!n.isBlank()) {
        CodecAdapter c = Codecs.get(n.strip());
        if (!out.contains(c)) {
          out.add(c);
        }
      }
    }
    if (out.isEmpty()) {
      throw CliException.usage("--codecs names no codec (codecs: " + Codecs.names() + ")");
    }
    return out;
  }

  private static Dataset load(Path f, Arena arena, List<Dataset> earlier) {
    try {
      if (!Files.exists(f)) {
        throw CliException.io(f + ": no such file", null);
      }
      if (!ArrayFiles.isNpy(f)) {
        throw CliException.usage(f + " is not a .npy file (bench reads .npy data sets)");
      }
    } catch (IOException e) {
      throw Io.error(e, f);
    }
    NdArray a;
    try {
      a = Npy.map(f, FileChannel.MapMode.READ_ONLY, arena);
    } catch (IllegalArgumentException e) {
      throw CliException.codec(e.getMessage(), e);
    } catch (java.io.UncheckedIOException e) {
      throw Io.error(e.getCause(), f);
    }
    String name = f.getFileName().toString().replaceFirst("(?i)\\.npy$", "");
    String unique = name;
    for (int k = 2; exists(earlier, unique); k++) {
      unique = name + "-" + k; // two files of the same name from different directories
    }
    return new Dataset(unique, f, a, DataStats.of(a));
  }

  private static boolean exists(List<Dataset> list, String name) {
    return list.stream().anyMatch(d -> d.name().equals(name));
  }

  private static String header(String name, List<Dataset> datasets, int settings, PythonRunner.Found py) {
    StringBuilder sb = new StringBuilder();
    sb.append("scicodecs ").append(name).append(": ").append(datasets.size())
        .append(datasets.size() == 1 ? " data set, " : " data sets, ").append(settings)
        .append(" codec settings; Java ").append(Runtime.version().feature()).append(", ")
        .append(Runtime.getRuntime().availableProcessors()).append(" cores\n");
    for (Dataset ds : datasets) {
      sb.append("  ").append(Report.describe(ds)).append('\n');
    }
    sb.append(py.python() != null
        ? "  imagecodecs " + py.imagecodecsVersion() + " (" + py.python() + ") is timed on the same settings in the same run"
        : "  imagecodecs side by side: skipped, " + py.reason());
    return sb.toString();
  }

  private static Map<String, Object> info(
      String name, List<CodecAdapter> codecs, PythonRunner.Found py, Map<String, String> pyVersions, int reps) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", name);
    m.put("java", Runtime.version().toString());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("reps", reps);
    m.put("mb", "10^6 bytes of uncompressed data");
    Map<String, String> versions = new LinkedHashMap<>();
    for (CodecAdapter c : codecs) {
      versions.put(c.name(), c.version());
    }
    m.put("scicodecs_codecs", versions);
    m.put("imagecodecs", py.python() == null ? null : pyVersions);
    m.put("imagecodecs_python", py.python() == null ? null : py.python().toString());
    if (py.python() == null) {
      m.put("imagecodecs_skipped", py.reason());
    }
    return m;
  }
}
