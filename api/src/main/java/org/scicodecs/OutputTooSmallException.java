package org.scicodecs;

/**
 * The caller's output segment or array cannot hold the result. States the size needed; nothing was
 * written beyond the caller's segment.
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * {@snippet :
 * try {
 *   long written = org.scicodecs.zfp.Zfp.encode(array, options, out);
 * } catch (OutputTooSmallException e) {
 *   out = arena.allocate(e.requiredBytes()); // and try again
 * }
 * }
 */
public final class OutputTooSmallException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final long requiredBytes;
  private final long availableBytes;

  /**
   * @param what the codec and operation, e.g. {@code "zfp encode"}
   * @param requiredBytes the size that is needed (exact, or the codec's bound where the exact size
   *     cannot be known without writing)
   * @param availableBytes the size the caller gave
   */
  public OutputTooSmallException(String what, long requiredBytes, long availableBytes) {
    super(what + ": output holds " + availableBytes + " bytes, " + requiredBytes + " are needed");
    this.requiredBytes = requiredBytes;
    this.availableBytes = availableBytes;
  }

  /** The number of bytes the output needs. */
  public long requiredBytes() {
    return requiredBytes;
  }

  /** The number of bytes the caller's output had. */
  public long availableBytes() {
    return availableBytes;
  }
}
