package org.scicodecs.cli.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Scratch memory of any size that costs neither heap nor direct memory: a temporary file, mapped
 * and at once unlinked, so the space returns to the file system when the arena closes (or the
 * process ends, however it ends). For the rare copies the command must make of data as large as
 * its input: a C-order copy of a Fortran-order array, a decoder's padded output.
 *
 * <p>Thread-safe: stateless.
 *
 * {@snippet :
 * MemorySegment scratch = ScratchMemory.allocate(bytes, dir, arena);
 * }
 */
public final class ScratchMemory {
  private ScratchMemory() {}

  /**
   * {@code bytes} of zeroed memory backed by an unlinked file in {@code dir} (null: the system's
   * temporary directory), valid while {@code arena} is open.
   */
  public static MemorySegment allocate(long bytes, Path dir, Arena arena) {
    try {
      Path f = dir == null
          ? Files.createTempFile("scicodecs-", ".scratch")
          : Files.createTempFile(dir, ".scicodecs-", ".scratch");
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        return ch.map(FileChannel.MapMode.READ_WRITE, 0, Math.max(1, bytes), arena).asSlice(0, bytes);
      } finally {
        Files.deleteIfExists(f); // the mapping keeps the pages until the arena closes
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + bytes + " bytes of scratch space", e);
    }
  }
}
