package org.scicodecs.jetraw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Finding the Jetraw SDK, each case in a fresh JVM ({@link JetrawProbeMain}) so that nothing is
 * loaded beforehand: no SDK (and every other codec unaffected), the environment variable, the
 * property over the environment variable, and an SDK directory with libdpcore.so missing.
 */
class JetrawLoadingTest {
  @TempDir Path empty;

  @Test
  void withoutTheSdkEveryCallSaysWhatIsMissingAndOtherCodecsStillWork() throws Exception {
    Map<String, String> r = probe(List.of("-D" + NativeLibraries.JETRAW_PATH_PROPERTY + "=" + empty),
        Map.of());
    assertEquals("false", r.get("available"));
    assertEquals("jetraw n/a", r.get("version"));
    assertEquals("Optional[false]", r.get("check")); // imagecodecs' stub answers False
    assertEquals("none", r.get("location"));
    for (String call : List.of("encode", "decode", "init", "initPath", "setLogLevel")) {
      String message = r.get(call);
      assertTrue(message.startsWith("JetrawException: "), call + ": " + message);
      for (String expected : List.of("libjetraw.so", "libdpcore.so", "Dotphoton Jetraw SDK",
          "-Dscicodecs.jetraw.path=DIR", "$SCICODECS_JETRAW_PATH", "LD_LIBRARY_PATH",
          "-Dscicodecs.jetraw.path=" + empty + ": no libdpcore.so", "not redistributable")) {
        assertTrue(message.contains(expected), call + " should mention " + expected + ": " + message);
      }
    }
    assertEquals("ok", r.get("zfp"));
    assertEquals("ok", r.get("pcodec"));
  }

  @Test
  void theEnvironmentVariableFindsTheSdk() throws Exception {
    Map<String, String> r = probe(List.of(),
        Map.of(NativeLibraries.JETRAW_PATH_ENV, StandIn.directory().toString()));
    assertEquals("true", r.get("available"));
    assertEquals("jetraw " + StandIn.VERSION, r.get("version"));
    assertEquals("Optional.empty", r.get("check"));
    assertEquals(StandIn.directory().resolve("libjetraw.so").toString(), r.get("location"));
    assertEquals("ok", r.get("init"));
    assertEquals("ok", r.get("encode"));
    assertTrue(r.get("decode").startsWith("JetrawException: jetraw_decode returned 'not a stand-in"),
        r.get("decode"));
    assertEquals("ok", r.get("zfp"));
  }

  @Test
  void thePropertyWinsOverTheEnvironmentVariable() throws Exception {
    Map<String, String> r = probe(
        List.of("-D" + NativeLibraries.JETRAW_PATH_PROPERTY + "=" + StandIn.directory()),
        Map.of(NativeLibraries.JETRAW_PATH_ENV, empty.toString()));
    assertEquals("true", r.get("available"));
    assertEquals(StandIn.directory().resolve("libjetraw.so").toString(), r.get("location"));

    Map<String, String> wrong = probe(
        List.of("-D" + NativeLibraries.JETRAW_PATH_PROPERTY + "=" + empty),
        Map.of(NativeLibraries.JETRAW_PATH_ENV, StandIn.directory().toString()));
    assertEquals("false", wrong.get("available"));
  }

  @Test
  void anSdkDirectoryWithoutLibdpcoreNamesTheMissingLibrary() throws Exception {
    Files.copy(StandIn.directory().resolve("libjetraw.so"), empty.resolve("libjetraw.so"));
    Map<String, String> r = probe(List.of("-D" + NativeLibraries.JETRAW_PATH_PROPERTY + "=" + empty),
        Map.of());
    assertEquals("false", r.get("available"));
    String message = r.get("encode");
    assertTrue(message.contains("libjetraw.so needs libdpcore.so"), message);
    assertTrue(message.contains("no libdpcore.so or libdpcore.so.* there"), message);
  }

  /** Runs {@link JetrawProbeMain} in a new JVM with no inherited SDK location. */
  private static Map<String, String> probe(List<String> jvmArgs, Map<String, String> env)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(JetrawProbeMain.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove(NativeLibraries.JETRAW_PATH_ENV);
    builder.environment().remove("LD_LIBRARY_PATH");
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "probe JVM hung");
    assertEquals(0, process.exitValue(), output);
    Map<String, String> result = new LinkedHashMap<>();
    for (String line : output.strip().split("\n")) {
      int eq = line.indexOf('=');
      assertTrue(eq > 0, "unexpected output line: " + line + "\n" + output);
      result.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return result;
  }
}
