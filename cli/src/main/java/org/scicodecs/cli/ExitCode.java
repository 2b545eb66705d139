package org.scicodecs.cli;

/**
 * The exit statuses of the {@code scicodecs} command, as {@code scicodecs --help} documents them.
 *
 * <p>Thread-safe: an enum.
 *
 * {@snippet :
 * System.exit(ExitCode.USAGE.status()); // 2
 * }
 */
public enum ExitCode {
  /** Success. */
  OK(0, "success"),
  /**
   * The data or stream was refused: a corrupt, truncated or foreign stream, an invalid {@code .npy}
   * file, a codec failure, a codec library that is not available; {@code check} recognised nothing.
   */
  CODEC(1, "codec or data error: a corrupt, truncated or foreign stream, an invalid .npy file,"
      + " a codec failure or a codec library that cannot be loaded; check: no codec recognises FILE"),
  /**
   * The command line is wrong: unknown command, codec or option, a bad or missing option value,
   * {@code --shape}/{@code --dtype} that do not fit the file, data a codec does not take.
   */
  USAGE(2, "usage error: unknown command, codec or option; a bad or missing option value;"
      + " --shape/--dtype that do not fit the file; an array type or shape the codec does not take"),
  /** A file cannot be read or written: missing, not permitted, disk full. */
  IO(3, "I/O error: a file that cannot be read or written (missing, permissions, disk full)");

  private final int status;
  private final String meaning;

  ExitCode(int status, String meaning) {
    this.status = status;
    this.meaning = meaning;
  }

  /** The process exit status. */
  public int status() {
    return status;
  }

  /** One line saying when this status is returned. */
  public String meaning() {
    return meaning;
  }
}
