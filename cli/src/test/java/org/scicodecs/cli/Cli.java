package org.scicodecs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.io.Npy;

/**
 * Runs the command in a child process, as a user does: either a forked {@code java ... Main} on the
 * test class path (most tests) or the real {@code scripts/scicodecs} launcher, told by {@code
 * SCICODECS_CLI_CLASSPATH} to use the test class path instead of building. Also makes and reads
 * test arrays.
 */
final class Cli {
  private Cli() {}

  /** What a run printed and returned. */
  record Result(int status, String out, String err) {
    /** Asserts the status, with both streams in the message. */
    Result expect(int expected) {
      assertEquals(expected, status, () -> "exit status; stdout:\n" + out + "\nstderr:\n" + err);
      return this;
    }

    /** Asserts a failure: the status, one line on stderr, containing every fragment. */
    Result fails(int expected, String... fragments) {
      expect(expected);
      List<String> lines = err.lines().toList();
      assertEquals(1, lines.size(), () -> "one line on stderr, got:\n" + err);
      assertTrue(lines.getFirst().startsWith("scicodecs: error: "), err);
      for (String f : fragments) {
        assertTrue(err.contains(f), () -> "stderr lacks '" + f + "':\n" + err);
      }
      return this;
    }
  }

  static final Path ROOT = Path.of(System.getProperty("scicodecs.root", "..")).toAbsolutePath().normalize();

  static String javaExe() {
    return ProcessHandle.current().info().command().orElse(
        Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** {@code java ... org.scicodecs.cli.Main ARGS} in {@code dir}. */
  static Result java(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of(javaExe(), "--enable-native-access=ALL-UNNAMED",
        "-Djava.awt.headless=true", "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), "org.scicodecs.cli.Main"));
    cmd.addAll(List.of(args));
    return run(cmd, dir, Map.of(), 300);
  }

  /** {@code scripts/scicodecs ARGS} in {@code dir}, with extra environment variables. */
  static Result launcher(Path dir, Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("scripts/scicodecs").toString()));
    cmd.addAll(List.of(args));
    Map<String, String> e = new java.util.HashMap<>(env);
    e.put("SCICODECS_CLI_CLASSPATH", System.getProperty("java.class.path"));
    e.put("JAVA_HOME", System.getProperty("java.home"));
    return run(cmd, dir, e, 300);
  }

  static Result run(List<String> cmd, Path dir, Map<String, String> env, int timeoutSeconds) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
      pb.environment().putAll(env);
      pb.environment().remove("SCICODECS_DEBUG");
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + cmd);
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- test data ---------------------------------------------------------------------------

  /** A smooth field with a little structure, as float32 or float64, written as .npy. */
  static Path field(Path file, DType dtype, long... shape) {
    try (Arena arena = Arena.ofConfined()) {
      NdArray a = Npy.create(file, dtype, shape, arena);
      long n = a.size();
      for (long i = 0; i < n; i++) {
        double v = Math.sin(i * 0.013) * 3 + Math.cos(i * 0.0007) + (i % 7) * 0.01;
        if (dtype == DType.FLOAT32) {
          a.segment().setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v);
        } else {
          a.segment().setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
        }
      }
    }
    return file;
  }

  /** Integers of the dtype with image-like structure (and negative values for signed types). */
  static Path ints(Path file, DType dtype, long... shape) {
    try (Arena arena = Arena.ofConfined()) {
      NdArray a = Npy.create(file, dtype, shape, arena);
      long n = a.size();
      long offset = dtype.isSigned() ? 600 : 0;
      for (long i = 0; i < n; i++) {
        long v = 1000 + (long) (800 * Math.sin(i * 0.01)) + (i * 7919 % 13) - offset;
        MemorySegment s = a.segment();
        switch (dtype.byteSize()) {
          case 1 -> s.set(ValueLayout.JAVA_BYTE, i, (byte) (v & 0x7f));
          case 2 -> s.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) v);
          case 4 -> s.setAtIndex(ValueLayout.JAVA_INT, i, (int) v);
          default -> s.setAtIndex(ValueLayout.JAVA_LONG, i, v);
        }
      }
    }
    return file;
  }

  /** The largest |a - b| over two .npy files of the same shape (their shapes must match). */
  static double maxError(Path a, Path b) {
    try (Arena arena = Arena.ofConfined()) {
      NdArray x = Npy.read(a, arena);
      NdArray y = Npy.read(b, arena);
      assertEquals(x.dtype(), y.dtype(), "dtype");
      assertTrue(java.util.Arrays.equals(x.shape(), y.shape()),
          () -> java.util.Arrays.toString(x.shape()) + " vs " + java.util.Arrays.toString(y.shape()));
      double max = 0;
      for (long i = 0; i < x.size(); i++) {
        max = Math.max(max, Math.abs(x.getDoubleFlat(i) - y.getDoubleFlat(i)));
      }
      return max;
    }
  }

  /** The header of a .npy file. */
  static Npy.Header header(Path f) {
    return Npy.readHeader(f);
  }

  /**
   * Writes a .npy file by hand (Npy.write always writes C order, version 1): any version, byte
   * order and layout, with {@code data} as the raw bytes that follow the header.
   */
  static Path npy(Path file, int version, String descr, boolean fortran, long[] shape, byte[] data) {
    StringBuilder dict = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': "
        + (fortran ? "True" : "False") + ", 'shape': (");
    for (int i = 0; i < shape.length; i++) {
      dict.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    dict.append(shape.length == 1 ? ",), }" : "), }");
    int preamble = version == 1 ? 10 : 12;
    int total = preamble + dict.length() + 1;
    int padded = (total + 63) / 64 * 64;
    String text = dict + " ".repeat(padded - total) + "\n";
    ByteBuffer b = ByteBuffer.allocate(padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
    if (version == 1) {
      b.putShort((short) text.length());
    } else {
      b.putInt(text.length());
    }
    b.put(text.getBytes(StandardCharsets.UTF_8)).put(data);
    try {
      Files.write(file, b.array());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Files in a directory, names only, sorted (hidden temporary files included). */
  static List<String> list(Path dir) {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
