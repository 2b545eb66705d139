package org.scicodecs.floatpred;

import static org.scicodecs.floatpred.Floatpred.INT;
import static org.scicodecs.floatpred.Floatpred.LONG;
import static org.scicodecs.floatpred.Floatpred.NATIVE;
import static org.scicodecs.floatpred.FloatpredVector.steps;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Decoding of 2- and 4-byte elements whose distance {@code s} fits a 16-byte vector (8 or 4
 * elements), and of 8-byte elements with distances 1 to 8: the common rows ({@code s = 1}), DNG's
 * X2 and X4, and interleaved samples (RGB, RGBA). Part of
 * {@link FloatpredVector}, on 128-bit vectors, where every byte shuffle is a single in-lane one:
 * the 256-bit version of the same running sum needs lane-crossing byte shuffles, which cost about
 * four times as much on AVX2 (the plain loops were as fast, measured on an AMD EPYC).
 *
 * <p>Per vector of elements: the plane bytes are gathered (one scalar load per plane), shuffled
 * into elements, summed with stride {@code s} inside the vector (shift by {@code s}, {@code 2s},
 * {@code 4s} elements and add, the shifted-in lanes masked to zero), and the vector before
 * added, its last {@code s} elements repeated. Byte arithmetic is lane arithmetic, as everywhere in
 * the predictor.
 */
final class VectorRunningSums {
  private static final VectorSpecies<Byte> B = ByteVector.SPECIES_128;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_128;
  private static final VectorSpecies<Long> L = LongVector.SPECIES_128;
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

  /** The shuffle from plane order (plane g's bytes at g*v..) to element order, per b. */
  private static final VectorShuffle<Byte> ELEMENTS2 = toElements(2);

  private static final VectorShuffle<Byte> ELEMENTS4 = toElements(4);

  /** Per b (2, 4) and s (1..16/b). */
  private static final Steps[][] STEPS = new Steps[5][];

  static {
    for (int b : new int[] {2, 4}) {
      int v = 16 / b;
      STEPS[b] = new Steps[v + 1];
      for (int s = 1; s <= v; s++) {
        int count = 0;
        for (int m = s; m < v; m *= 2) {
          count++;
        }
        int[] carry = new int[16];
        for (int k = 0; k < 16; k++) {
          carry[k] = (v - s + (k / b) % s) * b + k % b;
        }
        STEPS[b][s] = new Steps(
            count, shift(b, s), zeros(b, s), shift(b, 2 * s), zeros(b, 2 * s),
            shift(b, 4 * s), zeros(b, 4 * s), VectorShuffle.fromArray(B, carry, 0));
      }
    }
  }

  /**
   * How many shift-and-add steps the running sum takes (0 to 3), their shuffles (lane k takes
   * lane k - m*b) and masks (0 where nothing is shifted in), and the carry from the vector before.
   * The masks are kept as bytes and made vectors in each call (see {@link FloatpredVector}).
   */
  private record Steps(
      int count,
      VectorShuffle<Byte> sh1, byte[] keep1,
      VectorShuffle<Byte> sh2, byte[] keep2,
      VectorShuffle<Byte> sh3, byte[] keep3,
      VectorShuffle<Byte> carry) {}

  private static VectorShuffle<Byte> toElements(int b) {
    int v = 16 / b;
    int[] from = new int[16];
    for (int e = 0; e < v; e++) {
      for (int t = 0; t < b; t++) {
        from[e * b + t] = (b - 1 - t) * v + e; // memory byte t of element e is in plane b-1-t
      }
    }
    return VectorShuffle.fromArray(B, from, 0);
  }

  private static VectorShuffle<Byte> shift(int b, int m) {
    int[] from = new int[16];
    for (int k = 0; k < 16; k++) {
      from[k] = k >= m * b ? k - m * b : k;
    }
    return VectorShuffle.fromArray(B, from, 0);
  }

  private static byte[] zeros(int b, int m) {
    byte[] keep = new byte[16];
    for (int k = 0; k < 16; k++) {
      keep[k] = (byte) (k >= m * b ? -1 : 0);
    }
    return keep;
  }

  private VectorRunningSums() {}

  /** Whether {@link #decode} takes rows of {@code b}-byte elements with distance {@code s}. */
  static boolean handles(int b, long s) {
    return (b == 2 || b == 4) && s <= 16 / b || b == 8 && s >= 1 && s <= 8;
  }

