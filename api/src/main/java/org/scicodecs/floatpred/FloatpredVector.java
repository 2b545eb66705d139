package org.scicodecs.floatpred;

import static org.scicodecs.floatpred.Floatpred.BYTE;
import static org.scicodecs.floatpred.Floatpred.INT;
import static org.scicodecs.floatpred.Floatpred.LONG;
import static org.scicodecs.floatpred.Floatpred.NATIVE;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorLoops} with the Vector API, on 256-bit vectors: 32 bytes, that is 16, 8 or 4
 * elements of 2, 4 or 8 bytes. One byte shuffle moves the bytes of a vector of elements into
 * planes (most significant first) or back, and the byte arithmetic is lane arithmetic. Decoding
 * adds each element's predecessor s elements back: for s up to a vector, by a running sum with
 * stride s inside the vector (log2 steps of shift-and-add) plus the matching elements of the
 * vector before; for larger s, by adding the decoded vector s elements back.
 *
 * <p>The JIT turns the Vector API into instructions only where it knows each vector's exact class.
 * Where it does not, the loops call the API's per-lane Java code, 50 times slower: seen on JDK 25
 * in some processes for the accumulators {@link #residueSums} used to carry from one iteration to
 * the next. So, as a rule here, every vector comes from a static final field or is made in the
 * call (loads, broadcasts, operations); those that vary with the distance are kept as bytes in
 * records, not as vectors, whose class the JIT would only know from its type profile. For the
 * same reason, each loop method begins with {@code NATIVE.cast} of its segments ({@link
 * Floatpred#NATIVE}).
 *
 * <p>Loaded only by {@link VectorLoops#choose()}, reflectively: without the incubator module this
 * class cannot be linked. Stateless and thread-safe.
 */
final class FloatpredVector implements VectorLoops {
  private static final VectorSpecies<Byte> S = ByteVector.SPECIES_256;
  private static final VectorSpecies<Long> SL = LongVector.SPECIES_256;
  private static final VectorSpecies<Integer> SI = IntVector.SPECIES_256;
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;


  /** Per element size b (index b): elements to planes, planes to elements. */
  private static final VectorShuffle<Byte>[] TO_PLANES = shuffles(9);

  private static final VectorShuffle<Byte>[] TO_ELEMENTS = shuffles(9);
  /** Per b and m (1 <= m < 32/b): lane k takes lane k - m*b; the mask is k >= m*b. */
  private static final VectorShuffle<Byte>[][] SHIFT = shuffles2();

  private static final VectorMask<Byte>[][] SHIFT_MASK = masks2();
  /** Per b and s (1 <= s <= 32/b): element k takes element 32/b - s + k mod s of the one before. */
  private static final VectorShuffle<Byte>[][] CARRY = shuffles2();

  /**
   * 8-byte elements, eight at a time in two vectors (indices 32.. name the second): planes 0-3 and
   * 4-7 of the elements (eight bytes each), and back, elements 0-3 and 4-7 from the two halves of
   * the planes.
   */
  private static final VectorShuffle<Byte> PLANES8_LOW = twoVector(true, 0);

  private static final VectorShuffle<Byte> PLANES8_HIGH = twoVector(true, 4);
  private static final VectorShuffle<Byte> ELEMENTS8_LOW = twoVector(false, 0);
  private static final VectorShuffle<Byte> ELEMENTS8_HIGH = twoVector(false, 4);

  private static final VectorShuffle<Byte> IDENTITY = VectorShuffle.iota(S, 0, 1, true);
  private static final VectorMask<Byte> NONE = S.maskAll(false);

  /** Per b and s (1 <= s <= 32/b): the steps of decoding's running sum (see {@link #prefix}). */
  private static final Prefix[][] PREFIX = new Prefix[9][];

  static {
    for (int b : new int[] {2, 4, 8}) {
      int v = 32 / b;
      int[] planes = new int[32];
      int[] elements = new int[32];
      for (int g = 0; g < b; g++) {
        for (int j = 0; j < v; j++) {
          planes[g * v + j] = j * b + b - 1 - g; // plane g: byte b-1-g of each element
          elements[j * b + b - 1 - g] = g * v + j;
        }
      }
      TO_PLANES[b] = VectorShuffle.fromArray(S, planes, 0);
      TO_ELEMENTS[b] = VectorShuffle.fromArray(S, elements, 0);
      SHIFT[b] = shuffles(v);
      SHIFT_MASK[b] = masks(v);
      CARRY[b] = shuffles(v + 1);
      for (int m = 1; m < v; m++) {
        int[] from = new int[32];
        boolean[] on = new boolean[32];
        for (int k = 0; k < 32; k++) {
          on[k] = k >= m * b;
          from[k] = on[k] ? k - m * b : k;
        }
        SHIFT[b][m] = VectorShuffle.fromArray(S, from, 0);
        SHIFT_MASK[b][m] = VectorMask.fromArray(S, on, 0);
      }
      for (int s = 1; s <= v; s++) {
        int[] from = new int[32];
        for (int k = 0; k < 32; k++) {
          from[k] = (v - s + (k / b) % s) * b + k % b;
        }
        CARRY[b][s] = VectorShuffle.fromArray(S, from, 0);
      }
      PREFIX[b] = new Prefix[v + 1];
      for (int s = 1; s <= v; s++) {
        PREFIX[b][s] = prefix(b, s);
      }
    }
  }

  /** The running sum with stride s inside a vector: shifts by s, 2s, 4s, 8s elements (< v). */
  private static Prefix prefix(int b, int m) {
    int v = 32 / b;
    return new Prefix(
        m < v ? SHIFT[b][m] : IDENTITY, m < v ? SHIFT_MASK[b][m] : NONE,
        2 * m < v ? SHIFT[b][2 * m] : IDENTITY, 2 * m < v ? SHIFT_MASK[b][2 * m] : NONE,
        4 * m < v ? SHIFT[b][4 * m] : IDENTITY, 4 * m < v ? SHIFT_MASK[b][4 * m] : NONE,
        8 * m < v ? SHIFT[b][8 * m] : IDENTITY, 8 * m < v ? SHIFT_MASK[b][8 * m] : NONE,
        CARRY[b][m]);
  }

  private static VectorShuffle<Byte> twoVector(boolean toPlanes, int half) {
    int[] from = new int[32];
    for (int k = 0; k < 32; k++) {
      if (toPlanes) {
        int g = half + k / 8; // plane
        int e = k % 8; // element: byte 7-g of element e, in vector e / 4
        from[k] = (e / 4) * 32 + (e % 4) * 8 + 7 - g;
      } else {
        int e = half + k / 8; // element
        int g = 7 - k % 8; // its byte k%8 comes from plane g, byte e, in vector g / 4
        from[k] = (g / 4) * 32 + (g % 4) * 8 + e;
      }
    }
    return VectorShuffle.fromArray(S, from, 0);
  }

  // Arrays of generic types are made raw and cast: Java has no other way.

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static VectorShuffle<Byte>[] shuffles(int n) {
    return new VectorShuffle[n];
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static VectorMask<Byte>[] masks(int n) {
    return new VectorMask[n];
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static VectorShuffle<Byte>[][] shuffles2() {
    return new VectorShuffle[9][];
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static VectorMask<Byte>[][] masks2() {
    return new VectorMask[9][];
  }

  /** Whether the 512-bit loops ({@link WideDifferences}, {@link WideRunningSums}) are used. */
  private final boolean wide;

  /** The loops for this processor: with the 512-bit ones where {@link WideRunningSums#ENABLED}. */
  FloatpredVector() {
    this(WideRunningSums.ENABLED);
  }

  /** With or without the 512-bit loops (the tests run both where the processor has them). */
  FloatpredVector(boolean wide) {
    this.wide = wide;
    if (ByteVector.SPECIES_PREFERRED.vectorByteSize() < 32) {
      // narrower hardware would run 256-bit vectors in slow emulation: the plain loops are better
      throw new UnsupportedOperationException(
          "vectors of " + ByteVector.SPECIES_PREFERRED.vectorByteSize() + " bytes, under the 32 they need");
    }
  }

  @Override
  public String toString() {
    return wide ? "vector loops, 512-bit where they help" : "vector loops, 256-bit";
  }

  /** Whole vectors of {@code v} elements from {@code i} to {@code n}, at most 2^26 at a time. */
  static int steps(long i, long n, int v) {
    return (int) Math.min(Math.max(n - i, 0) / v, 1 << 26);
  }

  // ---- encoding ------------------------------------------------------------------------------

  @Override
  public long encode(
      int b, MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i) {
    if (wide && WideDifferences.handles(b)) {
      i = WideDifferences.encode(b, src, so, dst, d, n, s, i); // the rest (< 64) in 256 bits
    }
    return switch (b) {
      case 2 -> encode2(src, so, dst, d, n, s, i);
      case 4 -> encode4(src, so, dst, d, n, s, i);
      default -> encode8(src, so, dst, d, n, s, i);
    };
  }

  private static long encode2(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    VectorShuffle<Byte> planes = TO_PLANES[2];
    for (int steps = steps(i, n, 16); steps > 0; steps = steps(i, n, 16)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 16L * q;
        LongVector p =
            ByteVector.fromMemorySegment(S, src, so + 2 * j, LE)
                .sub(ByteVector.fromMemorySegment(S, src, so + 2 * (j - s), LE))
                .rearrange(planes)
                .reinterpretAsLongs();
        dst.set(LONG, d + j, p.lane(0));
        dst.set(LONG, d + j + 8, p.lane(1));
        dst.set(LONG, d + n + j, p.lane(2));
        dst.set(LONG, d + n + j + 8, p.lane(3));
      }
      i += 16L * steps;
    }
    return i;
  }

  private static long encode4(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    VectorShuffle<Byte> planes = TO_PLANES[4];
    for (int steps = steps(i, n, 8); steps > 0; steps = steps(i, n, 8)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        LongVector p =
            ByteVector.fromMemorySegment(S, src, so + 4 * j, LE)
                .sub(ByteVector.fromMemorySegment(S, src, so + 4 * (j - s), LE))
                .rearrange(planes)
                .reinterpretAsLongs();
        dst.set(LONG, d + j, p.lane(0));
        dst.set(LONG, d + n + j, p.lane(1));
        dst.set(LONG, d + 2 * n + j, p.lane(2));
        dst.set(LONG, d + 3 * n + j, p.lane(3));
      }
      i += 8L * steps;
    }
    return i;
  }

  /** Eight elements at a time, two vectors: one two-vector shuffle per half of the planes. */
  private static long encode8(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    for (int steps = steps(i, n, 8); steps > 0; steps = steps(i, n, 8)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        long a = so + 8 * j;
        long b = a - 8 * s;
        ByteVector x1 =
            ByteVector.fromMemorySegment(S, src, a, LE)
                .sub(ByteVector.fromMemorySegment(S, src, b, LE));
        ByteVector x2 =
            ByteVector.fromMemorySegment(S, src, a + 32, LE)
                .sub(ByteVector.fromMemorySegment(S, src, b + 32, LE));
        LongVector p = x1.rearrange(PLANES8_LOW, x2).reinterpretAsLongs();
        LongVector r = x1.rearrange(PLANES8_HIGH, x2).reinterpretAsLongs();
        dst.set(LONG, d + j, p.lane(0));
        dst.set(LONG, d + n + j, p.lane(1));
        dst.set(LONG, d + 2 * n + j, p.lane(2));
        dst.set(LONG, d + 3 * n + j, p.lane(3));
        dst.set(LONG, d + 4 * n + j, r.lane(0));
        dst.set(LONG, d + 5 * n + j, r.lane(1));
        dst.set(LONG, d + 6 * n + j, r.lane(2));
        dst.set(LONG, d + 7 * n + j, r.lane(3));
      }
      i += 8L * steps;
    }
    return i;
  }

  // ---- decoding ------------------------------------------------------------------------------

  @Override
  public long decode(
      int b, MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i) {
    int v = 32 / b;
    if (i < v || i < s) {
      return i; // the vector before i is needed
    }
    if (wide && WideRunningSums.handles(b, s)) {
      return WideRunningSums.decode(b, src, so, dst, d, n, s, i);
    }
    if (wide) {
      i = WideRunningSums.decodeFar(b, src, so, dst, d, n, s, i); // s of a vector or more
    }
    if (VectorRunningSums.handles(b, s)) {
      return VectorRunningSums.decode(b, src, so, dst, d, n, s, i);
    }
    if (s > v) {
      return switch (b) {
        case 2 -> decodeFar2(src, so, dst, d, n, s, i);
        case 4 -> decodeFar4(src, so, dst, d, n, s, i);
        default -> decodeFar8(src, so, dst, d, n, s, i);
      };
    }
    Prefix p = PREFIX[b][(int) s];
    return switch (b) {
      case 2 -> decodeNear2(src, so, dst, d, n, i, p);
      case 4 -> decodeNear4(src, so, dst, d, n, i, p);
      default -> decodeNear8(src, so, dst, d, n, i, p);
    };
  }

  @Override
  public boolean decodeRow(
      int b, MemorySegment src, long so, MemorySegment dst, long d, long n, long s) {
    return wide && WideRunningSums.decodeRow(b, src, so, dst, d, n, s);
  }

  @Override
  public void addRepeated(MemorySegment dst, long d, long bytes, byte[] pattern) {
    dst = NATIVE.cast(dst);
    int period = pattern.length;
    long full = bytes - bytes % period;
    if (period == 32) {
      addEvery32(dst, d, full, pattern);
    } else if (period == 96) {
      addEvery96(dst, d, full, pattern);
    } else {
      long t = 0;
      for (int steps = steps(t, full, period); steps > 0; steps = steps(t, full, period)) {
        for (int q = 0; q < steps; q++) {
          long u = d + t + (long) period * q;
          for (int v = 0; v < period; v += 32) {
            ByteVector.fromMemorySegment(S, dst, u + v, LE)
                .add(ByteVector.fromArray(S, pattern, v))
                .intoMemorySegment(dst, u + v, LE);
          }
        }
        t += (long) period * steps;
      }
    }
    int rest = (int) (bytes - full);
    for (int v = 0; v < rest; v += 32) {
      VectorMask<Byte> in = S.indexInRange(v, rest);
      long e = d + full + v;
      ByteVector.fromMemorySegment(S, dst, e, LE, in)
          .add(ByteVector.fromArray(S, pattern, v))
          .intoMemorySegment(dst, e, LE, in);
    }
  }

  // The common periods with their vectors loaded once, before the loop (rows of one sample:
  // 32 bytes; RGB: 96), in int steps like the residue sums below.

  private static void addEvery32(MemorySegment dst, long d, long full, byte[] pattern) {
    ByteVector p0 = ByteVector.fromArray(S, pattern, 0);
    long t = 0;
    for (int steps = steps(t, full, 32); steps > 0; steps = steps(t, full, 32)) {
      for (int q = 0; q < steps; q++) {
        long u = d + t + 32L * q;
        ByteVector.fromMemorySegment(S, dst, u, LE).add(p0).intoMemorySegment(dst, u, LE);
      }
      t += 32L * steps;
    }
  }

  private static void addEvery96(MemorySegment dst, long d, long full, byte[] pattern) {
    ByteVector p0 = ByteVector.fromArray(S, pattern, 0);
    ByteVector p1 = ByteVector.fromArray(S, pattern, 32);
    ByteVector p2 = ByteVector.fromArray(S, pattern, 64);
    long t = 0;
    for (int steps = steps(t, full, 96); steps > 0; steps = steps(t, full, 96)) {
      for (int q = 0; q < steps; q++) {
        long u = d + t + 96L * q;
        ByteVector.fromMemorySegment(S, dst, u, LE).add(p0).intoMemorySegment(dst, u, LE);
        ByteVector.fromMemorySegment(S, dst, u + 32, LE).add(p1)
            .intoMemorySegment(dst, u + 32, LE);
        ByteVector.fromMemorySegment(S, dst, u + 64, LE).add(p2)
            .intoMemorySegment(dst, u + 64, LE);
      }
      t += 96L * steps;
    }
  }

  /**
   * The residue sums for {@code s < 32} that do not divide 32 (3 for RGB, 6, 12...): the plane's
   * bytes added a period of lcm(s, 32) bytes at a time (at most 992), so that byte q of the sum
   * belongs to residue q mod s, the rest of the plane (less than a period) by masked loads, then
   * folded. The sums stay in memory ({@code acc}), as above.
   */
  private static void periodicSums(
      MemorySegment src, long so, long n, long s, int planes, MemorySegment sums) {
    src = NATIVE.cast(src);
    sums = NATIVE.cast(sums);
    int period = (int) (32 * s / Floatpred.gcd(s, 32));
    long full = n - n % period;
    int rest = (int) (n - full);
    byte[] acc = new byte[period];
    for (int k = 0; k < planes; k++) {
      long base = so + k * n;
      Arrays.fill(acc, (byte) 0);
      if (period == 96) {
        periods3(src, base, full, acc); // s = 3 (RGB), 6, 12, 24
      } else {
        periods(src, base, full, period, acc);
      }
      for (int v = 0; v < rest; v += 32) { // full is a multiple of the period: byte q, residue q
        VectorMask<Byte> in = S.indexInRange(v, rest);
        ByteVector.fromArray(S, acc, v)
            .add(ByteVector.fromMemorySegment(S, src, base + full + v, LE, in))
            .intoArray(acc, v);
      }
      long out = k * s;
      int r = 0;
      for (int q = 0; q < period; q++) {
        sums.set(BYTE, out + r, (byte) (sums.get(BYTE, out + r) + acc[q]));
        r = r + 1 == s ? 0 : r + 1;
      }
    }
  }

  // Both count in int steps, so that the JIT checks the bounds once per loop, not per access:
  // with a long counter, a variable inner loop and the rest added byte by byte, the sums of RGB
  // float64 rows took as long as the decoding after them.

  /** Adds the bytes from {@code base} to {@code base + full} into acc, a period at a time. */
  private static void periods(
      MemorySegment src, long base, long full, int period, byte[] acc) {
    long t = 0;
    for (int steps = steps(t, full, period); steps > 0; steps = steps(t, full, period)) {
      for (int q = 0; q < steps; q++) {
        long u = base + t + (long) period * q;
        for (int v = 0; v < period; v += 32) {
          ByteVector.fromArray(S, acc, v)
              .add(ByteVector.fromMemorySegment(S, src, u + v, LE))
              .intoArray(acc, v);
        }
      }
      t += (long) period * steps;
    }
  }

  /** {@link #periods} for periods of three vectors, written out. */
  private static void periods3(MemorySegment src, long base, long full, byte[] acc) {
    long t = 0;
    for (int steps = steps(t, full, 96); steps > 0; steps = steps(t, full, 96)) {
      for (int q = 0; q < steps; q++) {
        long u = base + t + 96L * q;
        ByteVector.fromArray(S, acc, 0)
            .add(ByteVector.fromMemorySegment(S, src, u, LE))
            .intoArray(acc, 0);
        ByteVector.fromArray(S, acc, 32)
            .add(ByteVector.fromMemorySegment(S, src, u + 32, LE))
            .intoArray(acc, 32);
        ByteVector.fromArray(S, acc, 64)
            .add(ByteVector.fromMemorySegment(S, src, u + 64, LE))
            .intoArray(acc, 64);
      }
      t += 96L * steps;
    }
  }

  /** The shifts of a running sum with stride s inside a vector, and the carry from the one before. */
  private record Prefix(
      VectorShuffle<Byte> sh1, VectorMask<Byte> mk1,
      VectorShuffle<Byte> sh2, VectorMask<Byte> mk2,
      VectorShuffle<Byte> sh3, VectorMask<Byte> mk3,
      VectorShuffle<Byte> sh4, VectorMask<Byte> mk4,
      VectorShuffle<Byte> carry) {}

  private static long decodeNear2(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long i, Prefix p) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    VectorShuffle<Byte> elements = TO_ELEMENTS[2];
    VectorShuffle<Byte> sh1 = p.sh1();
    VectorShuffle<Byte> sh2 = p.sh2();
    VectorShuffle<Byte> sh3 = p.sh3();
    VectorShuffle<Byte> sh4 = p.sh4();
    VectorMask<Byte> mk1 = p.mk1();
    VectorMask<Byte> mk2 = p.mk2();
    VectorMask<Byte> mk3 = p.mk3();
    VectorMask<Byte> mk4 = p.mk4();
    VectorShuffle<Byte> carry = p.carry();
    for (int steps = steps(i, n, 16); steps > 0; steps = steps(i, n, 16)) {
      // the vector before, read back: the only vector carried from one iteration to the next is
      // then that of the inner loop, which the JIT keeps in a register
      ByteVector prev = ByteVector.fromMemorySegment(S, dst, d + 2 * (i - 16), LE);
      for (int q = 0; q < steps; q++) {
        long j = i + 16L * q;
        ByteVector x = planes2(src, so, n, j).rearrange(elements);
        x = x.add(x.rearrange(sh1), mk1);
        x = x.add(x.rearrange(sh2), mk2);
        x = x.add(x.rearrange(sh3), mk3);
        x = x.add(x.rearrange(sh4), mk4);
        x = x.add(prev.rearrange(carry));
        x.intoMemorySegment(dst, d + 2 * j, LE);
        prev = x;
      }
      i += 16L * steps;
    }
    return i;
  }

  private static long decodeNear4(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long i, Prefix p) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    VectorShuffle<Byte> elements = TO_ELEMENTS[4];
    VectorShuffle<Byte> sh1 = p.sh1();
    VectorShuffle<Byte> sh2 = p.sh2();
    VectorShuffle<Byte> sh3 = p.sh3();
    VectorShuffle<Byte> sh4 = p.sh4();
    VectorMask<Byte> mk1 = p.mk1();
    VectorMask<Byte> mk2 = p.mk2();
    VectorMask<Byte> mk3 = p.mk3();
    VectorMask<Byte> mk4 = p.mk4();
    VectorShuffle<Byte> carry = p.carry();
    for (int steps = steps(i, n, 8); steps > 0; steps = steps(i, n, 8)) {
      // the vector before, read back: the only vector carried from one iteration to the next is
      // then that of the inner loop, which the JIT keeps in a register
      ByteVector prev = ByteVector.fromMemorySegment(S, dst, d + 4 * (i - 8), LE);
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        ByteVector x = planes4(src, so, n, j).rearrange(elements);
        x = x.add(x.rearrange(sh1), mk1);
        x = x.add(x.rearrange(sh2), mk2);
        x = x.add(x.rearrange(sh3), mk3);
        x = x.add(x.rearrange(sh4), mk4);
        x = x.add(prev.rearrange(carry));
        x.intoMemorySegment(dst, d + 4 * j, LE);
        prev = x;
      }
      i += 8L * steps;
    }
    return i;
  }

  /** Eight elements at a time (see {@link #encode8}): two vectors, each a running sum. */
  private static long decodeNear8(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long i, Prefix p) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    VectorShuffle<Byte> sh1 = p.sh1();
    VectorShuffle<Byte> sh2 = p.sh2();
    VectorMask<Byte> mk1 = p.mk1();
    VectorMask<Byte> mk2 = p.mk2();
    VectorShuffle<Byte> carry = p.carry();
    for (int steps = steps(i, n, 8); steps > 0; steps = steps(i, n, 8)) {
      ByteVector prev = ByteVector.fromMemorySegment(S, dst, d + 8 * (i - 4), LE);
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        ByteVector pl = planes8(src, so, n, j, 0);
        ByteVector ph = planes8(src, so, n, j, 4);
        ByteVector x = pl.rearrange(ELEMENTS8_LOW, ph);
        x = x.add(x.rearrange(sh1), mk1);
        x = x.add(x.rearrange(sh2), mk2);
        x = x.add(prev.rearrange(carry));
        x.intoMemorySegment(dst, d + 8 * j, LE);
        ByteVector y = pl.rearrange(ELEMENTS8_HIGH, ph);
        y = y.add(y.rearrange(sh1), mk1);
        y = y.add(y.rearrange(sh2), mk2);
        y = y.add(x.rearrange(carry));
        y.intoMemorySegment(dst, d + 8 * j + 32, LE);
        prev = y;
      }
      i += 8L * steps;
    }
    return i;
  }

  // The plane bytes of the vector of elements at j: plane g's share in bytes g*v .. g*v+v-1.

  private static ByteVector planes2(MemorySegment src, long so, long n, long j) {
    return LongVector.zero(SL)
        .withLane(0, src.get(LONG, so + j))
        .withLane(1, src.get(LONG, so + j + 8))
        .withLane(2, src.get(LONG, so + n + j))
        .withLane(3, src.get(LONG, so + n + j + 8))
        .reinterpretAsBytes();
  }

  private static ByteVector planes4(MemorySegment src, long so, long n, long j) {
    return LongVector.zero(SL)
        .withLane(0, src.get(LONG, so + j))
        .withLane(1, src.get(LONG, so + n + j))
        .withLane(2, src.get(LONG, so + 2 * n + j))
        .withLane(3, src.get(LONG, so + 3 * n + j))
        .reinterpretAsBytes();
  }

  /** Planes {@code g..g+3} of the eight elements at j, eight bytes each. */
  private static ByteVector planes8(MemorySegment src, long so, long n, long j, int g) {
    long p = so + g * n + j;
    return LongVector.zero(SL)
        .withLane(0, src.get(LONG, p))
        .withLane(1, src.get(LONG, p + n))
        .withLane(2, src.get(LONG, p + 2 * n))
        .withLane(3, src.get(LONG, p + 3 * n))
        .reinterpretAsBytes();
  }

  private static long decodeFar2(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    VectorShuffle<Byte> elements = TO_ELEMENTS[2];
    for (int steps = steps(i, n, 16); steps > 0; steps = steps(i, n, 16)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 16L * q;
        planes2(src, so, n, j)
            .rearrange(elements)
            .add(ByteVector.fromMemorySegment(S, dst, d + 2 * (j - s), LE))
            .intoMemorySegment(dst, d + 2 * j, LE);
      }
      i += 16L * steps;
    }
    return i;
  }

  private static long decodeFar4(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    VectorShuffle<Byte> elements = TO_ELEMENTS[4];
    for (int steps = steps(i, n, 8); steps > 0; steps = steps(i, n, 8)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        planes4(src, so, n, j)
            .rearrange(elements)
            .add(ByteVector.fromMemorySegment(S, dst, d + 4 * (j - s), LE))
            .intoMemorySegment(dst, d + 4 * j, LE);
      }
      i += 8L * steps;
    }
    return i;
  }

  private static long decodeFar8(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    for (int steps = steps(i, n, 8); steps > 0; steps = steps(i, n, 8)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        long a = d + 8 * j;
        long b = a - 8 * s;
        ByteVector pl = planes8(src, so, n, j, 0);
        ByteVector ph = planes8(src, so, n, j, 4);
        pl.rearrange(ELEMENTS8_LOW, ph)
            .add(ByteVector.fromMemorySegment(S, dst, b, LE))
            .intoMemorySegment(dst, a, LE);
        // stored before the next is read: for s < 8 it may be the one just written
        pl.rearrange(ELEMENTS8_HIGH, ph)
            .add(ByteVector.fromMemorySegment(S, dst, b + 32, LE))
            .intoMemorySegment(dst, a + 32, LE);
      }
      i += 8L * steps;
    }
    return i;
  }

  // ---- residue sums --------------------------------------------------------------------------

  @Override
  public boolean residueSums(
      MemorySegment src, long so, long n, long s, int planes, MemorySegment sums) {
    if (wide && WideRunningSums.residueSums(src, so, n, s, planes, sums)) {
      return true;
    }
    src = NATIVE.cast(src);
    sums = NATIVE.cast(sums);
    if (s >= 32) {
      // the row's s-byte pieces added on top of each other, 32 bytes at a time
      long whole = s - s % 32;
      for (int k = 0; k < planes; k++) {
        long base = so + k * n;
        long out = k * s;
        for (long t = 0; t < n; t += s) {
          long piece = base + t;
          for (long q = 0; q < whole; q += 32) {
            ByteVector.fromMemorySegment(S, sums, out + q, LE)
                .add(ByteVector.fromMemorySegment(S, src, piece + q, LE))
                .intoMemorySegment(sums, out + q, LE);
          }
          for (long q = whole; q < s; q++) {
            sums.set(BYTE, out + q,
                (byte) (sums.get(BYTE, out + q)
                    + src.get(BYTE, piece + q)));
          }
        }
      }
      return true;
    }
    if (32 % s != 0) {
      periodicSums(src, so, n, s, planes, sums);
      return true;
    }
    // s divides 32: lane k of a 32-byte sum belongs to residue k mod s. The sums stay in memory
    // (acc), not in vector variables carried from one iteration to the next: with those, some
    // JVM processes compiled this method so that each add called the Vector API's per-lane Java
    // code (decoding at 1-2 % of copy bandwidth; seen on JDK 25 in several runs of the benchmark).
    long full = n - n % 32;
    byte[] lanes = new byte[32];
    byte[] acc = new byte[64];
    for (int k = 0; k < planes; k++) {
      long base = so + k * n;
      Arrays.fill(acc, (byte) 0);
      long t = 0;
      for (int steps = steps(t, full, 64); steps > 0; steps = steps(t, full, 64)) {
        for (int q = 0; q < steps; q++) {
          long u = base + t + 64L * q;
          ByteVector.fromArray(S, acc, 0)
              .add(ByteVector.fromMemorySegment(S, src, u, LE))
              .intoArray(acc, 0);
          ByteVector.fromArray(S, acc, 32)
              .add(ByteVector.fromMemorySegment(S, src, u + 32, LE))
              .intoArray(acc, 32);
        }
        t += 64L * steps;
      }
      ByteVector a0 = ByteVector.fromArray(S, acc, 0);
      if (t < full) {
        a0 = a0.add(ByteVector.fromMemorySegment(S, src, base + t, LE));
      }
      a0.add(ByteVector.fromArray(S, acc, 32)).intoArray(lanes, 0);
      long out = k * s;
      long mask = s - 1; // s is a power of two
      for (int q = 0; q < 32; q++) {
        long r = out + (q & mask);
        sums.set(BYTE, r, (byte) (sums.get(BYTE, r) + lanes[q]));
      }
      for (long u = full; u < n; u++) {
        long r = out + ((u - full) & mask);
        sums.set(BYTE, r,
            (byte) (sums.get(BYTE, r) + src.get(BYTE, base + u)));
      }
    }
    return true;
  }
}
