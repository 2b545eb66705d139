package org.scicodecs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scicodecs.cli.Cli.launcher;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.io.Npy;

/**
 * The real {@code scripts/scicodecs} launcher in a subprocess (told by {@code
 * SCICODECS_CLI_CLASSPATH} to run the test class path rather than build): help, a round trip, an
 * error, and a file several times larger than the JVM's heap.
 */
class LauncherTest {
  @TempDir Path dir;

  @Test
  void helpRoundTripAndAnError() {
    Cli.Result help = launcher(dir, Map.of(), "--help").expect(0);
    assertTrue(help.out().contains("Exit status:"), help.out());
    Cli.field(dir.resolve("f.npy"), DType.FLOAT32, 10, 20, 30);
    launcher(dir, Map.of(), "encode", "sz3", "--tolerance", "1e-3", "f.npy", "f.sz3").expect(0);
    launcher(dir, Map.of(), "decode", "sz3", "--dtype", "float32", "f.sz3", "g.npy").expect(0);
    assertTrue(Cli.maxError(dir.resolve("f.npy"), dir.resolve("g.npy")) <= 1e-3);
    launcher(dir, Map.of(), "decode", "zfq", "f.sz3", "g.npy").fails(2, "unknown codec 'zfq'");
  }

  @Test
  void aFileLargerThanTheHeapEncodesAndDecodesThroughMappedFiles() throws IOException {
    long n = 208L * 512 * 512; // 218 MB of float32, more than three times the 64 MiB heap
    Assumptions.assumeTrue(Files.getFileStore(dir).getUsableSpace() > 3 * 4 * n,
        "not enough disk space in " + dir);
    Path in = dir.resolve("big.npy");
    try (Arena arena = Arena.ofConfined()) {
      NdArray a = Npy.create(in, DType.FLOAT32, new long[] {208, 512, 512}, arena);
      MemorySegment s = a.segment();
      for (long i = 0; i < n; i++) {
        s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) Math.sin(i * 1e-4) * 50);
      }
    }
    // Direct memory defaults to the heap's size: both are far below the file's.
    Map<String, String> small = Map.of("SCICODECS_JAVA_OPTS", "-Xmx64m -XX:MaxDirectMemorySize=64m");
    assertTrue(launcher(dir, small, "version").expect(0).out().contains("max heap 64 MiB"));
    launcher(dir, small, "encode", "zfp", "--tolerance", "0.01", "big.npy", "big.zfp").expect(0);
    launcher(dir, small, "decode", "zfp", "big.zfp", "back.npy").expect(0);
    assertEquals(Files.size(in), Files.size(dir.resolve("back.npy")));
    try (Arena arena = Arena.ofConfined();
        FileChannel a = FileChannel.open(in, StandardOpenOption.READ);
        FileChannel b = FileChannel.open(dir.resolve("back.npy"), StandardOpenOption.READ)) {
      MemorySegment x = a.map(FileChannel.MapMode.READ_ONLY, 0, a.size(), arena);
      MemorySegment y = b.map(FileChannel.MapMode.READ_ONLY, 0, b.size(), arena);
      long header = Npy.readHeader(in).dataOffset();
      double max = 0;
      for (long i = 0; i < n; i += 7) {
        max = Math.max(max, Math.abs(x.get(ValueLayout.JAVA_FLOAT, header + 4 * i)
            - y.get(ValueLayout.JAVA_FLOAT, header + 4 * i)));
      }
      assertTrue(max <= 0.01 && max > 0, "max error " + max);
    }
    assertEquals(java.util.List.of("back.npy", "big.npy", "big.zfp"), Cli.list(dir));
  }
}
