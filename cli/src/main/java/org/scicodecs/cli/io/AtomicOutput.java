package org.scicodecs.cli.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An output file that appears complete or not at all: everything is written to a hidden temporary
 * file next to the target ({@code .NAME.RANDOM.part}, same directory, so same file system), which
 * {@link #commit()} renames onto the target atomically. Closing without committing deletes the
 * temporary file, and so does the JVM's shutdown (Ctrl-C) — a failed encode or decode never leaves
 * a half-written output behind. The temporary file gets the permissions the user's umask gives new
 * files, like the target would.
 *
 * <p>Not thread-safe: one thread creates, writes, commits and closes it.
 *
 * {@snippet :
 * try (AtomicOutput out = AtomicOutput.create(Path.of("field.zfp"))) {
 *   Files.write(out.path(), bytes);
 *   out.commit(); // field.zfp appears now, complete
 * }
 * }
 */
public final class AtomicOutput implements AutoCloseable {
  private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (Path p : PENDING) {
                    try {
                      Files.deleteIfExists(p);
                    } catch (IOException e) {
                      // Best effort at exit: nothing else can be done with the error.
                    }
                  }
                },
                "scicodecs-cleanup"));
  }

  private final Path target;
  private final Path temp;
  private boolean committed;

  private AtomicOutput(Path target, Path temp) {
    this.target = target;
    this.temp = temp;
  }

  /**
   * Creates the (empty) temporary file for {@code target}.
   *
   * @throws IOException if the directory does not exist or is not writable
   */
  public static AtomicOutput create(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (Files.isDirectory(abs)) {
      throw new FileAlreadyExistsException(target.toString(), null, "is a directory");
    }
    if (dir == null || !Files.isDirectory(dir)) {
      throw new java.nio.file.NoSuchFileException(
          String.valueOf(dir), null, "no such directory for " + target);
    }
    for (int attempt = 0; ; attempt++) {
      String suffix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
      Path temp = dir.resolve("." + abs.getFileName() + "." + suffix + ".part");
      try {
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        PENDING.add(temp);
        return new AtomicOutput(target, temp);
      } catch (FileAlreadyExistsException e) {
        if (attempt > 8) {
          throw e;
        }
      }
    }
  }

  /** The temporary file to write. */
  public Path path() {
    return temp;
  }

  /** The final file. */
  public Path target() {
    return target;
  }

  /**
   * Moves the temporary file onto the target (replacing it), atomically where the file system
   * can; everything must be written, and mappings of the file closed, before.
   */
  public void commit() throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (java.nio.file.AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    committed = true;
    PENDING.remove(temp);
  }

  /** Deletes the temporary file unless it was committed. */
  @Override
  public void close() {
    if (!committed) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // The shutdown hook tries again.
        return;
      }
      PENDING.remove(temp);
    }
  }
}
