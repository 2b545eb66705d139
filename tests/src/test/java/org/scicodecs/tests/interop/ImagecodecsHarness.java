package org.scicodecs.tests.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.SegmentAllocator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.io.Npy;

/**
 * Runs Python imagecodecs, the compatibility reference, for the interop tests.
 *
 * <p>Python is the venv that {@code scripts/setup-interop} installs: the system property {@value
 * #PYTHON_PROPERTY}, else {@code $SCICODECS_CACHE/venv-interop/bin/python}, else {@code
 * ~/.cache/scicodecs/venv-interop/bin/python}. Without it, or without numpy and imagecodecs in it,
 * a test that opens the harness is skipped with the reason; with {@value #REQUIRED_PROPERTY}{@code
 * =true} (which {@code scripts/test} passes) it fails instead.
 *
 * <p>Arrays cross as {@code .npy} files ({@link Npy} on this side, {@code numpy.load/save} on the
 * other), streams as raw files, all in the caller's working directory (a {@code @TempDir}). Work
 * is batched: a {@link Batch} collects jobs and runs them all in one Python process ({@code
 * src/test/python/imagecodecs_driver.py}), so a test class needs one process start, however many
 * streams it compares. The single-job methods ({@link #encode}, {@link #decode}, {@link #run}) are
 * one-job batches. Keyword arguments are Java values rendered as Python literals ({@link
 * #literal}). A job that raises in Python fails with the Python traceback when its result is read;
 * a Python process that crashes or hangs fails the batch, naming the job it was running.
 *
 * <p>Not thread-safe: one harness per test class (or per thread).
 *
 * {@snippet :
 * ImagecodecsHarness py = ImagecodecsHarness.open(tempDir);
 * Path input = py.save("field", field);                       // NdArray -> .npy
 * byte[] stream = py.encode("zfp_encode", input, Map.of("level", 0.01, "mode", "a"));
 * Path decoded = py.decode("zfp_decode", stream, Map.of());    // .npy written by numpy
 *
 * ImagecodecsHarness.Batch batch = py.batch();                 // many jobs, one Python process
 * ImagecodecsHarness.Job enc = batch.encode("zfp_encode", input, Map.of("mode", "R"));
 * ImagecodecsHarness.Job dec = batch.decode("zfp_decode", enc.path(), Map.of());
 * batch.execute();
 * byte[] bytes = enc.bytes();
 * }
 */
public final class ImagecodecsHarness {
  /** Path of the Python interpreter to use. */
  public static final String PYTHON_PROPERTY = "scicodecs.interop.python";
  /** {@code true}: a missing Python or imagecodecs fails the tests instead of skipping them. */
  public static final String REQUIRED_PROPERTY = "scicodecs.interop.required";
  /** Path of {@code imagecodecs_driver.py}, if not found under the working directory. */
  public static final String DRIVER_PROPERTY = "scicodecs.interop.driver";
  /** Seconds one Python process may run (default 300). */
  public static final String TIMEOUT_PROPERTY = "scicodecs.interop.timeout";

  private static final String DRIVER = "src/test/python/imagecodecs_driver.py";
  private static final int MAX_SHOWN_OUTPUT = 20_000;

  private final Path workDir;
  private final Path python;
  private final Path driver;
  private final boolean required;
  private final AtomicInteger names = new AtomicInteger();
  private Duration timeout;
  private Map<String, String> versions;
  private int processes;

  private ImagecodecsHarness(Path workDir, Path python, Path driver, boolean required) {
    this.workDir = workDir.toAbsolutePath();
    this.python = python;
    this.driver = driver;
    this.required = required;
    this.timeout = Duration.ofSeconds(Long.getLong(TIMEOUT_PROPERTY, 300));
  }

  /**
   * A harness working in {@code workDir}, with the configured Python. Skips the calling test (or
   * fails it, if {@value #REQUIRED_PROPERTY} is true) when that Python does not exist. Starts no
   * process: whether numpy and imagecodecs import is found out by the first batch.
   */
  public static ImagecodecsHarness open(Path workDir) {
    return open(workDir, configuredPython(), Boolean.getBoolean(REQUIRED_PROPERTY));
  }