  // 8-byte elements, eight at a time: plane words (eight bytes, one per element) paired into four
  // vectors, most significant planes first, then an 8x8 byte transpose in three rounds: bytes of
  // the two planes in a vector interleaved (one shuffle), then pairs of vectors interleaved by
  // 16-bit and by 32-bit units (two shuffles and a blend each: the Vector API has no unpack).

  /** Interleaves the two plane words of a vector: 16-bit unit e = (first[e], second[e]). */
  private static final VectorShuffle<Byte> PAIR = pair();

  /** Interleaving by 2-byte (4-byte) units: the low (high) halves of a and b, a's unit first. */
  private static final VectorShuffle<Byte> LO16 = spread(2, 0);

  private static final VectorShuffle<Byte> HI16 = spread(2, 8);
  private static final VectorShuffle<Byte> LO32 = spread(4, 0);
  private static final VectorShuffle<Byte> HI32 = spread(4, 8);
  /** Where b's units go in those interleavings. */
  private static final VectorMask<Byte> ODD16 = odd(2);

  private static final VectorMask<Byte> ODD32 = odd(4);
  /** Shift by one element (8 bytes), and the carry of the last element of the vector before. */
  private static final VectorShuffle<Byte> SHIFT8 = shift(8, 1);

  private static final ByteVector KEEP8 = ByteVector.fromArray(B, zeros(8, 1), 0);
  private static final VectorShuffle<Byte> LAST8 = lastElement();
  /** The two elements of a vector swapped, and the second's place: see {@link #decodeOdd8}. */
  private static final VectorShuffle<Byte> SWAP8 = VectorShuffle.fromOp(B, k -> (k + 8) % 16);

  private static final VectorMask<Byte> SECOND8 = odd(8);

  private static VectorShuffle<Byte> pair() {
    int[] from = new int[16];
    for (int e = 0; e < 8; e++) {
      from[2 * e] = e;
      from[2 * e + 1] = 8 + e;
    }
    return VectorShuffle.fromArray(B, from, 0);
  }

  /**
   * Units of {@code u} bytes from byte {@code start} on, each written to two units' places: unit k
   * to positions 2k (taken from a) and 2k+1 (from b, through the same shuffle).
   */
  private static VectorShuffle<Byte> spread(int u, int start) {
    int[] from = new int[16];
    for (int k = 0; k < 16; k++) {
      from[k] = start + (k / (2 * u)) * u + k % u;
    }
    return VectorShuffle.fromArray(B, from, 0);
  }

  private static VectorMask<Byte> odd(int u) {
    boolean[] on = new boolean[16];
    for (int k = 0; k < 16; k++) {
      on[k] = (k / u) % 2 == 1;
    }
    return VectorMask.fromArray(B, on, 0);
  }

  private static VectorShuffle<Byte> lastElement() {
    int[] from = new int[16];
    for (int k = 0; k < 16; k++) {
      from[k] = 8 + k % 8;
    }
    return VectorShuffle.fromArray(B, from, 0);
  }

  /** Two plane words (planes g and g+1 of the eight elements at j) in one vector. */
  private static ByteVector planePair(MemorySegment src, long p, long n) {
    return LongVector.zero(L)
        .withLane(0, src.get(LONG, p))
        .withLane(1, src.get(LONG, p + n))
        .reinterpretAsBytes()
        .rearrange(PAIR);
  }

  private static ByteVector unpack(
      ByteVector a, ByteVector b, VectorShuffle<Byte> s, VectorMask<Byte> odd) {
    return a.rearrange(s).blend(b.rearrange(s), odd);
  }

