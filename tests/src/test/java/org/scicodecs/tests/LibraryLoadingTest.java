package org.scicodecs.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scicodecs.nativelib.NativeLibraries;

/**
 * Loading as a user gets it: from the packaged bindings jar (this module depends on the jar that
 * `mvn verify` built), and from a directory of system libraries given by property, each in a fresh
 * JVM so that nothing is loaded beforehand.
 */
class LibraryLoadingTest {
  static final List<String> LIBRARIES =
      List.of("zfp", "SPERR", "SZ3c", "Lerc", "aec", "sz", "zstd", "cpcodec");

  @Test
  void everyLibraryLoadsFromThePackagedJarIntoAHashNamedDirectory(@TempDir Path extract)
      throws Exception {
    var resource = NativeLibraries.class.getResource("/native/linux-x86_64/libzfp.so");
    assertTrue(resource != null, "bundled libzfp.so is not on the class path");
    assertEquals("jar", resource.getProtocol(), "bindings should come from the packaged jar");

    Map<String, String> where = probe(List.of("-Dscicodecs.extract.dir=" + extract));
    for (String name : LIBRARIES) {
      String location = where.get(name);
      Path path = Path.of(location);
      assertTrue(path.startsWith(extract), name + " loaded from " + location);
      assertEquals(System.mapLibraryName(name), path.getFileName().toString());
      assertTrue(path.getParent().getFileName().toString().matches("[0-9a-f]{16}"), location);
      try (InputStream in = NativeLibraries.class.getResourceAsStream(
          "/native/linux-x86_64/" + System.mapLibraryName(name))) {
        assertTrue(java.util.Arrays.equals(in.readAllBytes(), Files.readAllBytes(path)), name);
      }
    }
    // A second JVM reuses the extracted files.
    long before = Files.getLastModifiedTime(Path.of(where.get("zfp"))).toMillis();
    Map<String, String> again = probe(List.of("-Dscicodecs.extract.dir=" + extract));
    assertEquals(where, again);
    assertEquals(before, Files.getLastModifiedTime(Path.of(again.get("zfp"))).toMillis());
  }

  @Test
  void directoryOfSystemLibrariesReplacesTheBundledOnesIncludingVersionedNames(
      @TempDir Path system, @TempDir Path extract) throws Exception {
    for (String name : LIBRARIES) {
      String file = System.mapLibraryName(name);
      // Versioned runtime names, as a distribution installs them (libzfp.so.1).
      try (InputStream in = NativeLibraries.class.getResourceAsStream("/native/linux-x86_64/" + file)) {
        Files.copy(in, system.resolve(file + ".1"));
      }
    }
    Map<String, String> where = probe(List.of(
        "-Dscicodecs.library.path=" + system,
        "-Dscicodecs.library.bundled=false",
        "-Dscicodecs.extract.dir=" + extract));
    for (String name : LIBRARIES) {
      assertEquals(system.resolve(System.mapLibraryName(name) + ".1").toString(), where.get(name));
    }
  }

  @Test
  void missingSystemLibraryWithBundledOffFailsWithThePathsTried(@TempDir Path empty)
      throws Exception {
    Map<String, String> where = probe(List.of(
        "-Dscicodecs.library.path=" + empty, "-Dscicodecs.library.bundled=false"));
    String zfp = where.get("zfp");
    assertTrue(zfp.startsWith("FAILED "), zfp);
    assertTrue(zfp.contains("no libzfp.so or libzfp.so.* there"), zfp);
    assertTrue(zfp.contains("bundled: disabled"), zfp);
    assertTrue(zfp.contains("Fix:"), zfp);
  }

  @Test
  void theJetrawSdkIsNeverBundledAndItsAbsenceBreaksNoOtherLibrary(
      @TempDir Path extract, @TempDir Path noSdk) throws Exception {
    assertTrue(NativeLibraries.class.getResource("/native/linux-x86_64/libjetraw.so") == null);
    assertTrue(NativeLibraries.class.getResource("/native/linux-x86_64/libdpcore.so") == null);
    List<String> libraries = new ArrayList<>(List.of("jetraw", "dpcore"));
    libraries.addAll(LIBRARIES);
    Map<String, String> where = probe(List.of(
        "-Dscicodecs.extract.dir=" + extract, "-Dscicodecs.jetraw.path=" + noSdk), libraries);
    for (String sdk : List.of("jetraw", "dpcore")) {
      String failure = where.get(sdk);
      assertTrue(failure.startsWith("FAILED "), failure);
      assertTrue(failure.contains("bundled: none (the Dotphoton Jetraw SDK is not redistributable)"),
          failure);
      assertTrue(failure.contains("-Dscicodecs.jetraw.path=DIR"), failure);
    }
    for (String name : LIBRARIES) {
      assertTrue(Path.of(where.get(name)).startsWith(extract), name + ": " + where.get(name));
    }
  }

  private static Map<String, String> probe(List<String> jvmArgs) throws IOException, InterruptedException {
    return probe(jvmArgs, LIBRARIES);
  }

  private static Map<String, String> probe(List<String> jvmArgs, List<String> libraries)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LibraryProbe.class.getName());
    command.addAll(libraries);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("SCICODECS_JETRAW_PATH");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "probe JVM hung");
    assertEquals(0, process.exitValue(), output);
    assertTrue(!output.contains("WARNING"), "the probe JVM printed a warning:\n" + output);
    Map<String, String> where = new LinkedHashMap<>();
    for (String line : output.strip().split("\n")) {
      int eq = line.indexOf('=');
      where.put(line.substring(0, eq), line.substring(eq + 1));
    }
    assertEquals(libraries, List.copyOf(where.keySet()), output);
    return where;
  }
}
