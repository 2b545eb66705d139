package org.scicodecs.floatpred;

import static org.scicodecs.floatpred.Floatpred.NATIVE;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Encoding of rows of 2-, 4- and 8-byte elements, any distance, on 512-bit vectors, for
 * processors with AVX-512 VBMI (the same as {@link WideRunningSums}, whose transpose this one
 * undoes). Part of {@link FloatpredVector}, which finishes the rows' ends.
 *
 * <p>Per 64 elements: b 64-byte loads of the elements and b of those s elements before, the
 * differences, a byte transpose in log2(b) rounds of two-vector permutes (the even and the odd
 * 4-byte units of two vectors, then 2-byte units, then bytes), and one 64-byte store per plane.
 * Why whole vectors per plane: on an AMD EPYC (Zen 5) out of cache, storing eight planes eight
 * bytes at a time moved 0.15-0.26 of the bytes of a plain copy in the same time, storing them 64
 * bytes at a time 0.49-0.61 (the bare stores, no arithmetic; JDK 25).
 */
final class WideDifferences {
  private static final VectorSpecies<Byte> S = ByteVector.SPECIES_512;
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

  /** Elements per call of a loop method: as {@link WideRunningSums}, for the same reason. */
  private static final long CHUNK = 64 * 256;

  /** The even (first) and odd (second) units of 1, 2, 4 bytes of two vectors, in order. */
  private static final VectorShuffle<Byte> EVEN8 = unzip(1, 0);

  private static final VectorShuffle<Byte> ODD8 = unzip(1, 1);
  private static final VectorShuffle<Byte> EVEN16 = unzip(2, 0);
  private static final VectorShuffle<Byte> ODD16 = unzip(2, 1);
  private static final VectorShuffle<Byte> EVEN32 = unzip(4, 0);
  private static final VectorShuffle<Byte> ODD32 = unzip(4, 1);

  private WideDifferences() {}

  /**
   * Units {@code 2q + half} of {@code u} bytes of two vectors: for {@code a.rearrange(this, b)},
   * lanes 0..63 are a's, 64..127 (exceptional, wrapped) b's.
   */
  private static VectorShuffle<Byte> unzip(int u, int half) {
    int[] from = new int[64];
    for (int k = 0; k < 64; k++) {
      from[k] = (2 * (k / u) + half) * u + k % u;
    }
    return VectorShuffle.fromArray(S, from, 0);
  }

  /** Whether {@link #encode} takes rows of {@code b}-byte elements. */
  static boolean handles(int b) {
    return b == 2 || b == 4 || b == 8;
  }

  /**
   * Encodes the elements from {@code i} (with {@code i >= s}) to the end of the row in blocks of
   * 64 ({@link VectorLoops#encode}), if there is one; returns the first element not encoded.
   */
  static long encode(
      int b, MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i) {
    if (n - i < 64) {
      return i;
    }
    while (n - i >= 64) { // in chunks: see CHUNK
      i = block(b, src, so, dst, d, n, s, i, Math.min(n, i + CHUNK));
    }
    if (i < n) {
      // the last 64, overlapping the ones before: encoding reads only the input, so the overlap
      // is written twice with the same bytes
      block(b, src, so, dst, d, n, s, n - 64, n);
    }
    return n;
  }

  /** The blocks of 64 elements from {@code i} to {@code end} or a little before. */
  private static long block(
      int b, MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i,
      long end) {
    return switch (b) {
      case 2 -> encode2(src, so, dst, d, n, s, i, end);
      case 4 -> encode4(src, so, dst, d, n, s, i, end);
      default -> encode8(src, so, dst, d, n, s, i, end);
    };
  }

  // Byte t of an element (little-endian) goes to plane b - 1 - t. Written out in full, as in
  // WideRunningSums: the JIT inlines the Vector API's methods whatever the size, not ours.
  // Counted with the long itself, not in int steps like the other vector loops: for these loops
  // that was faster (float64 rows on Zen 5, JDK 25, processes taking turns: 0.34-0.39 of a copy
  // with steps, 0.47-0.56 without), for the 256-bit and the decoding ones it was not.

