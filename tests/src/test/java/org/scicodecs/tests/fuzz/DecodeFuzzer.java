package org.scicodecs.tests.fuzz;

import com.code_intelligence.jazzer.api.Jazzer;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The Jazzer entry point ({@code scripts/fuzz}): runs the {@link FuzzTargets} target named by the
 * system property {@code scicodecs.fuzz.target} on each input Jazzer generates.
 *
 * <p>A crash inside a native library ends the JVM before Jazzer can save the input. So when
 * {@code scicodecs.fuzz.last} names a file, every input is first written to that file, memory
 * mapped (a copy into the page cache, no system call): after a crash it holds the input that
 * caused it (an 8-byte little-endian length, then the bytes), and {@code scripts/fuzz} keeps it.
 */
public final class DecodeFuzzer {
  private static final int LAST_CAPACITY = 1 << 20;
  private static String target;
  private static MemorySegment last;

  private DecodeFuzzer() {}

  /** Called once by Jazzer before the first input. */
  public static void fuzzerInitialize() throws IOException {
    String name = System.getProperty("scicodecs.fuzz.target", "");
    target = name;
    if (!FuzzTargets.ALL.containsKey(name)) {
      throw new IllegalArgumentException(
          "-Dscicodecs.fuzz.target must be one of " + FuzzTargets.names() + ", got '" + name + "'");
    }
    String lastFile = System.getProperty("scicodecs.fuzz.last");
    if (lastFile != null) {
      try (FileChannel ch = FileChannel.open(Path.of(lastFile), StandardOpenOption.CREATE,
          StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        last = ch.map(FileChannel.MapMode.READ_WRITE, 0, 8 + LAST_CAPACITY, Arena.global());
      }
    }
  }

  /** Called by Jazzer for each input. */
  public static void fuzzerTestOneInput(byte[] data) {
    if (last != null) {
      int n = Math.min(data.length, LAST_CAPACITY);
      last.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, -1); // "being written"
      MemorySegment.copy(data, 0, last, ValueLayout.JAVA_BYTE, 8, n);
      last.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, n);
    }
    boolean decoded = FuzzTargets.run(target, data);
    // Coverage only sees our Java code, where a valid stream and its 20-byte header look alike,
    // so libFuzzer would drop whole streams from its corpus and never mutate the payloads the
    // native decoders read. Reporting "decoded, this long" (log2 of the length) as a state keeps
    // decodable streams of every size in the corpus.
    Jazzer.exploreState((byte) (decoded ? 64 - Long.numberOfLeadingZeros(data.length) : 0), 1);
  }
}
