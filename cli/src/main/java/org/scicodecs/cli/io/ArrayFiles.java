package org.scicodecs.cli.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.cli.CliException;
import org.scicodecs.cli.Params;
import org.scicodecs.cli.codec.ArraySpec;
import org.scicodecs.io.Npy;

/**
 * How the command reads and writes arrays and streams: NumPy {@code .npy} files (versions 1-3,
 * recognised by their magic, not their name) or raw little-endian C-order files described by
 * {@code --shape} and {@code --dtype}, and encoded streams. Everything is memory-mapped, so files
 * larger than the JVM's heap work and nothing is copied on the way to the codec.
 *
 * <p>Fortran-order {@code .npy} files are read as the strided arrays they are (the same elements
 * NumPy sees); outputs are always C order. Big-endian {@code .npy} files are refused with the NumPy
 * line that converts them.
 *
 * <p>Thread-safe: stateless.
 *
 * {@snippet :
 * try (Arena arena = Arena.ofConfined()) {
 *   NdArray in = ArrayFiles.openArray(Path.of("field.npy"), params, arena);
 * }
 * }
 */
public final class ArrayFiles {
  private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private ArrayFiles() {}

  /** Whether the file starts with NumPy's magic. */
  public static boolean isNpy(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(NPY_MAGIC.length);
      while (b.hasRemaining() && ch.read(b) >= 0) {
        // read the first bytes
      }
      return !b.hasRemaining() && Arrays.equals(b.array(), NPY_MAGIC);
    }
  }

  /** Whether an output should be written as {@code .npy}: by its name. */
  public static boolean wantsNpy(Path file) {
    return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npy");
  }

  /**
   * Maps an input array: a {@code .npy} file as its header says, or a raw file as {@code --shape}
   * and {@code --dtype} say (its size must be exactly theirs).
   *
   * @throws CliException I/O (missing, unreadable), usage (options missing or not fitting), or
   *     codec (an invalid or big-endian {@code .npy} file)
   */
  public static NdArray openArray(Path file, Params p, Arena arena) {
    requireReadable(file);
    try {
      if (isNpy(file)) {
        NdArray a;
        try {
          a = Npy.map(file, FileChannel.MapMode.READ_ONLY, arena);
        } catch (IllegalArgumentException e) {
          throw CliException.codec(e.getMessage(), e);
        }
        DType d = p.dtype("dtype");
        long[] s = p.shape("shape");
        if ((d != null && d != a.dtype()) || (s != null && !Arrays.equals(s, a.shape()))) {
          throw CliException.usage(
              file + " is a .npy file holding " + new ArraySpec(a.dtype(), a.shape())
                  + "; --shape and --dtype describe raw input and must not contradict it");
        }
        return a;
      }
      DType d = p.dtype("dtype");
      long[] s = p.shape("shape");
      if (d == null || s == null) {
        throw CliException.usage(
            file + " is not a .npy file: give " + (d == null && s == null ? "--shape and --dtype"
                : d == null ? "--dtype" : "--shape") + " to read it as raw C-order little-endian data");
      }
      ArraySpec spec = new ArraySpec(d, s);
      long size = Files.size(file);
      if (spec.byteSize() != size) {
        throw CliException.usage(
            file + " has " + size + " bytes; --shape " + ArraySpec.shapeText(s) + " --dtype " + d
                + " needs " + (spec.byteSize() == Long.MAX_VALUE ? "more than 2^63" : spec.byteSize()));
      }
      return NdArray.map(file, FileChannel.MapMode.READ_ONLY, 0, d, arena, s);
    } catch (IOException e) {
      throw Io.error(e, file);
    } catch (UncheckedIOException e) {
      throw Io.error(e.getCause(), file);
    }
  }

  /** Maps a whole file read-only (an encoded stream). */
  public static MemorySegment mapStream(Path file, Arena arena) {
    requireReadable(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
    } catch (IOException e) {
      throw Io.error(e, file);
    }
  }

  /**
   * Creates an array file of the given dtype and shape at {@code file} (a temporary file that
   * will be renamed) and maps it for writing: {@code .npy} if {@code npy}, else raw.
   */
  public static NdArray createArray(Path file, boolean npy, ArraySpec spec, Arena arena) {
    try {
      return npy
          ? Npy.create(file, spec.dtype(), spec.shape(), arena)
          : NdArray.map(file, FileChannel.MapMode.READ_WRITE, 0, spec.dtype(), arena, spec.shape());
    } catch (UncheckedIOException e) {
      throw Io.error(e.getCause(), file);
    }
  }

  private static void requireReadable(Path file) {
    if (!Files.exists(file)) {
      throw CliException.io(file + ": no such file", null);
    }
    if (Files.isDirectory(file)) {
      throw CliException.io(file + ": is a directory, not a file", null);
    }
    if (!Files.isReadable(file)) {
      throw CliException.io(file + ": permission denied", null);
    }
  }
}