  private static long encode2(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i, long end) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    VectorShuffle<Byte> even8 = EVEN8;
    VectorShuffle<Byte> odd8 = ODD8;
    for (; end - i >= 64; i += 64) {
      long a = so + 2 * i;
      long p = a - 2 * s;
      ByteVector e0 = ByteVector.fromMemorySegment(S, src, a, LE)
          .sub(ByteVector.fromMemorySegment(S, src, p, LE));
      ByteVector e1 = ByteVector.fromMemorySegment(S, src, a + 64, LE)
          .sub(ByteVector.fromMemorySegment(S, src, p + 64, LE));
      e0.rearrange(even8, e1).intoMemorySegment(dst, d + n + i, LE);
      e0.rearrange(odd8, e1).intoMemorySegment(dst, d + i, LE);
    }
    return i;
  }

  private static long encode4(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i, long end) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    VectorShuffle<Byte> even8 = EVEN8;
    VectorShuffle<Byte> odd8 = ODD8;
    VectorShuffle<Byte> even16 = EVEN16;
    VectorShuffle<Byte> odd16 = ODD16;
    for (; end - i >= 64; i += 64) {
      long a = so + 4 * i;
      long p = a - 4 * s;
      ByteVector e0 = ByteVector.fromMemorySegment(S, src, a, LE)
          .sub(ByteVector.fromMemorySegment(S, src, p, LE));
      ByteVector e1 = ByteVector.fromMemorySegment(S, src, a + 64, LE)
          .sub(ByteVector.fromMemorySegment(S, src, p + 64, LE));
      ByteVector e2 = ByteVector.fromMemorySegment(S, src, a + 128, LE)
          .sub(ByteVector.fromMemorySegment(S, src, p + 128, LE));
      ByteVector e3 = ByteVector.fromMemorySegment(S, src, a + 192, LE)
          .sub(ByteVector.fromMemorySegment(S, src, p + 192, LE));
      ByteVector w0 = e0.rearrange(even16, e1); // bytes 0-1 of elements 0-31
      ByteVector w1 = e0.rearrange(odd16, e1); // bytes 2-3
      ByteVector w2 = e2.rearrange(even16, e3); // bytes 0-1 of elements 32-63
      ByteVector w3 = e2.rearrange(odd16, e3); // bytes 2-3
      long e = d + i;
      w0.rearrange(even8, w2).intoMemorySegment(dst, e + 3 * n, LE);
      w0.rearrange(odd8, w2).intoMemorySegment(dst, e + 2 * n, LE);
      w1.rearrange(even8, w3).intoMemorySegment(dst, e + n, LE);
      w1.rearrange(odd8, w3).intoMemorySegment(dst, e, LE);
    }
    return i;
  }

  private static long encode8(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i, long end) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    VectorShuffle<Byte> even8 = EVEN8;
    VectorShuffle<Byte> odd8 = ODD8;
    VectorShuffle<Byte> even16 = EVEN16;
    VectorShuffle<Byte> odd16 = ODD16;
    VectorShuffle<Byte> even32 = EVEN32;
    VectorShuffle<Byte> odd32 = ODD32;
    for (; end - i >= 64; i += 64) {
      long a = so + 8 * i;
      long p = a - 8 * s;
      ByteVector e0 = ByteVector.fromMemorySegment(S, src, a, LE)
          .sub(ByteVector.fromMemorySegment(S, src, p, LE));
      ByteVector e1 = ByteVector.fromMemorySegment(S, src, a + 64, LE)
          .sub(ByteVector.fromMemorySegment(S, src, p + 64, LE));
      ByteVector e2 = ByteVector.fromMemorySegment(S, src, a + 128, LE)
          .sub(ByteVector.fromMemorySegment(S, src, p + 128, LE));
      ByteVector e3 = ByteVector.fromMemorySegment(S, src, a + 192, LE)
          .sub(ByteVector.fromMemorySegment(S, src, p + 192, LE));
      ByteVector e4 = ByteVector.fromMemorySegment(S, src, a + 256, LE)
          .sub(ByteVector.fromMemorySegment(S, src, p + 256, LE));
      ByteVector e5 = ByteVector.fromMemorySegment(S, src, a + 320, LE)
          .sub(ByteVector.fromMemorySegment(S, src, p + 320, LE));
      ByteVector e6 = ByteVector.fromMemorySegment(S, src, a + 384, LE)
          .sub(ByteVector.fromMemorySegment(S, src, p + 384, LE));
      ByteVector e7 = ByteVector.fromMemorySegment(S, src, a + 448, LE)
          .sub(ByteVector.fromMemorySegment(S, src, p + 448, LE));
      ByteVector l0 = e0.rearrange(even32, e1); // bytes 0-3 of elements 0-15
      ByteVector h0 = e0.rearrange(odd32, e1); // bytes 4-7
      ByteVector l1 = e2.rearrange(even32, e3); // of elements 16-31
      ByteVector h1 = e2.rearrange(odd32, e3);
      ByteVector l2 = e4.rearrange(even32, e5); // of elements 32-47
      ByteVector h2 = e4.rearrange(odd32, e5);
      ByteVector l3 = e6.rearrange(even32, e7); // of elements 48-63
      ByteVector h3 = e6.rearrange(odd32, e7);
      ByteVector u0 = l0.rearrange(even16, l1); // bytes 0-1 of elements 0-31
      ByteVector u1 = l0.rearrange(odd16, l1); // bytes 2-3
      ByteVector u2 = l2.rearrange(even16, l3); // bytes 0-1 of elements 32-63
      ByteVector u3 = l2.rearrange(odd16, l3); // bytes 2-3
      ByteVector v0 = h0.rearrange(even16, h1); // bytes 4-5 of elements 0-31
      ByteVector v1 = h0.rearrange(odd16, h1); // bytes 6-7
      ByteVector v2 = h2.rearrange(even16, h3); // bytes 4-5 of elements 32-63
      ByteVector v3 = h2.rearrange(odd16, h3); // bytes 6-7
      long e = d + i;
      u0.rearrange(even8, u2).intoMemorySegment(dst, e + 7 * n, LE);
      u0.rearrange(odd8, u2).intoMemorySegment(dst, e + 6 * n, LE);
      u1.rearrange(even8, u3).intoMemorySegment(dst, e + 5 * n, LE);
      u1.rearrange(odd8, u3).intoMemorySegment(dst, e + 4 * n, LE);
      v0.rearrange(even8, v2).intoMemorySegment(dst, e + 3 * n, LE);
      v0.rearrange(odd8, v2).intoMemorySegment(dst, e + 2 * n, LE);
      v1.rearrange(even8, v3).intoMemorySegment(dst, e + n, LE);
      v1.rearrange(odd8, v3).intoMemorySegment(dst, e, LE);
    }
    return i;
  }
}
