package org.scicodecs.nativelib;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place where scicodecs finds and loads its native libraries.
 *
 * <p>Each library is loaded lazily, once, on first use, and stays loaded for the life of the JVM.
 * The places tried, in order:
 *
 * <ol>
 *   <li>the directory named by the system property {@value #PATH_PROPERTY} or, if that is unset,
 *       the environment variable {@value #PATH_ENV}: {@code lib<name>.so}, else the newest {@code
 *       lib<name>.so.*} there (use this to run on system or self-built libraries instead of the
 *       bundled ones);
 *   <li>the library bundled in the jar at {@code /native/linux-x86_64/lib<name>.so}, extracted once
 *       into a directory named by its SHA-256 under {@value #EXTRACT_PROPERTY} (default: {@code
 *       java.io.tmpdir/scicodecs-<user>}) and reused by later JVMs; skipped when the system
 *       property {@value #BUNDLED_PROPERTY} is {@code false};
 *   <li>the operating system's own search ({@code dlopen("lib<name>.so")}: {@code
 *       LD_LIBRARY_PATH}, the ld.so cache).
 * </ol>
 *
 * <p>Libraries of a proprietary vendor SDK, which scicodecs may not redistribute (the Dotphoton
 * Jetraw SDK's {@code libdpcore} and {@code libjetraw}), are never bundled. They are looked for in
 * the SDK's own directory, named by the system property {@value #JETRAW_PATH_PROPERTY} or, if that
 * is unset, the environment variable {@value #JETRAW_PATH_ENV}; then in the directory of
 * {@value #PATH_PROPERTY} / {@value #PATH_ENV}; then by the operating system's search. They are
 * loaded in the SDK's dependency order ({@code libdpcore} before {@code libjetraw}), so that a
 * {@code libjetraw} that links {@code libdpcore} finds it even when the SDK's directory is not on
 * {@code LD_LIBRARY_PATH}.
 *
 * <p>A library that cannot be loaded never breaks the others: each codec asks for its own library
 * and reports whether it is available. A failure is remembered and reported by a {@link
 * NativeLibraryException} that lists every path tried.
 *
 * <p>Thread safety: all methods are safe to call from any thread; loading happens at most once per
 * library.
 *
 * {@snippet :
 * SymbolLookup zfp = NativeLibraries.load("zfp");           // throws NativeLibraryException
 * boolean haveSperr = NativeLibraries.isAvailable("SPERR"); // never throws
 * Optional<Path> where = NativeLibraries.location("zfp");   // the file that was loaded
 * }
 */
public final class NativeLibraries {
  /** System property: a directory of native libraries to use instead of the bundled ones. */
  public static final String PATH_PROPERTY = "scicodecs.library.path";

  /** Environment variable used when {@value #PATH_PROPERTY} is not set. */
  public static final String PATH_ENV = "SCICODECS_LIBRARY_PATH";

  /** System property: set to {@code false} to never use the libraries bundled in the jar. */
  public static final String BUNDLED_PROPERTY = "scicodecs.library.bundled";

  /** System property: the directory into which bundled libraries are extracted. */
  public static final String EXTRACT_PROPERTY = "scicodecs.extract.dir";

  /** System property: the directory holding the Jetraw SDK's libjetraw.so and libdpcore.so. */
  public static final String JETRAW_PATH_PROPERTY = "scicodecs.jetraw.path";

  /** Environment variable used when {@value #JETRAW_PATH_PROPERTY} is not set. */
  public static final String JETRAW_PATH_ENV = "SCICODECS_JETRAW_PATH";

  /**
   * A vendor SDK whose libraries scicodecs cannot bundle.
   *
   * @param title the SDK's name, for messages
   * @param loadOrder its libraries, each after those it may depend on
   */
  private record Sdk(String title, String property, String env, List<String> loadOrder) {
    String hint() {
      var files = new StringBuilder();
      for (String lib : loadOrder) {
        files.append(files.isEmpty() ? "" : " and ").append(System.mapLibraryName(lib));
      }
      return "Fix: the "
          + title
          + " is proprietary: scicodecs cannot ship it, and it is in no package registry. Install"
          + " it from its vendor, then point -D"
          + property
          + "=DIR (or $"
          + env
          + ") at the directory that holds "
          + files
          + ", or add that directory to LD_LIBRARY_PATH.";
    }
  }

  private static final Sdk JETRAW_SDK =
      new Sdk(
          "Dotphoton Jetraw SDK",
          JETRAW_PATH_PROPERTY,
          JETRAW_PATH_ENV,
          List.of("dpcore", "jetraw"));

  /** The libraries that come from a vendor SDK, by base name. */
  private static final Map<String, Sdk> SDK_LIBRARIES =
      Map.of("dpcore", JETRAW_SDK, "jetraw", JETRAW_SDK);

  /** The resource folder of the bundled libraries for this platform, or null if none exist. */
  static final String PLATFORM = platform();

  private static final ConcurrentHashMap<String, Loaded> LOADED = new ConcurrentHashMap<>();

  private NativeLibraries() {}

  /** A loaded library, or the reason it could not be loaded. */
  private record Loaded(
      SymbolLookup lookup, Path path, boolean bundled, NativeLibraryException failure) {}

  /**
   * A symbol lookup for the library that loads it only when the first symbol is looked up. The
   * generated bindings hold one of these, so touching a binding class never loads anything.
   *
   * @param name the library's base name, e.g. {@code "zfp"} for {@code libzfp.so}
   * @return a lookup that throws {@link NativeLibraryException} on first use if loading fails
   */
  public static SymbolLookup lookup(String name) {
    return symbol -> load(name).find(symbol);
  }

  /**
   * Loads the library now (once per JVM) and returns its symbols.
   *
   * @param name the library's base name, e.g. {@code "zfp"} for {@code libzfp.so}
   * @return the library's symbols
   * @throws NativeLibraryException naming the paths tried, if it cannot be loaded
   */
  public static SymbolLookup load(String name) {
    Loaded loaded = loaded(name);
    if (loaded.failure != null) {
      throw loaded.failure;
    }
    return loaded.lookup;
  }

  /** Whether the library can be loaded; loads it if that was not tried yet. Never throws. */
  public static boolean isAvailable(String name) {
    return loaded(name).failure == null;
  }

  private static Loaded loaded(String name) {
    Sdk sdk = SDK_LIBRARIES.get(name);
    if (sdk != null) {
      // The libraries this one may link are loaded first, each in its own computeIfAbsent: a
      // ConcurrentHashMap must not be modified from inside another key's computation.
      for (String earlier : sdk.loadOrder()) {
        if (earlier.equals(name)) {
          break;
        }
        LOADED.computeIfAbsent(earlier, NativeLibraries::tryLoad);
      }
    }
    return LOADED.computeIfAbsent(name, NativeLibraries::tryLoad);
  }

  /** The file the library was loaded from, if it is loaded (the system search may hide it). */
  public static Optional<Path> location(String name) {
    Loaded loaded = LOADED.get(name);
    return loaded == null ? Optional.empty() : Optional.ofNullable(loaded.path);
  }

  /**
   * The upstream version that scripts/build-native recorded for a bundled library, for libraries
   * that cannot report their own version at run time. Empty unless the library is loaded and came
   * from the jar.
   */
  public static Optional<String> bundledVersion(String name) {
    Loaded loaded = LOADED.get(name);
    if (loaded == null || !loaded.bundled) {
      return Optional.empty();
    }
    return Optional.ofNullable(BundledFacts.FACTS.getProperty(name + ".version"));
  }

  /** What scripts/build-native recorded about the bundled libraries (libraries.properties). */
  private static final class BundledFacts {
    static final java.util.Properties FACTS = read();

    private static java.util.Properties read() {
      var facts = new java.util.Properties();
      if (PLATFORM == null) {
        return facts;
      }
      try (InputStream in =
          NativeLibraries.class.getResourceAsStream("/native/" + PLATFORM + "/libraries.properties")) {
        if (in != null) {
          facts.load(in);
        }
      } catch (IOException e) {
        // Without the facts file, versions are unknown and no CPU check is made.
      }
      return facts;
    }
  }

  /**
   * The CPU features a bundled library was compiled for that this CPU lacks (e.g. SPERR's AVX2):
   * loading it anyway would end the JVM with SIGILL at the first call.
   */
  static List<String> missingCpuFeatures(String name, String cpuFlags) {
    String needed = BundledFacts.FACTS.getProperty(name + ".cpu", "").strip();
    if (needed.isEmpty() || cpuFlags == null) {
      return List.of();
    }
    var have = java.util.Set.of(cpuFlags.strip().split("\\s+"));
    List<String> missing = new ArrayList<>();
    for (String feature : needed.split("\\s+")) {
      if (!have.contains(feature)) {
        missing.add(feature);
      }
    }
    return missing;
  }

  /** The "flags" line of /proc/cpuinfo, or null where there is none. */
  private static String cpuFlags() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("flags")) {
          return line.substring(line.indexOf(':') + 1);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // Not Linux or not readable: no check.
    }
    return null;
  }

  /** The places tried so far, each with why it failed, and the last underlying exception. */
  private static final class Attempts {
    final List<String> notes = new ArrayList<>();
    Throwable lastCause;

    void failed(String note, Throwable cause) {
      notes.add(note);
      if (cause != null) {
        lastCause = cause;
      }
    }
  }

  @SuppressWarnings("restricted")
  private static Loaded tryLoad(String name) {
    Sdk sdk = SDK_LIBRARIES.get(name);
    if (sdk != null) {
      return tryLoadFromSdk(name, sdk);
    }
    String file = System.mapLibraryName(name);
    Attempts attempts = new Attempts();
    try {
      Loaded loaded = fromOverrideDirectory(file, PATH_PROPERTY, PATH_ENV, attempts);
      if (loaded == null) {
        loaded = fromBundle(name, file, attempts);
      }
      if (loaded == null) {
        try {
          loaded = new Loaded(SymbolLookup.libraryLookup(file, Arena.global()), null, false, null);
        } catch (IllegalArgumentException e) {
          attempts.failed(
              "system search (LD_LIBRARY_PATH, ld.so cache) for " + file + ": not found", e);
        }
      }
      if (loaded != null) {
        return loaded;
      }
    } catch (IllegalCallerException e) {
      return new Loaded(
          null, null, false, new NativeLibraryException(name, attempts.notes, nativeAccessHint(), e));
    }
    String hint =
        "Fix: build the bundled libraries with scripts/build-native and rebuild the jar, or point -D"
            + PATH_PROPERTY
            + "=DIR (or $"
            + PATH_ENV
            + ") at a directory that holds "
            + file
            + ".";
    return new Loaded(
        null,
        null,
        false,
        new NativeLibraryException(name, attempts.notes, hint, attempts.lastCause));
  }

  /**
   * A vendor SDK's library: its own directory, the general override directory, the system search;
   * never the jar. Fails at once, naming the reason, if a library it may link failed to load.
   */
  @SuppressWarnings("restricted")
  private static Loaded tryLoadFromSdk(String name, Sdk sdk) {
    String file = System.mapLibraryName(name);
    Attempts attempts = new Attempts();
    for (String earlier : sdk.loadOrder()) {
      if (earlier.equals(name)) {
        break;
      }
      Loaded before = LOADED.get(earlier);
      if (before != null && before.failure != null) {
        attempts.failed(
            "not tried: "
                + file
                + " needs "
                + System.mapLibraryName(earlier)
                + " from the same SDK, which could not be loaded:",
            before.failure);
        attempts.notes.addAll(before.failure.attempts());
        return new Loaded(
            null,
            null,
            false,
            new NativeLibraryException(name, attempts.notes, sdk.hint(), attempts.lastCause));
      }
    }
    try {
      Loaded loaded = fromOverrideDirectory(file, sdk.property(), sdk.env(), attempts);
      if (loaded == null) {
        loaded = fromOverrideDirectory(file, PATH_PROPERTY, PATH_ENV, attempts);
      }
      if (loaded == null) {
        attempts.failed("bundled: none (the " + sdk.title() + " is not redistributable)", null);
        try {
          loaded = new Loaded(SymbolLookup.libraryLookup(file, Arena.global()), null, false, null);
        } catch (IllegalArgumentException e) {
          attempts.failed(
              "system search (LD_LIBRARY_PATH, ld.so cache) for " + file + ": not found", e);
        }
      }
      if (loaded != null) {
        return loaded;
      }
    } catch (IllegalCallerException e) {
      return new Loaded(
          null, null, false, new NativeLibraryException(name, attempts.notes, nativeAccessHint(), e));
    }
    return new Loaded(
        null,
        null,
        false,
        new NativeLibraryException(name, attempts.notes, sdk.hint(), attempts.lastCause));
  }

  private static Loaded fromOverrideDirectory(
      String file, String property, String env, Attempts attempts) {
    String dir = System.getProperty(property);
    String from = "-D" + property;
    if (dir == null || dir.isBlank()) {
      dir = System.getenv(env);
      from = "$" + env;
    }
    if (dir == null || dir.isBlank()) {
      return null;
    }
    Path candidate = findInDirectory(Path.of(dir), file);
    if (candidate == null) {
      attempts.failed(from + "=" + dir + ": no " + file + " or " + file + ".* there", null);
      return null;
    }
    try {
      return new Loaded(open(candidate), candidate, false, null);
    } catch (LoadFailure e) {
      attempts.failed(candidate + " (" + from + "): " + e.getMessage(), e.getCause());
      return null;
    }
  }

  private static Loaded fromBundle(String name, String file, Attempts attempts) {
    if ("false".equalsIgnoreCase(System.getProperty(BUNDLED_PROPERTY, "true"))) {
      attempts.failed("bundled: disabled by -D" + BUNDLED_PROPERTY + "=false", null);
      return null;
    }
    if (PLATFORM == null) {
      attempts.failed(
          "bundled: no bundled libraries for "
              + System.getProperty("os.name")
              + "/"
              + System.getProperty("os.arch"),
          null);
      return null;
    }
    String resource = "/native/" + PLATFORM + "/" + file;
    List<String> missing = missingCpuFeatures(name, cpuFlags());
    if (!missing.isEmpty()) {
      attempts.failed(
          "bundled: "
              + file
              + " was compiled for CPU features this CPU lacks: "
              + String.join(", ", missing)
              + " (build it without them: see native-build/README.md)",
          null);
      return null;
    }
    Path extracted;
    try {
      extracted = extract(resource, file);
    } catch (IOException | UncheckedIOException e) {
      attempts.failed("bundled: extracting " + resource + " failed: " + e, e);
      return null;
    }
    if (extracted == null) {
      attempts.failed("bundled: resource " + resource + " is not in the class path", null);
      return null;
    }
    try {
      return new Loaded(open(extracted), extracted, true, null);
    } catch (LoadFailure e) {
      attempts.failed(extracted + " (bundled " + resource + "): " + e.getMessage(), e.getCause());
      return null;
    }
  }

  /** Loading a file failed; the message says why (the dynamic linker's own words when known). */
  private static final class LoadFailure extends Exception {
    private static final long serialVersionUID = 1L;

    LoadFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @SuppressWarnings("restricted")
  private static SymbolLookup open(Path path) throws LoadFailure {
    try {
      return SymbolLookup.libraryLookup(path, Arena.global());
    } catch (IllegalArgumentException e) {
      throw new LoadFailure(dlerror(path).orElse(String.valueOf(e.getMessage())), e);
    } catch (IllegalCallerException e) {
      throw new LoadFailure(nativeAccessHint(), e);
    }
  }

  /**
   * The dynamic linker's reason for refusing a file (a missing dependency such as libgomp.so.1, a
   * wrong architecture), which {@link SymbolLookup#libraryLookup} does not report.
   */
  @SuppressWarnings("restricted")
  private static Optional<String> dlerror(Path path) {
    try {
      Linker linker = Linker.nativeLinker();
      SymbolLookup libc = linker.defaultLookup();
      var dlopen =
          linker.downcallHandle(
              libc.find("dlopen").orElseThrow(), FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
      var dlerror =
          linker.downcallHandle(libc.find("dlerror").orElseThrow(), FunctionDescriptor.of(ADDRESS));
      var dlclose =
          linker.downcallHandle(
              libc.find("dlclose").orElseThrow(), FunctionDescriptor.of(JAVA_INT, ADDRESS));
      try (Arena arena = Arena.ofConfined()) {
        final int rtldNow = 2;
        MemorySegment handle =
            (MemorySegment) dlopen.invokeExact(arena.allocateFrom(path.toString()), rtldNow);
        if (!MemorySegment.NULL.equals(handle)) {
          int ignored = (int) dlclose.invokeExact(handle);
          return Optional.empty();
        }
        MemorySegment text = (MemorySegment) dlerror.invokeExact();
        if (MemorySegment.NULL.equals(text)) {
          return Optional.empty();
        }
        return Optional.of(text.reinterpret(4096).getString(0));
      }
    } catch (Throwable t) {
      return Optional.empty();
    }
  }

  private static String nativeAccessHint() {
    Module module = NativeLibraries.class.getModule();
    String target = module.isNamed() ? module.getName() : "ALL-UNNAMED";
    return "Native access is not enabled for scicodecs: run java with --enable-native-access="
        + target
        + " (or put 'Enable-Native-Access: ALL-UNNAMED' in an executable jar's manifest).";
  }

  private static Path findInDirectory(Path dir, String file) {
    Path exact = dir.resolve(file);
    if (Files.isRegularFile(exact)) {
      return exact;
    }
    // System packages often ship only the versioned runtime name (libzfp.so.1): take the newest.
    Path best = null;
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, file + ".*")) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        if (best == null || compareVersions(name, best.getFileName().toString()) > 0) {
          best = p;
        }
      }
    } catch (IOException e) {
      return null;
    }
    return best;
  }

  /** Compares names like libzfp.so.1.0.1 by their numeric parts. */
  static int compareVersions(String a, String b) {
    String[] pa = a.split("\\.");
    String[] pb = b.split("\\.");
    for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
      long va = i < pa.length ? numericOrMinus(pa[i]) : -1;
      long vb = i < pb.length ? numericOrMinus(pb[i]) : -1;
      if (va != vb) {
        return Long.compare(va, vb);
      }
    }
    return a.compareTo(b);
  }

  private static long numericOrMinus(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Copies a bundled library out of the jar into a directory named by its content hash, so
   * concurrent JVMs and different versions never overwrite each other's files.
   */
  private static Path extract(String resource, String file) throws IOException {
    byte[] bytes;
    try (InputStream in = NativeLibraries.class.getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      bytes = in.readAllBytes();
    }
    String hash = sha256(bytes).substring(0, 16);
    String base = System.getProperty(EXTRACT_PROPERTY);
    if (base == null || base.isBlank()) {
      String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
      base = Path.of(System.getProperty("java.io.tmpdir"), "scicodecs-" + user).toString();
    }
    Path dir = Path.of(base, hash);
    Path target = dir.resolve(file);
    if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
      return target;
    }
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, file, ".tmp");
    try {
      Files.write(temp, bytes);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    return target;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
      return "linux-x86_64";
    }
    return null;
  }
}
