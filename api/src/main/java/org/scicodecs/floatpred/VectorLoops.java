package org.scicodecs.floatpred;

import java.lang.foreign.MemorySegment;

/**
 * The inner loops of {@link Floatpred} written with the Vector API ({@code jdk.incubator.vector}),
 * used when the JVM was started with {@code --add-modules jdk.incubator.vector}; without it the
 * plain-Java loops do the same work, up to 5.4 times slower (AMD Zen 1, 3 and 5, see the
 * README). The Vector API is an incubator module, so it stays optional: this interface is all
 * that {@link Floatpred} sees of it, and {@link #choose()} finds, checks and returns the
 * implementation, or says why there is none.
 *
 * <p>Each method does a middle part of a row in whole vectors, under the same names as the kernels
 * in {@link Floatpred} (a row of {@code n} elements of {@code b} bytes at {@code so}; planes at
 * {@code d}; distance {@code s} elements), and returns the first element it did not do, for the
 * plain loops to finish. Segments are native memory (see {@link Floatpred#NATIVE}).
 *
 * <p>Implementations are stateless and thread-safe.
 */
interface VectorLoops {
  /** Encodes elements from {@code i} (with {@code i >= s}) on. */
  long encode(int b, MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i);

  /**
   * Decodes elements from {@code i} on, where {@code i >= s} and the elements before {@code i}
   * are decoded already; may do nothing (for example if {@code i} is less than a vector).
   */
  long decode(int b, MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i);

  /**
   * Decodes a whole row by itself, without residue sums, if it takes rows of this kind; else
   * does nothing and returns false.
   */
  boolean decodeRow(int b, MemorySegment src, long so, MemorySegment dst, long d, long n, long s);

  /**
   * Adds {@code pattern} (a multiple of 32 bytes long) bytewise to every as many bytes of the
   * {@code bytes} from {@code d} on, the last ones cut short: the second pass of decoding a row in
   * one pass ({@link Floatpred}'s {@code owed}).
   */
  void addRepeated(MemorySegment dst, long d, long bytes, byte[] pattern);

  /**
   * The residue sums of {@link Floatpred}'s decoding ({@code sums} zeroed); false if this {@code s}
   * is not one it handles.
   */
  boolean residueSums(
      MemorySegment src, long so, long n, long s, int planes, MemorySegment sums);

  /** The loops {@link #choose()} found (null: none), and a line that says which, or why none. */
  record Choice(VectorLoops loops, String description) {}

  /**
   * The implementation if the Vector API module is in the boot layer, works on this JVM, has
   * vectors of at least 256 bits, and gives the plain loops' bytes on a self-test; else none, with
   * the reason.
   */
  static Choice choose() {
    if (Boolean.getBoolean("scicodecs.floatpred.novector")) {
      return new Choice(null, "plain loops (-Dscicodecs.floatpred.novector=true)");
    }
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return new Choice(null, "plain loops (the JVM runs without --add-modules jdk.incubator.vector)");
    }
    try {
      Class<?> c = Class.forName("org.scicodecs.floatpred.FloatpredVector");
      VectorLoops loops = (VectorLoops) c.getDeclaredConstructor().newInstance();
      return Floatpred.selfTest(loops)
          ? new Choice(loops, loops.toString())
          : new Choice(null, "plain loops (the vector loops failed their self-test on this JVM)");
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      // An incubator API that differs on this JDK, or no usable vector size: the plain loops.
      Throwable why = e instanceof ReflectiveOperationException && e.getCause() != null ? e.getCause() : e;
      return new Choice(null, "plain loops (vector loops unusable here: " + why.getMessage() + ")");
    }
  }
}
