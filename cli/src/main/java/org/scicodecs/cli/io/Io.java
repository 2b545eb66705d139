package org.scicodecs.cli.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.scicodecs.cli.CliException;

/**
 * Turns I/O exceptions into the command's one-line I/O errors (exit status 3), naming the file.
 *
 * <p>Thread-safe: stateless.
 *
 * {@snippet :
 * catch (IOException e) { throw Io.error(e, path); }
 * }
 */
public final class Io {
  private Io() {}

  /** An I/O error about {@code file} (or the file the exception names). */
  public static CliException error(IOException e, Path file) {
    String what;
    if (e instanceof NoSuchFileException n) {
      what = (n.getFile() != null ? n.getFile() : String.valueOf(file)) + ": "
          + (n.getReason() != null ? n.getReason() : "no such file or directory");
    } else if (e instanceof AccessDeniedException a) {
      what = (a.getFile() != null ? a.getFile() : String.valueOf(file)) + ": permission denied";
    } else if (e instanceof FileSystemException f) {
      what = (f.getFile() != null ? f.getFile() : String.valueOf(file)) + ": "
          + (f.getReason() != null ? f.getReason() : e.getClass().getSimpleName());
    } else {
      what = file + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    }
    return CliException.io(what, e);
  }
}