  /**
   * Eight 8-byte elements at a time, {@code s} one of 1, 2, 4, 6, 8 ({@link #decodeOdd8} takes 3,
   * 5, 7); {@code i >= 8}. Element e adds element e - s, decoded already: for s = 1 a running sum
   * inside the vector, else the vector s/2 back.
   */
  private static long decode8(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    for (int steps = steps(i, n, 8); steps > 0; steps = steps(i, n, 8)) {
      // the eight elements before, two to a vector
      long a = d + 8 * i;
      ByteVector r0 = ByteVector.fromMemorySegment(B, dst, a - 64, LE);
      ByteVector r1 = ByteVector.fromMemorySegment(B, dst, a - 48, LE);
      ByteVector r2 = ByteVector.fromMemorySegment(B, dst, a - 32, LE);
      ByteVector r3 = ByteVector.fromMemorySegment(B, dst, a - 16, LE);
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        long p = so + j;
        // planes 7,6 | 5,4 | 3,2 | 1,0: memory bytes 0,1 | 2,3 | 4,5 | 6,7 of each element
        ByteVector w0 = planePair(src, p + 7 * n, -n);
        ByteVector w1 = planePair(src, p + 5 * n, -n);
        ByteVector w2 = planePair(src, p + 3 * n, -n);
        ByteVector w3 = planePair(src, p + n, -n);
        ByteVector x0 = unpack(w0, w1, LO16, ODD16); // bytes 0-3 of elements 0-3
        ByteVector x1 = unpack(w0, w1, HI16, ODD16); // elements 4-7
        ByteVector y0 = unpack(w2, w3, LO16, ODD16); // bytes 4-7 of elements 0-3
        ByteVector y1 = unpack(w2, w3, HI16, ODD16);
        ByteVector z0 = unpack(x0, y0, LO32, ODD32); // elements 0, 1
        ByteVector z1 = unpack(x0, y0, HI32, ODD32); // 2, 3
        ByteVector z2 = unpack(x1, y1, LO32, ODD32); // 4, 5
        ByteVector z3 = unpack(x1, y1, HI32, ODD32); // 6, 7
        if (s == 1) {
          z0 = z0.add(z0.rearrange(SHIFT8).and(KEEP8)).add(r3.rearrange(LAST8));
          z1 = z1.add(z1.rearrange(SHIFT8).and(KEEP8)).add(z0.rearrange(LAST8));
          z2 = z2.add(z2.rearrange(SHIFT8).and(KEEP8)).add(z1.rearrange(LAST8));
          z3 = z3.add(z3.rearrange(SHIFT8).and(KEEP8)).add(z2.rearrange(LAST8));
        } else if (s == 2) {
          z0 = z0.add(r3);
          z1 = z1.add(z0);
          z2 = z2.add(z1);
          z3 = z3.add(z2);
        } else if (s == 4) {
          z0 = z0.add(r2);
          z1 = z1.add(r3);
          z2 = z2.add(z0);
          z3 = z3.add(z1);
        } else if (s == 6) {
          z0 = z0.add(r1);
          z1 = z1.add(r2);
          z2 = z2.add(r3);
          z3 = z3.add(z0);
        } else {
          z0 = z0.add(r0);
          z1 = z1.add(r1);
          z2 = z2.add(r2);
          z3 = z3.add(r3);
        }
        long e = d + 8 * j;
        z0.intoMemorySegment(dst, e, LE);
        z1.intoMemorySegment(dst, e + 16, LE);
        z2.intoMemorySegment(dst, e + 32, LE);
        z3.intoMemorySegment(dst, e + 48, LE);
        r0 = z0;
        r1 = z1;
        r2 = z2;
        r3 = z3;
      }
      i += 8L * steps;
    }
    return i;
  }

  /**
   * {@link #decode8} for the odd distances 3, 5 and 7 (RGB rows of float64, for one): element e
   * adds element e - s, the second of one vector or the first of the next, so each vector adds
   * the two elements that straddle two vectors: with both vectors' halves swapped, a blend. The
   * vectors before are kept swapped. In a method of its own: inside decode8 the JIT stopped
   * inlining such a blend and ran the Vector API's Java code for it (a tenth of the speed, JDK 25).
   */
  private static long decodeOdd8(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    for (int steps = steps(i, n, 8); steps > 0; steps = steps(i, n, 8)) {
      // the eight elements before, two to a vector, swapped
      long a = d + 8 * i;
      ByteVector r0 = ByteVector.fromMemorySegment(B, dst, a - 64, LE).rearrange(SWAP8);
      ByteVector r1 = ByteVector.fromMemorySegment(B, dst, a - 48, LE).rearrange(SWAP8);
      ByteVector r2 = ByteVector.fromMemorySegment(B, dst, a - 32, LE).rearrange(SWAP8);
      ByteVector r3 = ByteVector.fromMemorySegment(B, dst, a - 16, LE).rearrange(SWAP8);
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        long p = so + j;
        // the transpose of decode8
        ByteVector w0 = planePair(src, p + 7 * n, -n);
        ByteVector w1 = planePair(src, p + 5 * n, -n);
        ByteVector w2 = planePair(src, p + 3 * n, -n);
        ByteVector w3 = planePair(src, p + n, -n);
        ByteVector x0 = unpack(w0, w1, LO16, ODD16);
        ByteVector x1 = unpack(w0, w1, HI16, ODD16);
        ByteVector y0 = unpack(w2, w3, LO16, ODD16);
        ByteVector y1 = unpack(w2, w3, HI16, ODD16);
        ByteVector z0 = unpack(x0, y0, LO32, ODD32);
        ByteVector z1 = unpack(x0, y0, HI32, ODD32);
        ByteVector z2 = unpack(x1, y1, LO32, ODD32);
        ByteVector z3 = unpack(x1, y1, HI32, ODD32);
        // (a's second, b's first) = swapped a blended with swapped b
        ByteVector t0;
        ByteVector t1;
        ByteVector t2;
        if (s == 3) {
          z0 = z0.add(r2.blend(r3, SECOND8));
          t0 = z0.rearrange(SWAP8);
          z1 = z1.add(r3.blend(t0, SECOND8));
          t1 = z1.rearrange(SWAP8);
          z2 = z2.add(t0.blend(t1, SECOND8));
          t2 = z2.rearrange(SWAP8);
          z3 = z3.add(t1.blend(t2, SECOND8));
        } else if (s == 5) {
          z0 = z0.add(r1.blend(r2, SECOND8));
          z1 = z1.add(r2.blend(r3, SECOND8));
          t0 = z0.rearrange(SWAP8);
          z2 = z2.add(r3.blend(t0, SECOND8));
          t1 = z1.rearrange(SWAP8);
          z3 = z3.add(t0.blend(t1, SECOND8));
          t2 = z2.rearrange(SWAP8);
        } else {
          z0 = z0.add(r0.blend(r1, SECOND8));
          z1 = z1.add(r1.blend(r2, SECOND8));
          z2 = z2.add(r2.blend(r3, SECOND8));
          t0 = z0.rearrange(SWAP8);
          z3 = z3.add(r3.blend(t0, SECOND8));
          t1 = z1.rearrange(SWAP8);
          t2 = z2.rearrange(SWAP8);
        }
        long e = d + 8 * j;
        z0.intoMemorySegment(dst, e, LE);
        z1.intoMemorySegment(dst, e + 16, LE);
        z2.intoMemorySegment(dst, e + 32, LE);
        z3.intoMemorySegment(dst, e + 48, LE);
        r0 = t0;
        r1 = t1;
        r2 = t2;
        r3 = z3.rearrange(SWAP8);
      }
      i += 8L * steps;
    }
    return i;
  }

  /**
   * Decodes elements from {@code i} on in whole vectors ({@link VectorLoops#decode}); {@code i}
   * is at least a vector, and the elements before it are decoded.
   */
  static long decode(
      int b, MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i) {
    if (b == 8) {
      return i < 8 ? i : s % 2 == 1 && s > 1
          ? decodeOdd8(src, so, dst, d, n, s, i)
          : decode8(src, so, dst, d, n, s, i);
    }
    Steps p = STEPS[b][(int) s];
    if (b == 2) {
      return decode2(src, so, dst, d, n, i, p);
    }
    i = decodePairs4(src, so, dst, d, n, i, p);
    return decode4(src, so, dst, d, n, i, p); // the last four or so
  }

  /**
   * Eight 4-byte elements at a time ({@link #decode4} takes four): one 8-byte load per plane, the
   * plane words paired and interleaved into two vectors of elements as in {@link #decode8}'s
   * first round, then decode4's running sums on each. Half the loads and inserts per element of
   * decode4's four 4-byte gathers.
   */
  private static long decodePairs4(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long i, Steps p) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    int count = p.count();
    VectorShuffle<Byte> sh1 = p.sh1();
    VectorShuffle<Byte> sh2 = p.sh2();
    ByteVector keep1 = ByteVector.fromArray(B, p.keep1(), 0);
    ByteVector keep2 = ByteVector.fromArray(B, p.keep2(), 0);
    VectorShuffle<Byte> carry = p.carry();
    for (int steps = steps(i, n, 8); steps > 0; steps = steps(i, n, 8)) {
      ByteVector prev = ByteVector.fromMemorySegment(B, dst, d + 4 * (i - 4), LE);
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        long a = so + j;
        // planes 3,2 | 1,0: memory bytes 0,1 | 2,3 of each element
        ByteVector w0 = planePair(src, a + 3 * n, -n);
        ByteVector w1 = planePair(src, a + n, -n);
        ByteVector x0 = unpack(w0, w1, LO16, ODD16); // elements 0-3
        ByteVector x1 = unpack(w0, w1, HI16, ODD16); // elements 4-7
        if (count > 0) {
          x0 = x0.add(x0.rearrange(sh1).and(keep1));
          x1 = x1.add(x1.rearrange(sh1).and(keep1));
        }
        if (count > 1) {
          x0 = x0.add(x0.rearrange(sh2).and(keep2));
          x1 = x1.add(x1.rearrange(sh2).and(keep2));
        }
        x0 = x0.add(prev.rearrange(carry));
        x1 = x1.add(x0.rearrange(carry));
        long e = d + 4 * j;
        x0.intoMemorySegment(dst, e, LE);
        x1.intoMemorySegment(dst, e + 16, LE);
        prev = x1;
      }
      i += 8L * steps;
    }
    return i;
  }

  private static long decode2(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long i, Steps p) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    int count = p.count();
    VectorShuffle<Byte> sh1 = p.sh1();
    VectorShuffle<Byte> sh2 = p.sh2();
    VectorShuffle<Byte> sh3 = p.sh3();
    ByteVector keep1 = ByteVector.fromArray(B, p.keep1(), 0);
    ByteVector keep2 = ByteVector.fromArray(B, p.keep2(), 0);
    ByteVector keep3 = ByteVector.fromArray(B, p.keep3(), 0);
    VectorShuffle<Byte> carry = p.carry();
    for (int steps = steps(i, n, 8); steps > 0; steps = steps(i, n, 8)) {
      ByteVector prev = ByteVector.fromMemorySegment(B, dst, d + 2 * (i - 8), LE);
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        ByteVector x =
            LongVector.zero(L)
                .withLane(0, src.get(LONG, so + j))
                .withLane(1, src.get(LONG, so + n + j))
                .reinterpretAsBytes()
                .rearrange(ELEMENTS2);
        if (count > 0) {
          x = x.add(x.rearrange(sh1).and(keep1));
        }
        if (count > 1) {
          x = x.add(x.rearrange(sh2).and(keep2));
        }
        if (count > 2) {
          x = x.add(x.rearrange(sh3).and(keep3));
        }
        x = x.add(prev.rearrange(carry));
        x.intoMemorySegment(dst, d + 2 * j, LE);
        prev = x;
      }
      i += 8L * steps;
    }
    return i;
  }

  private static long decode4(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long i, Steps p) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    int count = p.count();
    VectorShuffle<Byte> sh1 = p.sh1();
    VectorShuffle<Byte> sh2 = p.sh2();
    ByteVector keep1 = ByteVector.fromArray(B, p.keep1(), 0);
    ByteVector keep2 = ByteVector.fromArray(B, p.keep2(), 0);
    VectorShuffle<Byte> carry = p.carry();
    long p1 = so + n;
    long p2 = p1 + n;
    long p3 = p2 + n;
    for (int steps = steps(i, n, 4); steps > 0; steps = steps(i, n, 4)) {
      ByteVector prev = ByteVector.fromMemorySegment(B, dst, d + 4 * (i - 4), LE);
      for (int q = 0; q < steps; q++) {
        long j = i + 4L * q;
        ByteVector x =
            IntVector.zero(I)
                .withLane(0, src.get(INT, so + j))
                .withLane(1, src.get(INT, p1 + j))
                .withLane(2, src.get(INT, p2 + j))
                .withLane(3, src.get(INT, p3 + j))
                .reinterpretAsBytes()
                .rearrange(ELEMENTS4);
        if (count > 0) {
          x = x.add(x.rearrange(sh1).and(keep1));
        }
        if (count > 1) {
          x = x.add(x.rearrange(sh2).and(keep2));
        }
        x = x.add(prev.rearrange(carry));
        x.intoMemorySegment(dst, d + 4 * j, LE);
        prev = x;
      }
      i += 4L * steps;
    }
    return i;
  }
}
