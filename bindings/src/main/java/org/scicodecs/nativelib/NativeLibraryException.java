package org.scicodecs.nativelib;

import java.util.List;

/**
 * A native library could not be loaded: it names the library, every place that was tried and what
 * to do about it, instead of an {@link UnsatisfiedLinkError} from deep inside a downcall.
 *
 * <p>Instances are immutable and safe to share between threads; a failed load is remembered, so
 * every later use of the same library throws an exception with the same message.
 *
 * {@snippet :
 * try {
 *   NativeLibraries.load("zfp");
 * } catch (NativeLibraryException e) {
 *   System.err.println(e.getMessage()); // which paths were tried and how to fix it
 * }
 * }
 */
public final class NativeLibraryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String library;
  private final transient List<String> attempts;

  NativeLibraryException(String library, List<String> attempts, String hint, Throwable cause) {
    super(message(library, attempts, hint), cause);
    this.library = library;
    this.attempts = List.copyOf(attempts);
  }

  /** The library's base name, as in {@code lib<name>.so} (for example {@code "zfp"}). */
  public String library() {
    return library;
  }

  /** Each place that was tried, with why it did not work, in the order tried. */
  public List<String> attempts() {
    return attempts;
  }

  private static String message(String library, List<String> attempts, String hint) {
    var sb = new StringBuilder();
    sb.append("scicodecs: native library '")
        .append(library)
        .append("' (")
        .append(System.mapLibraryName(library))
        .append(") could not be loaded.");
    if (!attempts.isEmpty()) {
      sb.append(" Tried:");
      for (String attempt : attempts) {
        sb.append("\n  - ").append(attempt);
      }
    }
    sb.append("\n").append(hint);
    return sb.toString();
  }
}
