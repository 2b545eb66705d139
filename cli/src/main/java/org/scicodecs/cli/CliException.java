package org.scicodecs.cli;

/**
 * A failure the command reports as one line on stderr, with the exit status of its kind. Messages
 * say what is wrong and, where there is one, what to do instead.
 *
 * <p>Thread-safe: immutable after construction.
 *
 * {@snippet :
 * throw CliException.usage("unknown codec 'zpf' (codecs: zfp, sperr, sz3, lerc, szip, aec, pcodec)");
 * }
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode code;

  /**
   * @param code the exit status to end with
   * @param message the line to print (without the "scicodecs: " prefix)
   * @param cause the underlying exception, or null
   */
  public CliException(ExitCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The exit status. */
  public ExitCode code() {
    return code;
  }

  /** A usage error (exit status 2). */
  public static CliException usage(String message) {
    return new CliException(ExitCode.USAGE, message, null);
  }

  /** A codec or data error (exit status 1). */
  public static CliException codec(String message, Throwable cause) {
    return new CliException(ExitCode.CODEC, message, cause);
  }

  /** An I/O error (exit status 3). */
  public static CliException io(String message, Throwable cause) {
    return new CliException(ExitCode.IO, message, cause);
  }
}
