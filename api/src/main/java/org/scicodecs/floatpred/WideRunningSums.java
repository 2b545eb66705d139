package org.scicodecs.floatpred;

import static jdk.incubator.vector.VectorOperators.LSHL;
import static org.scicodecs.floatpred.Floatpred.BYTE;
import static org.scicodecs.floatpred.Floatpred.NATIVE;
import static org.scicodecs.floatpred.FloatpredVector.steps;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Decoding of rows of 4- and 8-byte elements with small distances (1 to 8: TIFF rows of one to
 * eight samples per pixel), and of 2-, 4- and 8-byte elements with distances of a vector or more
 * ({@link #decodeFar}), on 512-bit vectors, for processors with AVX-512 VBMI (byte permutes
 * across the whole vector, also of two vectors, in one instruction). Part of {@link
 * FloatpredVector}: there, {@link VectorRunningSums} does the same on 128-bit vectors, the fastest
 * where a byte permute can only stay in 16-byte lanes; on an AMD EPYC (Zen 5) this one decodes a
 * row in cache about three times as fast (30 against 8-10 GB/s, JDK 25).
 *
 * <p>Per 64 elements: one 64-byte load per plane, running sums with stride s inside each plane
 * (see below), a byte transpose in log2(b) rounds of two-vector permutes (bytes of two planes
 * interleaved, then 2-byte, then 4-byte units), and the last s elements of the vector before
 * added. Without VBMI the JIT would emulate those permutes slowly, so {@link #ENABLED} asks the
 * processor (Linux: /proc/cpuinfo), or the system property {@code scicodecs.floatpred.wide}
 * ({@code true}/{@code false}) decides.
 *
 * <p>Rows of up to {@link Floatpred#MAX_ONE_PASS_ROW} bytes are decoded in one pass ({@link
 * #decodeRow}); longer ones (one-row arrays) after {@link #residueSums}, the 512-bit version of
 * that pass where it has one.
 */
final class WideRunningSums {
  private static final VectorSpecies<Byte> S = ByteVector.SPECIES_512;
  private static final VectorSpecies<Integer> SI = IntVector.SPECIES_512;
  private static final VectorSpecies<Long> SL = LongVector.SPECIES_512;
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

  /** Whether {@link FloatpredVector} uses these loops. */
  static final boolean ENABLED = enabled();

  /**
   * Elements per call of a loop method. The JIT compiles such loops with checks hoisted in front
   * of them from the profile, and when such a check fails the call finishes in the interpreter,
   * a hundred times slower with vectors: with a 512-bit loop tried for one-row (column) arrays, a
   * whole 64 MiB row took over a second (JDK 25, measured) where it takes 10 ms. In chunks the
   * cost is one chunk's.
   */
  private static final long CHUNK = 64 * 256;

  /** Interleaving of two vectors by units of 1, 2, 4 bytes: the first (LO) or second half. */
  private static final VectorShuffle<Byte> LO8 = interleave(1, 0);

  private static final VectorShuffle<Byte> HI8 = interleave(1, 1);
  private static final VectorShuffle<Byte> LO16 = interleave(2, 0);
  private static final VectorShuffle<Byte> HI16 = interleave(2, 1);
  private static final VectorShuffle<Byte> LO32 = interleave(4, 0);
  private static final VectorShuffle<Byte> HI32 = interleave(4, 1);

  /** The last element of a vector repeated: the carry into the next, per b (4, 8), for s = 1. */
  private static final VectorShuffle<Integer> LAST4 = VectorShuffle.iota(SI, 15, 0, true);

  private static final VectorShuffle<Long> LAST8 = VectorShuffle.iota(SL, 7, 0, true);
  /**
   * Byte 7 of long 2k into every byte of long 2k+1, with {@link #ODD_LONGS}: what a 16-byte
   * group's high half adds of its low half (s = 1).
   */
  private static final VectorShuffle<Byte> LOW_LAST = shuffle(k -> (k / 8 & ~1) * 8 + 7);

  /** Per distance s (2 to 8; index s - 2): the steps of the general loops' running sums. */
  private static final Steps[] STEPS = {
    stepsFor(2), stepsFor(3), stepsFor(4), stepsFor(5), stepsFor(6), stepsFor(7), stepsFor(8)
  };

  private WideRunningSums() {}

  private static boolean enabled() {
    String forced = System.getProperty("scicodecs.floatpred.wide");
    if (forced != null) {
      return Boolean.parseBoolean(forced);
    }
    return capable();
  }

  /** Whether this JVM and processor run these loops at full speed (see {@link #ENABLED}). */
  static boolean capable() {
    if (ByteVector.SPECIES_PREFERRED.vectorByteSize() < 64) {
      return false; // the JVM does not use 512-bit registers here (no AVX-512, or it is switched off)
    }
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.anyMatch(l -> l.startsWith("flags") && l.contains(" avx512vbmi"));
    } catch (IOException | RuntimeException e) {
      return false; // not Linux, or not readable: the 128-bit loops
    }
  }

  private static VectorShuffle<Byte> shuffle(IntUnaryOperator lane) {
    int[] a = new int[64];
    for (int k = 0; k < 64; k++) {
      a[k] = lane.applyAsInt(k);
    }
    return VectorShuffle.fromArray(S, a, 0);
  }

  /**
   * Units of {@code u} bytes of two vectors, alternately, starting at unit {@code half * 32 / u}:
   * for {@code a.rearrange(this, b)}, lanes 0..63 are a's, 64..127 (exceptional, wrapped) b's.
   */
  private static VectorShuffle<Byte> interleave(int u, int half) {
    return shuffle(k -> {
      int q = k / u;
      return (half * (32 / u) + q / 2) * u + k % u + (q % 2) * 64;
    });
  }

  /**
   * The running sums with stride s of the bytes in each long, by shifts of 8s, 16s and 32s bits
   * (the steps under 64 bits; the others masked off by k1-k3, all bytes -1 or 0, made vectors in
   * each call: see {@link FloatpredVector}); for b = 4, the last s bytes of long 2k repeated into
   * long 2k+1 ({@code lowLast}, then {@link #ODD_LONGS}); after the transpose, the vector before's
   * last s elements repeated ({@code last4}, {@code last8}).
   */
  private record Steps(
      int sh1, int sh2, int sh3, byte k1, byte k2, byte k3,
      VectorShuffle<Byte> lowLast, VectorShuffle<Integer> last4, VectorShuffle<Long> last8) {}

  /** Per long: all bytes of the odd ones, for the step from long 2k to 2k+1 (b = 4). */
  private static final ByteVector ODD_LONGS = ByteVector.fromArray(S, oddLongs(), 0);

  private static byte[] oddLongs() {
    byte[] odd = new byte[64];
    for (int k = 0; k < 64; k++) {
      odd[k] = (byte) ((k / 8) % 2 == 1 ? -1 : 0);
    }
    return odd;
  }

  private static Steps stepsFor(int s) {
    int[] last4 = new int[16];
    for (int k = 0; k < 16; k++) {
      last4[k] = 16 - s + k % s;
    }
    int[] last8 = new int[8];
    for (int k = 0; k < 8; k++) {
      last8[k] = 8 - s + k % s;
    }
    return new Steps(
        8 * s, 16 * s, 32 * s,
        (byte) (8 * s < 64 ? -1 : 0), (byte) (16 * s < 64 ? -1 : 0), (byte) (32 * s < 64 ? -1 : 0),
        shuffle(k -> (k / 8 & ~1) * 8 + 8 - s + k % 8 % s),
        VectorShuffle.fromArray(SI, last4, 0),
        VectorShuffle.fromArray(SL, last8, 0));
  }

  /**
   * Whether {@link #decode} takes rows of {@code b}-byte elements with distance {@code s}: 4 and
   * 8 bytes, s from 1 to 8 (the running sums' steps are Hillis-Steele scans with stride s, right
   * for any s up to a long's 8 elements; 3 for RGB).
   */
  static boolean handles(int b, long s) {
    return (b == 4 || b == 8) && s >= 1 && s <= 8;
  }


  /**
   * Decodes the elements from {@code i} to the end of the row in blocks of 64, the last one
   * overlapping the others ({@link VectorLoops#decode}); needs a vector of decoded elements
   * before {@code i} ({@code i >= 64 / b}) and a block ({@code n - i >= 64}), else does nothing.
   */
  static long decode(
      int b, MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i) {
    if (i < 64 / b || n - i < 64) {
      return i;
    }
    toEnd(b, src, so, dst, d, n, s, i);
    return n;
  }

  /**
   * Decodes the elements from {@code i} to the end of the row for distances of a vector or more
   * that {@link #handles} does not take ({@code s >= 64 / b} elements, any element size b of 2,
   * 4, 8: columns, and distances such as 16 for float64): each element is its planes' bytes plus
   * the element s before, decoded already (in a block before or a vector before), so there are no
   * running sums. Needs those elements ({@code i >= s}) and a block ({@code n - i >= 64}), else
   * does nothing; the last block overlaps the others and comes out the same.
   */
  static long decodeFar(
      int b, MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i) {
    if (handles(b, s) || s < 64 / b || i < s || n - i < 64) {
      return i;
    }
    toEnd(b, src, so, dst, d, n, s, i);
    return n;
  }

  private static long farBlocks(
      int b, MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i,
      long end) {
    return switch (b) {
      case 2 -> decodeFar2(src, so, dst, d, n, s, i, end);
      case 4 -> decodeFar4(src, so, dst, d, n, s, i, end);
      default -> decodeFar8(src, so, dst, d, n, s, i, end);
    };
  }

  /**
   * The residue sums for {@code s >= 64}: each plane's s-byte pieces (n is a multiple of s) added
   * on top of each other, 64 bytes at a time (the last bytes of a piece masked), four pieces to a
   * pass over the sums, so that they are loaded and stored once per four.
   */
  private static void residueSumsFar(
      MemorySegment src, long so, long n, long s, int planes, MemorySegment sums) {
    src = NATIVE.cast(src);
    sums = NATIVE.cast(sums);
    long whole = s & ~63L;
    VectorMask<Byte> rest = S.indexInRange(0, (int) (s - whole));
    for (int k = 0; k < planes; k++) {
      long base = so + k * n;
      long out = k * s;
      long t = 0;
      for (; n - t >= 4 * s; t += 4 * s) {
        long u = base + t;
        for (long q = 0; q < whole; q += 64) {
          ByteVector.fromMemorySegment(S, sums, out + q, LE)
              .add(ByteVector.fromMemorySegment(S, src, u + q, LE))
              .add(ByteVector.fromMemorySegment(S, src, u + s + q, LE))
              .add(ByteVector.fromMemorySegment(S, src, u + 2 * s + q, LE))
              .add(ByteVector.fromMemorySegment(S, src, u + 3 * s + q, LE))
              .intoMemorySegment(sums, out + q, LE);
        }
        if (whole < s) {
          ByteVector.fromMemorySegment(S, sums, out + whole, LE, rest)
              .add(ByteVector.fromMemorySegment(S, src, u + whole, LE, rest))
              .add(ByteVector.fromMemorySegment(S, src, u + s + whole, LE, rest))
              .add(ByteVector.fromMemorySegment(S, src, u + 2 * s + whole, LE, rest))
              .add(ByteVector.fromMemorySegment(S, src, u + 3 * s + whole, LE, rest))
              .intoMemorySegment(sums, out + whole, LE, rest);
        }
      }
      for (; t < n; t += s) {
        long u = base + t;
        for (long q = 0; q < whole; q += 64) {
          ByteVector.fromMemorySegment(S, sums, out + q, LE)
              .add(ByteVector.fromMemorySegment(S, src, u + q, LE))
              .intoMemorySegment(sums, out + q, LE);
        }
        if (whole < s) {
          ByteVector.fromMemorySegment(S, sums, out + whole, LE, rest)
              .add(ByteVector.fromMemorySegment(S, src, u + whole, LE, rest))
              .intoMemorySegment(sums, out + whole, LE, rest);
        }
      }
    }
  }

  /** Decodes from {@code i} (with {@code n - i >= 64}) to the end of the row. */
  private static void toEnd(
      int b, MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i) {
    Steps t = s == 1 || !handles(b, s) ? null : STEPS[(int) s - 2];
    while (n - i >= 64) { // in chunks: see CHUNK
      i = blocks(b, src, so, dst, d, n, s, i, Math.min(n, i + CHUNK), t);
    }
    if (i < n) {
      // the last 64, overlapping the ones before: decoded again from the same elements before
      // them, they come out the same
      blocks(b, src, so, dst, d, n, s, n - 64, n, t);
    }
  }

  /** The blocks of 64 elements from {@code i} to {@code end} or a little before. */
  private static long blocks(
      int b, MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i,
      long end, Steps t) {
    if (!handles(b, s)) {
      return farBlocks(b, src, so, dst, d, n, s, i, end);
    }
    if (t == null) {
      return b == 4
          ? decodeAdjacent4(src, so, dst, d, n, i, end)
          : decodeAdjacent8(src, so, dst, d, n, i, end);
    }
    return b == 4 ? decode4(src, so, dst, d, n, i, end, t) : decode8(src, so, dst, d, n, i, end, t);
  }

  /**
   * Decodes a whole row in one pass over the planes, where {@link #handles} and the row has a
   * block and a vector and at most {@link Floatpred#MAX_ONE_PASS_ROW} bytes; else does nothing
   * and returns false. Each plane's running sum starting from zero, not from the end of the plane
   * before: then the row's last s elements hold each plane's totals per residue, and a second pass
   * over the decoded row (in cache) adds to every element what its planes were owed ({@link
   * Floatpred#owed}). Instead of the residue sums' pass over the planes before decoding: with
   * that, the processor reads the row from memory, then decodes it from cache, one after the
   * other; so both overlap.
   */
  static boolean decodeRow(
      int b, MemorySegment src, long so, MemorySegment dst, long d, long n, long s) {
    if (!handles(b, s) || n < 64 + 64 / b || n * b > Floatpred.MAX_ONE_PASS_ROW) {
      return false; // (the last block needs a vector before it)
    }
    toEnd(b, src, so, dst, d, n, s, 0); // the loops take a vector of zeros before element 0
    // what is owed repeats every s elements, so every lcm(s * b, 64) bytes (64 to 448)
    byte[] owed = new byte[(int) (s * b * 64 / Floatpred.gcd(s * b, 64))];
    Floatpred.owed(dst, d, n, s, b, owed);
    addRepeated(dst, d, n * b, owed);
    return true;
  }

  /**
   * Adds the bytes {@code owed} (a multiple of 64 of them) to every as many bytes from {@code d}
   * on, the last ones masked.
   */
  private static void addRepeated(MemorySegment dst, long d, long bytes, byte[] owed) {
    dst = NATIVE.cast(dst);
    if (owed.length > 64) {
      addPeriodic(dst, d, bytes, owed);
      return;
    }
    ByteVector add = ByteVector.fromArray(S, owed, 0);
    long o = 0;
    for (int steps = steps(o, bytes, 64); steps > 0; steps = steps(o, bytes, 64)) {
      for (int q = 0; q < steps; q++) {
        long e = d + o + 64L * q;
        ByteVector.fromMemorySegment(S, dst, e, LE).add(add).intoMemorySegment(dst, e, LE);
      }
      o += 64L * steps;
    }
    if (o < bytes) {
      VectorMask<Byte> end = S.indexInRange(0, (int) (bytes - o));
      ByteVector.fromMemorySegment(S, dst, d + o, LE, end).add(add)
          .intoMemorySegment(dst, d + o, LE, end);
    }
  }

  /**
   * {@link #addRepeated} for periods of 3, 5 or 7 vectors (lcm(s * b, 64) for s = 3, 5, 6, 7):
   * the owed vectors loaded once, before the loop (reloading them from the array per block was
   * twice as slow in cache).
   */
  private static void addPeriodic(MemorySegment dst, long d, long bytes, byte[] owed) {
    dst = NATIVE.cast(dst);
    int period = owed.length;
    byte[] padded = Arrays.copyOf(owed, 7 * 64);
    ByteVector w0 = ByteVector.fromArray(S, padded, 0);
    ByteVector w1 = ByteVector.fromArray(S, padded, 64);
    ByteVector w2 = ByteVector.fromArray(S, padded, 128);
    ByteVector w3 = ByteVector.fromArray(S, padded, 192);
    ByteVector w4 = ByteVector.fromArray(S, padded, 256);
    ByteVector w5 = ByteVector.fromArray(S, padded, 320);
    ByteVector w6 = ByteVector.fromArray(S, padded, 384);
    long o = 0;
    for (; bytes - o >= period; o += period) {
      long e = d + o;
      ByteVector.fromMemorySegment(S, dst, e, LE).add(w0).intoMemorySegment(dst, e, LE);
      ByteVector.fromMemorySegment(S, dst, e + 64, LE).add(w1).intoMemorySegment(dst, e + 64, LE);
      ByteVector.fromMemorySegment(S, dst, e + 128, LE).add(w2)
          .intoMemorySegment(dst, e + 128, LE);
      if (period > 192) {
        ByteVector.fromMemorySegment(S, dst, e + 192, LE).add(w3)
            .intoMemorySegment(dst, e + 192, LE);
        ByteVector.fromMemorySegment(S, dst, e + 256, LE).add(w4)
            .intoMemorySegment(dst, e + 256, LE);
        if (period > 320) {
          ByteVector.fromMemorySegment(S, dst, e + 320, LE).add(w5)
              .intoMemorySegment(dst, e + 320, LE);
          ByteVector.fromMemorySegment(S, dst, e + 384, LE).add(w6)
              .intoMemorySegment(dst, e + 384, LE);
        }
      }
    }
    for (int v = 0; o + v < bytes; v += 64) { // the rest, less than a period
      VectorMask<Byte> end = S.indexInRange(0, (int) Math.min(64, bytes - o - v));
      long e = d + o + v;
      ByteVector.fromMemorySegment(S, dst, e, LE, end).add(ByteVector.fromArray(S, padded, v))
          .intoMemorySegment(dst, e, LE, end);
    }
  }

  /**
   * The residue sums of {@link VectorLoops#residueSums} for distances of 64 or more (below) and
   * those that divide 64: lane q of
   * a 64-byte sum belongs to residue q mod s. Four sums, so that the additions do not wait for
   * each other, the row's end by a masked load; false for other distances. The sums are vectors
   * carried from one iteration to the next, which {@link FloatpredVector}'s 256-bit version
   * avoids: compiled here to plain vector adds (checked in the JIT's output), and no slow process
   * in the benchmark runs of one-row arrays, which take this path (Zen 5, JDK 25); whether the
   * old per-lane slowdown came from the type profiles ({@link Floatpred#NATIVE}) instead
   * is not known.
   */
  static boolean residueSums(
      MemorySegment src, long so, long n, long s, int planes, MemorySegment sums) {
    if (s >= 64) {
      residueSumsFar(src, so, n, s, planes, sums);
      return true;
    }
    if (64 % s != 0) {
      return false;
    }
    src = NATIVE.cast(src);
    sums = NATIVE.cast(sums);
    byte[] lanes = new byte[64];
    int r = (int) s;
    for (int k = 0; k < planes; k++) {
      long base = so + k * n;
      ByteVector a0 = ByteVector.zero(S);
      ByteVector a1 = ByteVector.zero(S);
      ByteVector a2 = ByteVector.zero(S);
      ByteVector a3 = ByteVector.zero(S);
      long t = 0;
      for (int steps = steps(t, n, 256); steps > 0; steps = steps(t, n, 256)) {
        for (int q = 0; q < steps; q++) {
          long u = base + t + 256L * q;
          a0 = a0.add(ByteVector.fromMemorySegment(S, src, u, LE));
          a1 = a1.add(ByteVector.fromMemorySegment(S, src, u + 64, LE));
          a2 = a2.add(ByteVector.fromMemorySegment(S, src, u + 128, LE));
          a3 = a3.add(ByteVector.fromMemorySegment(S, src, u + 192, LE));
        }
        t += 256L * steps;
      }
      ByteVector a = a0.add(a1).add(a2.add(a3));
      for (; t < n; t += 64) { // t stays a multiple of 64, so lane q stays residue q mod s
        a = a.add(ByteVector.fromMemorySegment(
            S, src, base + t, LE, S.indexInRange(0, (int) Math.min(n - t, 64))));
      }
      a.intoArray(lanes, 0);
      if (r <= 8) {
        // the eight words added, then the bytes of residue q folded onto byte q: no byte waits
        // for the one before, as with one byte at a time
        long x = 0;
        for (int q = 0; q < 64; q += 8) {
          x = Floatpred.add8(x, (long) WORDS.get(lanes, q));
        }
        for (int h = 32; h >= 8 * r; h >>= 1) {
          x = Floatpred.add8(x, x >>> h);
        }
        for (int q = 0; q < r; q++) {
          lanes[q] = (byte) (x >>> 8 * q);
        }
      } else {
        for (int q = r; q < 64; q++) {
          lanes[q & (r - 1)] += lanes[q]; // each of the s bytes gets 64/s - 1 others
        }
      }
      for (int q = 0; q < r; q++) {
        sums.set(BYTE, k * s + q, lanes[q]);
      }
    }
    return true;
  }

  /** The words of a byte array, little-endian. */
  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  // Distance 1, the common case, has loops of its own, with the shifts as constants and no steps
  // masked off: with the general loops below, float64 rows of 64 MiB decoded about 15 % slower
  // (Zen 5, JDK 25).

  private static long decodeAdjacent4(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long i, long end) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    VectorShuffle<Byte> lo8 = LO8;
    VectorShuffle<Byte> hi8 = HI8;
    VectorShuffle<Byte> lo16 = LO16;
    VectorShuffle<Byte> hi16 = HI16;
    VectorShuffle<Integer> last = LAST4;
    VectorShuffle<Byte> lowLast = LOW_LAST;
    ByteVector oddLongs = ODD_LONGS;
    for (int steps = steps(i, end, 64); steps > 0; steps = steps(i, end, 64)) {
      // before the row's first element (decodeRow), zeros
      IntVector prev = i == 0
          ? IntVector.zero(SI)
          : IntVector.fromMemorySegment(SI, dst, d + 4 * (i - 16), LE).rearrange(last);
      for (int q = 0; q < steps; q++) {
        long j = i + 64L * q;
        long a = so + j;
        // Written out in full, as in decodeAdjacent8.
        ByteVector p0 = ByteVector.fromMemorySegment(S, src, a + 0 * n, LE);
        p0 = p0.add(p0.reinterpretAsLongs().lanewise(LSHL, 8).reinterpretAsBytes());
        p0 = p0.add(p0.reinterpretAsLongs().lanewise(LSHL, 16).reinterpretAsBytes());
        p0 = p0.add(p0.reinterpretAsLongs().lanewise(LSHL, 32).reinterpretAsBytes());
        p0 = p0.add(p0.rearrange(lowLast).and(oddLongs));
        ByteVector p1 = ByteVector.fromMemorySegment(S, src, a + 1 * n, LE);
        p1 = p1.add(p1.reinterpretAsLongs().lanewise(LSHL, 8).reinterpretAsBytes());
        p1 = p1.add(p1.reinterpretAsLongs().lanewise(LSHL, 16).reinterpretAsBytes());
        p1 = p1.add(p1.reinterpretAsLongs().lanewise(LSHL, 32).reinterpretAsBytes());
        p1 = p1.add(p1.rearrange(lowLast).and(oddLongs));
        ByteVector p2 = ByteVector.fromMemorySegment(S, src, a + 2 * n, LE);
        p2 = p2.add(p2.reinterpretAsLongs().lanewise(LSHL, 8).reinterpretAsBytes());
        p2 = p2.add(p2.reinterpretAsLongs().lanewise(LSHL, 16).reinterpretAsBytes());
        p2 = p2.add(p2.reinterpretAsLongs().lanewise(LSHL, 32).reinterpretAsBytes());
        p2 = p2.add(p2.rearrange(lowLast).and(oddLongs));
        ByteVector p3 = ByteVector.fromMemorySegment(S, src, a + 3 * n, LE);
        p3 = p3.add(p3.reinterpretAsLongs().lanewise(LSHL, 8).reinterpretAsBytes());
        p3 = p3.add(p3.reinterpretAsLongs().lanewise(LSHL, 16).reinterpretAsBytes());
        p3 = p3.add(p3.reinterpretAsLongs().lanewise(LSHL, 32).reinterpretAsBytes());
        p3 = p3.add(p3.rearrange(lowLast).and(oddLongs));
        ByteVector a0 = p3.rearrange(lo8, p2); // bytes 0, 1 of elements 0-31
        ByteVector a1 = p3.rearrange(hi8, p2); // of elements 32-63
        ByteVector b0 = p1.rearrange(lo8, p0); // bytes 2, 3
        ByteVector b1 = p1.rearrange(hi8, p0);
        IntVector x0 = a0.rearrange(lo16, b0).add(prev.reinterpretAsBytes()).reinterpretAsInts();
        IntVector c0 = x0.rearrange(last);
        IntVector x1 = a0.rearrange(hi16, b0).add(c0.reinterpretAsBytes()).reinterpretAsInts();
        IntVector c1 = x1.rearrange(last);
        IntVector x2 = a1.rearrange(lo16, b1).add(c1.reinterpretAsBytes()).reinterpretAsInts();
        IntVector c2 = x2.rearrange(last);
        IntVector x3 = a1.rearrange(hi16, b1).add(c2.reinterpretAsBytes()).reinterpretAsInts();
        long e = d + 4 * j;
        x0.intoMemorySegment(dst, e, LE);
        x1.intoMemorySegment(dst, e + 64, LE);
        x2.intoMemorySegment(dst, e + 128, LE);
        x3.intoMemorySegment(dst, e + 192, LE);
        prev = x3.rearrange(last);
      }
      i += 64L * steps;
    }
    return i;
  }

  private static long decodeAdjacent8(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long i, long end) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    VectorShuffle<Byte> lo8 = LO8;
    VectorShuffle<Byte> hi8 = HI8;
    VectorShuffle<Byte> lo16 = LO16;
    VectorShuffle<Byte> hi16 = HI16;
    VectorShuffle<Byte> lo32 = LO32;
    VectorShuffle<Byte> hi32 = HI32;
    VectorShuffle<Long> last = LAST8;
    for (int steps = steps(i, end, 64); steps > 0; steps = steps(i, end, 64)) {
      ByteVector prev = i == 0
          ? ByteVector.zero(S)
          : LongVector.fromMemorySegment(SL, dst, d + 8 * (i - 8), LE)
              .rearrange(last).reinterpretAsBytes();
      for (int q = 0; q < steps; q++) {
        long j = i + 64L * q;
        long a = so + j;
        // Written out in full (no helper methods): the JIT inlines the Vector API's methods
        // whatever the size, but would stop inlining ours in a loop this large, and box.
        ByteVector p0 = ByteVector.fromMemorySegment(S, src, a + 0 * n, LE);
        p0 = p0.add(p0.reinterpretAsLongs().lanewise(LSHL, 8).reinterpretAsBytes());
        p0 = p0.add(p0.reinterpretAsLongs().lanewise(LSHL, 16).reinterpretAsBytes());
        p0 = p0.add(p0.reinterpretAsLongs().lanewise(LSHL, 32).reinterpretAsBytes());
        ByteVector p1 = ByteVector.fromMemorySegment(S, src, a + 1 * n, LE);
        p1 = p1.add(p1.reinterpretAsLongs().lanewise(LSHL, 8).reinterpretAsBytes());
        p1 = p1.add(p1.reinterpretAsLongs().lanewise(LSHL, 16).reinterpretAsBytes());
        p1 = p1.add(p1.reinterpretAsLongs().lanewise(LSHL, 32).reinterpretAsBytes());
        ByteVector p2 = ByteVector.fromMemorySegment(S, src, a + 2 * n, LE);
        p2 = p2.add(p2.reinterpretAsLongs().lanewise(LSHL, 8).reinterpretAsBytes());
        p2 = p2.add(p2.reinterpretAsLongs().lanewise(LSHL, 16).reinterpretAsBytes());
        p2 = p2.add(p2.reinterpretAsLongs().lanewise(LSHL, 32).reinterpretAsBytes());
        ByteVector p3 = ByteVector.fromMemorySegment(S, src, a + 3 * n, LE);
        p3 = p3.add(p3.reinterpretAsLongs().lanewise(LSHL, 8).reinterpretAsBytes());
        p3 = p3.add(p3.reinterpretAsLongs().lanewise(LSHL, 16).reinterpretAsBytes());
        p3 = p3.add(p3.reinterpretAsLongs().lanewise(LSHL, 32).reinterpretAsBytes());
        ByteVector p4 = ByteVector.fromMemorySegment(S, src, a + 4 * n, LE);
        p4 = p4.add(p4.reinterpretAsLongs().lanewise(LSHL, 8).reinterpretAsBytes());
        p4 = p4.add(p4.reinterpretAsLongs().lanewise(LSHL, 16).reinterpretAsBytes());
        p4 = p4.add(p4.reinterpretAsLongs().lanewise(LSHL, 32).reinterpretAsBytes());
        ByteVector p5 = ByteVector.fromMemorySegment(S, src, a + 5 * n, LE);
        p5 = p5.add(p5.reinterpretAsLongs().lanewise(LSHL, 8).reinterpretAsBytes());
        p5 = p5.add(p5.reinterpretAsLongs().lanewise(LSHL, 16).reinterpretAsBytes());
        p5 = p5.add(p5.reinterpretAsLongs().lanewise(LSHL, 32).reinterpretAsBytes());
        ByteVector p6 = ByteVector.fromMemorySegment(S, src, a + 6 * n, LE);
        p6 = p6.add(p6.reinterpretAsLongs().lanewise(LSHL, 8).reinterpretAsBytes());
        p6 = p6.add(p6.reinterpretAsLongs().lanewise(LSHL, 16).reinterpretAsBytes());
        p6 = p6.add(p6.reinterpretAsLongs().lanewise(LSHL, 32).reinterpretAsBytes());
        ByteVector p7 = ByteVector.fromMemorySegment(S, src, a + 7 * n, LE);
        p7 = p7.add(p7.reinterpretAsLongs().lanewise(LSHL, 8).reinterpretAsBytes());
        p7 = p7.add(p7.reinterpretAsLongs().lanewise(LSHL, 16).reinterpretAsBytes());
        p7 = p7.add(p7.reinterpretAsLongs().lanewise(LSHL, 32).reinterpretAsBytes());
        long e = d + 8 * j;
        // elements 0-31: memory bytes paired (byte t is plane 7-t), then into 4-byte units, then elements
        ByteVector w00 = p7.rearrange(lo8, p6);
        ByteVector w10 = p5.rearrange(lo8, p4);
        ByteVector w20 = p3.rearrange(lo8, p2);
        ByteVector w30 = p1.rearrange(lo8, p0);
        ByteVector c00 = w00.rearrange(lo16, w10); // bytes 0-3 of the first 16
        ByteVector c10 = w00.rearrange(hi16, w10); // of the next 16
        ByteVector c20 = w20.rearrange(lo16, w30); // bytes 4-7
        ByteVector c30 = w20.rearrange(hi16, w30);
        ByteVector x00 = c00.rearrange(lo32, c20).add(prev);
        ByteVector x10 = c00.rearrange(hi32, c20)
            .add(x00.reinterpretAsLongs().rearrange(last).reinterpretAsBytes());
        ByteVector x20 = c10.rearrange(lo32, c30)
            .add(x10.reinterpretAsLongs().rearrange(last).reinterpretAsBytes());
        ByteVector x30 = c10.rearrange(hi32, c30)
            .add(x20.reinterpretAsLongs().rearrange(last).reinterpretAsBytes());
        x00.intoMemorySegment(dst, e + 0, LE);
        x10.intoMemorySegment(dst, e + 64, LE);
        x20.intoMemorySegment(dst, e + 128, LE);
        x30.intoMemorySegment(dst, e + 192, LE);
        prev = x30.reinterpretAsLongs().rearrange(last).reinterpretAsBytes();
        // elements 32-63: memory bytes paired (byte t is plane 7-t), then into 4-byte units, then elements
        ByteVector w01 = p7.rearrange(hi8, p6);
        ByteVector w11 = p5.rearrange(hi8, p4);
        ByteVector w21 = p3.rearrange(hi8, p2);
        ByteVector w31 = p1.rearrange(hi8, p0);
        ByteVector c01 = w01.rearrange(lo16, w11); // bytes 0-3 of the first 16
        ByteVector c11 = w01.rearrange(hi16, w11); // of the next 16
        ByteVector c21 = w21.rearrange(lo16, w31); // bytes 4-7
        ByteVector c31 = w21.rearrange(hi16, w31);
        ByteVector x01 = c01.rearrange(lo32, c21).add(prev);
        ByteVector x11 = c01.rearrange(hi32, c21)
            .add(x01.reinterpretAsLongs().rearrange(last).reinterpretAsBytes());
        ByteVector x21 = c11.rearrange(lo32, c31)
            .add(x11.reinterpretAsLongs().rearrange(last).reinterpretAsBytes());
        ByteVector x31 = c11.rearrange(hi32, c31)
            .add(x21.reinterpretAsLongs().rearrange(last).reinterpretAsBytes());
        x01.intoMemorySegment(dst, e + 256, LE);
        x11.intoMemorySegment(dst, e + 320, LE);
        x21.intoMemorySegment(dst, e + 384, LE);
        x31.intoMemorySegment(dst, e + 448, LE);
        prev = x31.reinterpretAsLongs().rearrange(last).reinterpretAsBytes();
      }
      i += 64L * steps;
    }
    return i;
  }

  // The running sums are taken on the planes, before the transpose: the bytes of a plane that
  // end up in one vector of elements (16 for b = 4, 8 for b = 8) are summed with stride s by
  // shifts inside each long, for b = 4 then the end of long 2k added to long 2k+1, all without
  // byte permutes; after the transpose, each vector gets the last s elements of the one before.

  private static long decode4(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long i, long end, Steps t) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    VectorShuffle<Byte> lo8 = LO8;
    VectorShuffle<Byte> hi8 = HI8;
    VectorShuffle<Byte> lo16 = LO16;
    VectorShuffle<Byte> hi16 = HI16;
    VectorShuffle<Integer> last = t.last4();
    VectorShuffle<Byte> lowLast = t.lowLast();
    ByteVector oddLongs = ODD_LONGS;
    int sh1 = t.sh1();
    int sh2 = t.sh2();
    int sh3 = t.sh3();
    ByteVector k1 = ByteVector.broadcast(S, t.k1());
    ByteVector k2 = ByteVector.broadcast(S, t.k2());
    ByteVector k3 = ByteVector.broadcast(S, t.k3());
    for (int steps = steps(i, end, 64); steps > 0; steps = steps(i, end, 64)) {
      // before the row's first element (decodeRow), zeros
      IntVector prev = i == 0
          ? IntVector.zero(SI)
          : IntVector.fromMemorySegment(SI, dst, d + 4 * (i - 16), LE).rearrange(last);
      for (int q = 0; q < steps; q++) {
        long j = i + 64L * q;
        long a = so + j;
        // Written out in full, as in decode8.
        ByteVector p0 = ByteVector.fromMemorySegment(S, src, a + 0 * n, LE);
        p0 = p0.add(p0.reinterpretAsLongs().lanewise(LSHL, sh1).reinterpretAsBytes().and(k1));
        p0 = p0.add(p0.reinterpretAsLongs().lanewise(LSHL, sh2).reinterpretAsBytes().and(k2));
        p0 = p0.add(p0.reinterpretAsLongs().lanewise(LSHL, sh3).reinterpretAsBytes().and(k3));
        p0 = p0.add(p0.rearrange(lowLast).and(oddLongs));
        ByteVector p1 = ByteVector.fromMemorySegment(S, src, a + 1 * n, LE);
        p1 = p1.add(p1.reinterpretAsLongs().lanewise(LSHL, sh1).reinterpretAsBytes().and(k1));
        p1 = p1.add(p1.reinterpretAsLongs().lanewise(LSHL, sh2).reinterpretAsBytes().and(k2));
        p1 = p1.add(p1.reinterpretAsLongs().lanewise(LSHL, sh3).reinterpretAsBytes().and(k3));
        p1 = p1.add(p1.rearrange(lowLast).and(oddLongs));
        ByteVector p2 = ByteVector.fromMemorySegment(S, src, a + 2 * n, LE);
        p2 = p2.add(p2.reinterpretAsLongs().lanewise(LSHL, sh1).reinterpretAsBytes().and(k1));
        p2 = p2.add(p2.reinterpretAsLongs().lanewise(LSHL, sh2).reinterpretAsBytes().and(k2));
        p2 = p2.add(p2.reinterpretAsLongs().lanewise(LSHL, sh3).reinterpretAsBytes().and(k3));
        p2 = p2.add(p2.rearrange(lowLast).and(oddLongs));
        ByteVector p3 = ByteVector.fromMemorySegment(S, src, a + 3 * n, LE);
        p3 = p3.add(p3.reinterpretAsLongs().lanewise(LSHL, sh1).reinterpretAsBytes().and(k1));
        p3 = p3.add(p3.reinterpretAsLongs().lanewise(LSHL, sh2).reinterpretAsBytes().and(k2));
        p3 = p3.add(p3.reinterpretAsLongs().lanewise(LSHL, sh3).reinterpretAsBytes().and(k3));
        p3 = p3.add(p3.rearrange(lowLast).and(oddLongs));
        ByteVector a0 = p3.rearrange(lo8, p2); // bytes 0, 1 of elements 0-31
        ByteVector a1 = p3.rearrange(hi8, p2); // of elements 32-63
        ByteVector b0 = p1.rearrange(lo8, p0); // bytes 2, 3
        ByteVector b1 = p1.rearrange(hi8, p0);
        IntVector x0 = a0.rearrange(lo16, b0).add(prev.reinterpretAsBytes()).reinterpretAsInts();
        IntVector c0 = x0.rearrange(last);
        IntVector x1 = a0.rearrange(hi16, b0).add(c0.reinterpretAsBytes()).reinterpretAsInts();
        IntVector c1 = x1.rearrange(last);
        IntVector x2 = a1.rearrange(lo16, b1).add(c1.reinterpretAsBytes()).reinterpretAsInts();
        IntVector c2 = x2.rearrange(last);
        IntVector x3 = a1.rearrange(hi16, b1).add(c2.reinterpretAsBytes()).reinterpretAsInts();
        long e = d + 4 * j;
        x0.intoMemorySegment(dst, e, LE);
        x1.intoMemorySegment(dst, e + 64, LE);
        x2.intoMemorySegment(dst, e + 128, LE);
        x3.intoMemorySegment(dst, e + 192, LE);
        prev = x3.rearrange(last);
      }
      i += 64L * steps;
    }
    return i;
  }

  private static long decode8(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long i, long end, Steps t) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    VectorShuffle<Byte> lo8 = LO8;
    VectorShuffle<Byte> hi8 = HI8;
    VectorShuffle<Byte> lo16 = LO16;
    VectorShuffle<Byte> hi16 = HI16;
    VectorShuffle<Byte> lo32 = LO32;
    VectorShuffle<Byte> hi32 = HI32;
    VectorShuffle<Long> last = t.last8();
    int sh1 = t.sh1();
    int sh2 = t.sh2();
    int sh3 = t.sh3();
    ByteVector k1 = ByteVector.broadcast(S, t.k1());
    ByteVector k2 = ByteVector.broadcast(S, t.k2());
    ByteVector k3 = ByteVector.broadcast(S, t.k3());
    for (int steps = steps(i, end, 64); steps > 0; steps = steps(i, end, 64)) {
      ByteVector prev = i == 0
          ? ByteVector.zero(S)
          : LongVector.fromMemorySegment(SL, dst, d + 8 * (i - 8), LE)
              .rearrange(last).reinterpretAsBytes();
      for (int q = 0; q < steps; q++) {
        long j = i + 64L * q;
        long a = so + j;
        // Written out in full (no helper methods): the JIT inlines the Vector API's methods
        // whatever the size, but would stop inlining ours in a loop this large, and box.
        ByteVector p0 = ByteVector.fromMemorySegment(S, src, a + 0 * n, LE);
        p0 = p0.add(p0.reinterpretAsLongs().lanewise(LSHL, sh1).reinterpretAsBytes().and(k1));
        p0 = p0.add(p0.reinterpretAsLongs().lanewise(LSHL, sh2).reinterpretAsBytes().and(k2));
        p0 = p0.add(p0.reinterpretAsLongs().lanewise(LSHL, sh3).reinterpretAsBytes().and(k3));
        ByteVector p1 = ByteVector.fromMemorySegment(S, src, a + 1 * n, LE);
        p1 = p1.add(p1.reinterpretAsLongs().lanewise(LSHL, sh1).reinterpretAsBytes().and(k1));
        p1 = p1.add(p1.reinterpretAsLongs().lanewise(LSHL, sh2).reinterpretAsBytes().and(k2));
        p1 = p1.add(p1.reinterpretAsLongs().lanewise(LSHL, sh3).reinterpretAsBytes().and(k3));
        ByteVector p2 = ByteVector.fromMemorySegment(S, src, a + 2 * n, LE);
        p2 = p2.add(p2.reinterpretAsLongs().lanewise(LSHL, sh1).reinterpretAsBytes().and(k1));
        p2 = p2.add(p2.reinterpretAsLongs().lanewise(LSHL, sh2).reinterpretAsBytes().and(k2));
        p2 = p2.add(p2.reinterpretAsLongs().lanewise(LSHL, sh3).reinterpretAsBytes().and(k3));
        ByteVector p3 = ByteVector.fromMemorySegment(S, src, a + 3 * n, LE);
        p3 = p3.add(p3.reinterpretAsLongs().lanewise(LSHL, sh1).reinterpretAsBytes().and(k1));
        p3 = p3.add(p3.reinterpretAsLongs().lanewise(LSHL, sh2).reinterpretAsBytes().and(k2));
        p3 = p3.add(p3.reinterpretAsLongs().lanewise(LSHL, sh3).reinterpretAsBytes().and(k3));
        ByteVector p4 = ByteVector.fromMemorySegment(S, src, a + 4 * n, LE);
        p4 = p4.add(p4.reinterpretAsLongs().lanewise(LSHL, sh1).reinterpretAsBytes().and(k1));
        p4 = p4.add(p4.reinterpretAsLongs().lanewise(LSHL, sh2).reinterpretAsBytes().and(k2));
        p4 = p4.add(p4.reinterpretAsLongs().lanewise(LSHL, sh3).reinterpretAsBytes().and(k3));
        ByteVector p5 = ByteVector.fromMemorySegment(S, src, a + 5 * n, LE);
        p5 = p5.add(p5.reinterpretAsLongs().lanewise(LSHL, sh1).reinterpretAsBytes().and(k1));
        p5 = p5.add(p5.reinterpretAsLongs().lanewise(LSHL, sh2).reinterpretAsBytes().and(k2));
        p5 = p5.add(p5.reinterpretAsLongs().lanewise(LSHL, sh3).reinterpretAsBytes().and(k3));
        ByteVector p6 = ByteVector.fromMemorySegment(S, src, a + 6 * n, LE);
        p6 = p6.add(p6.reinterpretAsLongs().lanewise(LSHL, sh1).reinterpretAsBytes().and(k1));
        p6 = p6.add(p6.reinterpretAsLongs().lanewise(LSHL, sh2).reinterpretAsBytes().and(k2));
        p6 = p6.add(p6.reinterpretAsLongs().lanewise(LSHL, sh3).reinterpretAsBytes().and(k3));
        ByteVector p7 = ByteVector.fromMemorySegment(S, src, a + 7 * n, LE);
        p7 = p7.add(p7.reinterpretAsLongs().lanewise(LSHL, sh1).reinterpretAsBytes().and(k1));
        p7 = p7.add(p7.reinterpretAsLongs().lanewise(LSHL, sh2).reinterpretAsBytes().and(k2));
        p7 = p7.add(p7.reinterpretAsLongs().lanewise(LSHL, sh3).reinterpretAsBytes().and(k3));
        long e = d + 8 * j;
        // elements 0-31: memory bytes paired (byte t is plane 7-t), then into 4-byte units, then elements
        ByteVector w00 = p7.rearrange(lo8, p6);
        ByteVector w10 = p5.rearrange(lo8, p4);
        ByteVector w20 = p3.rearrange(lo8, p2);
        ByteVector w30 = p1.rearrange(lo8, p0);
        ByteVector c00 = w00.rearrange(lo16, w10); // bytes 0-3 of the first 16
        ByteVector c10 = w00.rearrange(hi16, w10); // of the next 16
        ByteVector c20 = w20.rearrange(lo16, w30); // bytes 4-7
        ByteVector c30 = w20.rearrange(hi16, w30);
        ByteVector x00 = c00.rearrange(lo32, c20).add(prev);
        ByteVector x10 = c00.rearrange(hi32, c20)
            .add(x00.reinterpretAsLongs().rearrange(last).reinterpretAsBytes());
        ByteVector x20 = c10.rearrange(lo32, c30)
            .add(x10.reinterpretAsLongs().rearrange(last).reinterpretAsBytes());
        ByteVector x30 = c10.rearrange(hi32, c30)
            .add(x20.reinterpretAsLongs().rearrange(last).reinterpretAsBytes());
        x00.intoMemorySegment(dst, e + 0, LE);
        x10.intoMemorySegment(dst, e + 64, LE);
        x20.intoMemorySegment(dst, e + 128, LE);
        x30.intoMemorySegment(dst, e + 192, LE);
        prev = x30.reinterpretAsLongs().rearrange(last).reinterpretAsBytes();
        // elements 32-63: memory bytes paired (byte t is plane 7-t), then into 4-byte units, then elements
        ByteVector w01 = p7.rearrange(hi8, p6);
        ByteVector w11 = p5.rearrange(hi8, p4);
        ByteVector w21 = p3.rearrange(hi8, p2);
        ByteVector w31 = p1.rearrange(hi8, p0);
        ByteVector c01 = w01.rearrange(lo16, w11); // bytes 0-3 of the first 16
        ByteVector c11 = w01.rearrange(hi16, w11); // of the next 16
        ByteVector c21 = w21.rearrange(lo16, w31); // bytes 4-7
        ByteVector c31 = w21.rearrange(hi16, w31);
        ByteVector x01 = c01.rearrange(lo32, c21).add(prev);
        ByteVector x11 = c01.rearrange(hi32, c21)
            .add(x01.reinterpretAsLongs().rearrange(last).reinterpretAsBytes());
        ByteVector x21 = c11.rearrange(lo32, c31)
            .add(x11.reinterpretAsLongs().rearrange(last).reinterpretAsBytes());
        ByteVector x31 = c11.rearrange(hi32, c31)
            .add(x21.reinterpretAsLongs().rearrange(last).reinterpretAsBytes());
        x01.intoMemorySegment(dst, e + 256, LE);
        x11.intoMemorySegment(dst, e + 320, LE);
        x21.intoMemorySegment(dst, e + 384, LE);
        x31.intoMemorySegment(dst, e + 448, LE);
        prev = x31.reinterpretAsLongs().rearrange(last).reinterpretAsBytes();
      }
      i += 64L * steps;
    }
    return i;
  }

  // The far loops: the planes' bytes into elements as in decodeAdjacent4/8 (without the running
  // sums), plus the decoded elements s before (f). For s under a block those include vectors
  // stored earlier in the same block: loaded after them, as the program order says.

  private static long decodeFar2(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i, long end) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    VectorShuffle<Byte> lo8 = LO8;
    VectorShuffle<Byte> hi8 = HI8;
    for (int steps = steps(i, end, 64); steps > 0; steps = steps(i, end, 64)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 64L * q;
        long a = so + j;
        ByteVector p0 = ByteVector.fromMemorySegment(S, src, a, LE);
        ByteVector p1 = ByteVector.fromMemorySegment(S, src, a + n, LE);
        long e = d + 2 * j;
        long f = e - 2 * s;
        p1.rearrange(lo8, p0).add(ByteVector.fromMemorySegment(S, dst, f, LE))
            .intoMemorySegment(dst, e, LE);
        p1.rearrange(hi8, p0).add(ByteVector.fromMemorySegment(S, dst, f + 64, LE))
            .intoMemorySegment(dst, e + 64, LE);
      }
      i += 64L * steps;
    }
    return i;
  }

  private static long decodeFar4(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i, long end) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    VectorShuffle<Byte> lo8 = LO8;
    VectorShuffle<Byte> hi8 = HI8;
    VectorShuffle<Byte> lo16 = LO16;
    VectorShuffle<Byte> hi16 = HI16;
    for (int steps = steps(i, end, 64); steps > 0; steps = steps(i, end, 64)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 64L * q;
        long a = so + j;
        ByteVector p0 = ByteVector.fromMemorySegment(S, src, a, LE);
        ByteVector p1 = ByteVector.fromMemorySegment(S, src, a + n, LE);
        ByteVector p2 = ByteVector.fromMemorySegment(S, src, a + 2 * n, LE);
        ByteVector p3 = ByteVector.fromMemorySegment(S, src, a + 3 * n, LE);
        ByteVector a0 = p3.rearrange(lo8, p2); // bytes 0, 1 of elements 0-31
        ByteVector a1 = p3.rearrange(hi8, p2); // of elements 32-63
        ByteVector b0 = p1.rearrange(lo8, p0); // bytes 2, 3
        ByteVector b1 = p1.rearrange(hi8, p0);
        long e = d + 4 * j;
        long f = e - 4 * s;
        a0.rearrange(lo16, b0).add(ByteVector.fromMemorySegment(S, dst, f, LE))
            .intoMemorySegment(dst, e, LE);
        a0.rearrange(hi16, b0).add(ByteVector.fromMemorySegment(S, dst, f + 64, LE))
            .intoMemorySegment(dst, e + 64, LE);
        a1.rearrange(lo16, b1).add(ByteVector.fromMemorySegment(S, dst, f + 128, LE))
            .intoMemorySegment(dst, e + 128, LE);
        a1.rearrange(hi16, b1).add(ByteVector.fromMemorySegment(S, dst, f + 192, LE))
            .intoMemorySegment(dst, e + 192, LE);
      }
      i += 64L * steps;
    }
    return i;
  }

  private static long decodeFar8(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i, long end) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    VectorShuffle<Byte> lo8 = LO8;
    VectorShuffle<Byte> hi8 = HI8;
    VectorShuffle<Byte> lo16 = LO16;
    VectorShuffle<Byte> hi16 = HI16;
    VectorShuffle<Byte> lo32 = LO32;
    VectorShuffle<Byte> hi32 = HI32;
    for (int steps = steps(i, end, 64); steps > 0; steps = steps(i, end, 64)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 64L * q;
        long a = so + j;
        ByteVector p0 = ByteVector.fromMemorySegment(S, src, a, LE);
        ByteVector p1 = ByteVector.fromMemorySegment(S, src, a + n, LE);
        ByteVector p2 = ByteVector.fromMemorySegment(S, src, a + 2 * n, LE);
        ByteVector p3 = ByteVector.fromMemorySegment(S, src, a + 3 * n, LE);
        ByteVector p4 = ByteVector.fromMemorySegment(S, src, a + 4 * n, LE);
        ByteVector p5 = ByteVector.fromMemorySegment(S, src, a + 5 * n, LE);
        ByteVector p6 = ByteVector.fromMemorySegment(S, src, a + 6 * n, LE);
        ByteVector p7 = ByteVector.fromMemorySegment(S, src, a + 7 * n, LE);
        long e = d + 8 * j;
        long f = e - 8 * s;
        // elements 0-31
        ByteVector w00 = p7.rearrange(lo8, p6);
        ByteVector w10 = p5.rearrange(lo8, p4);
        ByteVector w20 = p3.rearrange(lo8, p2);
        ByteVector w30 = p1.rearrange(lo8, p0);
        ByteVector c00 = w00.rearrange(lo16, w10);
        ByteVector c10 = w00.rearrange(hi16, w10);
        ByteVector c20 = w20.rearrange(lo16, w30);
        ByteVector c30 = w20.rearrange(hi16, w30);
        c00.rearrange(lo32, c20).add(ByteVector.fromMemorySegment(S, dst, f, LE))
            .intoMemorySegment(dst, e, LE);
        c00.rearrange(hi32, c20).add(ByteVector.fromMemorySegment(S, dst, f + 64, LE))
            .intoMemorySegment(dst, e + 64, LE);
        c10.rearrange(lo32, c30).add(ByteVector.fromMemorySegment(S, dst, f + 128, LE))
            .intoMemorySegment(dst, e + 128, LE);
        c10.rearrange(hi32, c30).add(ByteVector.fromMemorySegment(S, dst, f + 192, LE))
            .intoMemorySegment(dst, e + 192, LE);
        // elements 32-63
        ByteVector w01 = p7.rearrange(hi8, p6);
        ByteVector w11 = p5.rearrange(hi8, p4);
        ByteVector w21 = p3.rearrange(hi8, p2);
        ByteVector w31 = p1.rearrange(hi8, p0);
        ByteVector c01 = w01.rearrange(lo16, w11);
        ByteVector c11 = w01.rearrange(hi16, w11);
        ByteVector c21 = w21.rearrange(lo16, w31);
        ByteVector c31 = w21.rearrange(hi16, w31);
        c01.rearrange(lo32, c21).add(ByteVector.fromMemorySegment(S, dst, f + 256, LE))
            .intoMemorySegment(dst, e + 256, LE);
        c01.rearrange(hi32, c21).add(ByteVector.fromMemorySegment(S, dst, f + 320, LE))
            .intoMemorySegment(dst, e + 320, LE);
        c11.rearrange(lo32, c31).add(ByteVector.fromMemorySegment(S, dst, f + 384, LE))
            .intoMemorySegment(dst, e + 384, LE);
        c11.rearrange(hi32, c31).add(ByteVector.fromMemorySegment(S, dst, f + 448, LE))
            .intoMemorySegment(dst, e + 448, LE);
      }
      i += 64L * steps;
    }
    return i;
  }
}