  /** {@link #open(Path)} with an explicit interpreter and skip-or-fail choice. */
  static ImagecodecsHarness open(Path workDir, Path python, boolean required) {
    ImagecodecsHarness h = new ImagecodecsHarness(workDir, python, findDriver(), required);
    if (!Files.isExecutable(python)) {
      h.unavailable(
          "Python imagecodecs is not installed: no python at "
              + python
              + " (run scripts/setup-interop, or set -D"
              + PYTHON_PROPERTY
              + ")");
    }
    return h;
  }

  /** The interpreter the properties and environment name (it may not exist). */
  public static Path configuredPython() {
    String configured = System.getProperty(PYTHON_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String cache = System.getenv("SCICODECS_CACHE");
    Path base =
        cache != null && !cache.isBlank()
            ? Path.of(cache)
            : Path.of(System.getProperty("user.home"), ".cache", "scicodecs");
    return base.resolve("venv-interop/bin/python");
  }

  private static Path findDriver() {
    String configured = System.getProperty(DRIVER_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      for (Path candidate : List.of(d.resolve(DRIVER), d.resolve("tests").resolve(DRIVER))) {
        if (Files.isRegularFile(candidate)) {
          return candidate;
        }
      }
    }
    return fail("cannot find " + DRIVER + " from " + dir + " (set -D" + DRIVER_PROPERTY + ")");
  }

  private void unavailable(String reason) {
    if (required) {
      fail(reason + " [" + REQUIRED_PROPERTY + "=true]");
    }
    Assumptions.abort(reason);
  }

  // ---- configuration and facts -------------------------------------------------------------

  /** The working directory: inputs and outputs of the jobs live here. */
  public Path workDir() {
    return workDir;
  }

  /** The Python interpreter. */
  public Path python() {
    return python;
  }

  /** Sets how long one Python process may run before it is killed and the batch fails. */
  public ImagecodecsHarness timeout(Duration limit) {
    this.timeout = limit;
    return this;
  }

  /** How many Python processes this harness has started. */
  public int processCount() {
    return processes;
  }

  /**
   * Versions on the Python side: {@code python}, {@code numpy}, {@code imagecodecs}, and for each
   * codec that imagecodecs has, what its {@code <codec>_version()} says ({@code zfp -> "zfp
   * 1.0.1"}, {@code aec -> "libaec 1.1.6"}). Known after any batch; otherwise one empty batch runs.
   */
  public Map<String, String> versions() {
    if (versions == null) {
      batch().execute();
    }
    return versions;
  }

  /** {@code imagecodecs.<codec>_version()}, e.g. {@code "zfp 1.0.1"}; null if it has no such codec. */
  public String version(String codec) {
    return versions().get(codec);
  }

  // ---- files -------------------------------------------------------------------------------

  /** Writes an array to a new {@code .npy} file in the working directory. */
  public Path save(String name, NdArray array) {
    Path file = newFile(name, ".npy");
    Npy.write(file, array);
    return file;
  }

  /** Writes bytes (a stream) to a new file in the working directory. */
  public Path save(String name, byte[] bytes) {
    Path file = newFile(name, ".bin");
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Reads a {@code .npy} file (for example one NumPy wrote) into memory from the allocator. */
  public static NdArray load(Path npy, SegmentAllocator allocator) {
    return Npy.read(npy, allocator);
  }

  private Path newFile(String name, String extension) {
    String safe = name.replaceAll("[^A-Za-z0-9_.-]", "_");
    return workDir.resolve(safe + "-" + names.incrementAndGet() + extension);
  }

  // ---- single jobs -------------------------------------------------------------------------

  /**
   * {@code imagecodecs.<function>(numpy.load(inputNpy), **kwargs)}, e.g. {@code
   * encode("zfp_encode", input, Map.of("level", 0.01, "mode", "a"))}: the encoded bytes.
   */
  public byte[] encode(String function, Path inputNpy, Map<String, ?> kwargs) {
    Batch b = batch();
    Job job = b.encode(function, inputNpy, kwargs);
    b.execute();
    return job.bytes();
  }

  /**
   * {@code imagecodecs.<function>(stream, **kwargs)}, e.g. {@code decode("zfp_decode", stream,
   * Map.of())}: the {@code .npy} file NumPy saved the result to.
   */
  public Path decode(String function, byte[] stream, Map<String, ?> kwargs) {
    Batch b = batch();
    Job job = b.decode(function, save(function + "-input", stream), kwargs);
    b.execute();
    return job.path();
  }

  /** Runs Python code (numpy, imagecodecs, load, save in scope); returns what it printed. */
  public String run(String pythonCode) {
    return run(pythonCode, Map.of());
  }

  /** {@link #run(String)} with variables bound to Java values rendered as Python literals. */
  public String run(String pythonCode, Map<String, ?> variables) {
    Batch b = batch();
    Job job = b.exec(pythonCode, variables);
    b.execute();
    return job.text();
  }

  /** A new, empty batch of jobs for one Python process. */
  public Batch batch() {
    return new Batch();
  }

  // ---- batches -----------------------------------------------------------------------------

  /** Jobs run in order by one Python process when {@link #execute()} is called. */
  public final class Batch {
    private final List<Job> jobs = new ArrayList<>();
    private boolean executed;

    private Batch() {}

    /**
     * {@code save(output, imagecodecs.<function>(load(input), **kwargs))}: a {@code .npy} input is
     * loaded as an array, any other file passed as bytes; an output extension of {@code .npy} saves
     * the result with NumPy, any other writes its raw bytes.
     */
    public Job call(String function, Path input, Map<String, ?> kwargs, String outputExtension) {
      String args = literal(kwargs == null ? Map.of() : kwargs);
      Path output = newFile(function, outputExtension);
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("op", "call");
      fields.put("function", function);
      fields.put("input", input.toAbsolutePath().toString());
      fields.put("kwargs", args);
      fields.put("output", output.toString());
      String shownArgs = args.length() > 2 ? ", **" + args : "";
      return add(fields, function + "(" + input.getFileName() + shownArgs + ")", output);
    }

    /** An encoder: array ({@code .npy}) in, stream (raw bytes) out. */
    public Job encode(String function, Path inputNpy, Map<String, ?> kwargs) {
      return call(function, inputNpy, kwargs, ".bin");
    }

    /** A decoder: stream (raw bytes) in, array ({@code .npy}) out. */
    public Job decode(String function, Path stream, Map<String, ?> kwargs) {
      return call(function, stream, kwargs, ".npy");
    }

    /**
     * Python code, run with numpy (also as {@code np}), imagecodecs, {@code load(path)}, {@code
     * save(path, value)} and the variables in scope; the job's {@link Job#text()} is what it
     * printed.
     */
    public Job exec(String pythonCode, Map<String, ?> variables) {
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("op", "exec");
      fields.put("code", pythonCode);
      fields.put("variables", literal(variables == null ? Map.of() : variables));
      String first = pythonCode.strip().lines().findFirst().orElse("");
      return add(fields, "exec: " + (first.length() > 60 ? first.substring(0, 60) + "..." : first), null);
    }

    private Job add(Map<String, String> fields, String description, Path output) {
      if (executed) {
        throw new IllegalStateException("this batch has run; start a new one");
      }
      Job job = new Job(jobs.size(), description, fields, output);
      jobs.add(job);
      return job;
    }

    /** The jobs added so far. */
    public List<Job> jobs() {
      return Collections.unmodifiableList(jobs);
    }

    /**
     * Runs every job in one Python process and waits for it. Job failures are kept in the jobs
     * ({@link Job#error()}); a missing numpy/imagecodecs skips (or fails) the test; a Python that
     * crashes, exits abnormally or runs past the timeout fails it.
     */
    public void execute() {
      if (executed) {
        throw new IllegalStateException("this batch has run already");
      }
      executed = true;
      int n = names.incrementAndGet();
      Path jobsFile = workDir.resolve("batch-" + n + ".jobs.json");
      Path resultsFile = workDir.resolve("batch-" + n + ".results");
      Path logFile = workDir.resolve("batch-" + n + ".log");
      StringBuilder json = new StringBuilder("[\n");
      for (Job job : jobs) {
        json.append(job.index == 0 ? "" : ",\n").append(json(job.fields));
      }
      json.append("\n]\n");
      Process p;
      try {
        Files.writeString(jobsFile, json, StandardCharsets.UTF_8);
        ProcessBuilder pb =
            new ProcessBuilder(
                    python.toString(), driver.toString(), jobsFile.toString(), resultsFile.toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        p = pb.start();
        processes++;
      } catch (IOException e) {
        unavailable("cannot start " + python + ": " + e.getMessage());
        return;
      }
      boolean finished;
      try {
        finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        finished = false;
      }
      if (!finished) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
          p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      String log = tail(readOrEmpty(logFile));
      if (finished && p.exitValue() == 3) {
        unavailable("Python imagecodecs is not usable with " + python + ":\n" + log);
      }
      int running = readResults(resultsFile);
      if (!finished) {
        fail("python did not finish within " + timeout.toSeconds() + " s" + during(running) + "; output:\n" + log);
      }
      if (p.exitValue() != 0) {
        fail("python exited with " + exitStatus(p.exitValue()) + during(running) + "; output:\n" + log);
      }
      for (Job job : jobs) {
        if (!job.done) {
          fail("python finished without running " + job + "; output:\n" + log);
        }
      }
    }

    /** Reads the driver's result lines; returns the index of a job started but not finished, or -1. */
    private int readResults(Path resultsFile) {
      int running = -1;
      for (String line : readOrEmpty(resultsFile).split("\n")) {
        String[] f = line.split(" ");
        switch (f[0]) {
          case "versions" -> versions = parseVersions(decode64(f[1]));
          case "start" -> running = Integer.parseInt(f[1]);
          case "ok", "error" -> {
            Job job = jobs.get(Integer.parseInt(f[1]));
            job.done = true;
            String text = f.length > 2 ? decode64(f[2]) : "";
            if (f[0].equals("ok")) {
              job.text = text;
            } else {
              job.error = text;
            }
            running = -1;
          }
          default -> {}
        }
      }
      return running;
    }

    private String during(int running) {
      return running < 0 ? "" : " while running " + jobs.get(running);
    }
  }

  /** One job of a batch; its results can be read after the batch has run. */
  public static final class Job {
    private final int index;
    private final String description;
    private final Map<String, String> fields;
    private final Path output;
    private boolean done;
    private String text;
    private String error;

    private Job(int index, String description, Map<String, String> fields, Path output) {
      this.index = index;
      this.description = description;
      this.fields = fields;
      this.output = output;
    }

    /**
     * Where a call job writes its result; known before the batch runs, so a later job of the same
     * batch can take it as input. After the batch ran, fails with the traceback if the job raised.
     */
    public Path path() {
      if (output == null) {
        throw new IllegalStateException(this + " is not a call and writes no file");
      }
      if (done) {
        checkOk();
      }
      return output;
    }

    /** The bytes a call job wrote. */
    public byte[] bytes() {
      checkOk();
      try {
        return Files.readAllBytes(path());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The array a call job saved as {@code .npy}, read into memory from the allocator. */
    public NdArray array(SegmentAllocator allocator) {
      checkOk();
      return Npy.read(path(), allocator);
    }

    /** What an exec job printed. */
    public String text() {
      checkOk();
      return text;
    }

    /** Whether the job ran without raising. */
    public boolean ok() {
      checkRun();
      return error == null;
    }

    /** The Python traceback, if the job raised. */
    public Optional<String> error() {
      checkRun();
      return Optional.ofNullable(error);
    }

    /** The Python traceback of a job expected to raise; fails the test if it did not. */
    public String expectError() {
      checkRun();
      if (error == null) {
        fail(this + " was expected to raise in Python, but succeeded");
      }
      return error;
    }

    /** E.g. {@code "job #3 zfp_decode(x.bin, **{'header': False})"}. */
    @Override
    public String toString() {
      return "job #" + index + " " + description;
    }

    private void checkRun() {
      if (!done) {
        throw new IllegalStateException(this + " has not run: call execute() on its batch first");
      }
    }

    private void checkOk() {
      checkRun();
      if (error != null) {
        fail(this + " raised in Python:\n" + error);
      }
    }
  }

  // ---- Python literals ---------------------------------------------------------------------

  /** Python code inserted as is where a value is expected, e.g. {@code expr("numpy.float32")}. */
  public record Expr(String code) {}

  /** A Python expression, rendered verbatim by {@link #literal}. */
  public static Expr expr(String pythonCode) {
    return new Expr(pythonCode);
  }

  /**
   * A Java value as a Python literal (an expression, for dtypes): null → {@code None}; booleans →
   * {@code True/False}; integers and decimals as numbers (NaN and infinities as {@code
   * float('nan')}/{@code float('inf')}); strings, characters and paths → {@code str}; {@link DType}
   * → a NumPy dtype, {@code numpy.dtype('<f4')} (imagecodecs compares dtypes: a name would not do);
   * {@code byte[]} → {@code bytes}; other arrays, primitive or not → tuples; lists and other
   * collections → lists; maps → dicts; {@link Expr} → its code.
   *
   * @throws IllegalArgumentException for any other type
   */
  public static String literal(Object value) {
    StringBuilder sb = new StringBuilder();
    appendLiteral(sb, value);
    return sb.toString();
  }

  private static void appendLiteral(StringBuilder sb, Object v) {
    switch (v) {
      case null -> sb.append("None");
      case Boolean b -> sb.append(b ? "True" : "False");
      case Byte b -> sb.append(b);
      case Short s -> sb.append(s);
      case Integer i -> sb.append(i);
      case Long l -> sb.append(l);
      case BigInteger b -> sb.append(b);
      case BigDecimal b -> sb.append(b.toString());
      case Float f -> appendFloat(sb, f.doubleValue());
      case Double d -> appendFloat(sb, d);
      case Expr e -> sb.append('(').append(e.code()).append(')');
      case DType t -> sb.append("numpy.dtype('").append(t.numpyDescr()).append("')");
      case Path p -> appendString(sb, p.toString());
      case CharSequence s -> appendString(sb, s.toString());
      case Character c -> appendString(sb, c.toString());
      case byte[] bytes -> {
        sb.append("b'");
        for (byte b : bytes) {
          sb.append(String.format("\\x%02x", b & 0xFF));
        }
        sb.append('\'');
      }
      case Map<?, ?> m -> {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          sb.append(first ? "" : ", ");
          appendLiteral(sb, e.getKey());
          sb.append(": ");
          appendLiteral(sb, e.getValue());
          first = false;
        }
        sb.append('}');
      }
      case Collection<?> c -> {
        sb.append('[');
        boolean first = true;
        for (Object o : c) {
          sb.append(first ? "" : ", ");
          appendLiteral(sb, o);
          first = false;
        }
        sb.append(']');
      }
      default -> {
        if (!v.getClass().isArray()) {
          throw new IllegalArgumentException(
              "no Python literal for a " + v.getClass().getName() + ": " + v);
        }
        int n = java.lang.reflect.Array.getLength(v);
        sb.append('(');
        for (int i = 0; i < n; i++) {
          sb.append(i == 0 ? "" : ", ");
          appendLiteral(sb, java.lang.reflect.Array.get(v, i));
        }
        sb.append(n == 1 ? ",)" : ")");
      }
    }
  }

  private static void appendFloat(StringBuilder sb, double d) {
    if (Double.isNaN(d)) {
      sb.append("float('nan')");
    } else if (Double.isInfinite(d)) {
      sb.append(d > 0 ? "float('inf')" : "-float('inf')");
    } else {
      // Java's shortest repr (1.0E-4) is valid Python and reads back as the same double.
      sb.append(d);
    }
  }

  private static void appendString(StringBuilder sb, String s) {
    sb.append('\'');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\'' -> sb.append("\\'");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7F || Character.isSurrogate(c)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('\'');
  }

  // ---- plumbing ----------------------------------------------------------------------------

  private static String json(Map<String, String> fields) {
    StringBuilder sb = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, String> e : fields.entrySet()) {
      sb.append(first ? "" : ", ");
      jsonString(sb, e.getKey());
      sb.append(": ");
      jsonString(sb, e.getValue());
      first = false;
    }
    return sb.append('}').toString();
  }

  private static void jsonString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || Character.isSurrogate(c)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static Map<String, String> parseVersions(String text) {
    Map<String, String> v = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        v.put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
    return Collections.unmodifiableMap(v);
  }

  private static String decode64(String s) {
    return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
  }

  private static String readOrEmpty(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  private static String tail(String s) {
    return s.length() <= MAX_SHOWN_OUTPUT ? s : "...\n" + s.substring(s.length() - MAX_SHOWN_OUTPUT);
  }

  private static String exitStatus(int status) {
    if (status <= 128) {
      return "status " + status;
    }
    String signal =
        switch (status - 128) {
          case 6 -> "SIGABRT";
          case 7 -> "SIGBUS";
          case 9 -> "SIGKILL";
          case 11 -> "SIGSEGV";
          case 15 -> "SIGTERM";
          default -> "signal " + (status - 128);
        };
    return "status " + status + " (" + signal + ")";
  }
}
