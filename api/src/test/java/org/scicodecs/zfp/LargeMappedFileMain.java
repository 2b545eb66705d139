package org.scicodecs.zfp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.scicodecs.DType;
import org.scicodecs.NdArray;

/**
 * Run by {@link ZfpLargeMappedFileTest} in a JVM whose heap is far smaller than the data: fills a
 * mapped file, encodes it into a mapped stream file and decodes that into a third mapped file, then
 * prints the stream size and the largest error. Nothing of the payload ever enters the heap.
 */
public final class LargeMappedFileMain {
  private LargeMappedFileMain() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    double tolerance = 1e-3;
    try (Arena arena = Arena.ofConfined()) {
      NdArray field = NdArray.map(dir.resolve("field.f32"), FileChannel.MapMode.READ_WRITE, 0,
          DType.FLOAT32, arena, n, n, n);
      MemorySegment f = field.segment();
      long i = 0;
      for (int z = 0; z < n; z++) {
        for (int y = 0; y < n; y++) {
          for (int x = 0; x < n; x++) {
            f.setAtIndex(ValueLayout.JAVA_FLOAT, i++,
                (float) (Math.sin(0.02 * x) * Math.cos(0.03 * y) + 0.001 * z));
          }
        }
      }
      ZfpOptions options = ZfpOptions.tolerance(tolerance);
      long max = Zfp.maxEncodedSize(field, options);
      MemorySegment streamFile;
      try (FileChannel ch = FileChannel.open(dir.resolve("field.zfp"),
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.READ,
          java.nio.file.StandardOpenOption.WRITE)) {
        streamFile = ch.map(FileChannel.MapMode.READ_WRITE, 0, max, arena);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      long size = Zfp.encode(field, options, streamFile);
      NdArray decoded = NdArray.map(dir.resolve("decoded.f32"), FileChannel.MapMode.READ_WRITE, 0,
          DType.FLOAT32, arena, n, n, n);
      Zfp.decode(streamFile.asSlice(0, size), decoded);
      MemorySegment d = decoded.segment();
      double maxError = 0;
      for (long k = 0; k < field.size(); k++) {
        maxError = Math.max(maxError,
            Math.abs(f.getAtIndex(ValueLayout.JAVA_FLOAT, k) - d.getAtIndex(ValueLayout.JAVA_FLOAT, k)));
      }
      System.out.println("stream=" + size + " maxError=" + maxError + " heapMax="
          + Runtime.getRuntime().maxMemory());
    }
  }
}
