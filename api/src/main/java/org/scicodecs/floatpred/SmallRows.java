package org.scicodecs.floatpred;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * {@link Floatpred} for short rows lying one after the other (for example the three coordinates
 * of points, shape (N, 3), along the last axis): blocks of rows are copied into a heap array,
 * transformed there a whole element at a time (bytewise arithmetic in a long) and copied out. The
 * row kernels cost 80-170 ns a row whatever its length (AMD Zen 3): 37-125 MB/s decoding rows of
 * one to three float32 elements, a third of imagecodecs' speed; here 0.54-0.94 GB/s decoding,
 * encoding 1.0-1.1 GB/s (float64 rows of eight elements or more 1.3-1.9).
 *
 * <p>Stateless and thread-safe; each call has its own scratch arrays.
 */
final class SmallRows {
  private SmallRows() {}

  /**
   * The longest rows (in bytes) taken here: beyond them the row kernels are faster. Measured on
   * AMD Zen 3, one thread, 64 MiB of float32 rows, MB/s here against the row kernels (plain /
   * vector): encoding 128-byte rows 1029 against 851 / 1085, 256-byte rows 993 against 1430 /
   * 1900; decoding 128-byte rows 1031 against 509 / 724, 512-byte rows 1086 against 685 / 1878,
   * 1024-byte rows 1108 against 1237.
   */
  static long maxRowBytes(boolean encode, boolean vectorLoops) {
    return encode ? (vectorLoops ? 64 : 128) : (vectorLoops ? 128 : 512);
  }

  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long M16 = 0x0000FFFF0000FFFFL;
  private static final long M8 = 0x00FF00FF00FF00FFL;

  /** Bytes of rows per block: both scratch arrays stay in the L1 cache. */
  private static final int BLOCK_BYTES = 8 << 10;

  /**
   * Encodes or decodes {@code rows} rows of {@code n} elements of {@code b} bytes, distance
   * {@code s} elements, the rows one after the other from {@code so} in {@code src} and from
   * {@code d} in {@code dst}. {@code dst} may be {@code src} at the same offset (in place: each
   * block is read whole before it is written).
   */
  static void code(
      boolean encode, MemorySegment src, long so, MemorySegment dst, long d, long rows, int n,
      int s, int b) {
    int rowBytes = n * b;
    int perBlock = (int) Math.min(rows, Math.max(1, BLOCK_BYTES / rowBytes));
    byte[] in = new byte[perBlock * rowBytes];
    byte[] out = new byte[perBlock * rowBytes];
    long[] p = encode ? null : new long[perBlock * n];
    long[] base = encode ? null : new long[perBlock * s];
    for (long r = 0; r < rows; r += perBlock) {
      int bytes = (int) Math.min(perBlock, rows - r) * rowBytes;
      MemorySegment.copy(src, JAVA_BYTE, so + r * rowBytes, in, 0, bytes);
      if (encode) {
        encode(in, out, bytes, n, s, b);
      } else {
        decode(in, out, bytes, n, s, b, p, base);
      }
      MemorySegment.copy(out, 0, dst, JAVA_BYTE, d + r * rowBytes, bytes);
    }
  }

  /**
   * Each row: element i less element i - s, byte by byte, for i >= s; for i < s, byte k of element
   * i less byte k - 1 (one more significant) of element n - s + i, the end of the plane before
   * (see Floatpred's encoding kernels); each difference's bytes then go to their planes.
   */
  private static void encode(byte[] in, byte[] out, int bytes, int n, int s, int b) {
    switch (b) {
      case 2 -> encode2(in, out, bytes, n, s);
      case 4 -> encode4(in, out, bytes, n, s);
      default -> encode8(in, out, bytes, n, s);
    }
  }

  // One loop over all elements of the block, i counting through each row: rows of a few elements
  // would otherwise spend their time entering and leaving an inner loop. One method per element
  // size, written out: with the size a variable (a switch per element, a loop over the planes)
  // encoding ran at 0.54-0.79 GB/s instead of 1.0-1.1 (Zen 3).

  private static void encode2(byte[] in, byte[] out, int bytes, int n, int s) {
    int i = 0;
    int o = 0; // the row's first byte
    for (int e = 0; e < bytes; e += 2) {
      long v = (short) SHORT.get(in, e) & 0xFFFFL;
      long w = i >= s
          ? (short) SHORT.get(in, e - 2 * s) & 0xFFFFL
          : ((short) SHORT.get(in, e + 2 * (n - s)) & 0xFFFFL) >>> 8;
      long x = Floatpred.sub8(v, w);
      int p = o + i;
      out[p] = (byte) (x >>> 8);
      out[p + n] = (byte) x;
      if (++i == n) {
        i = 0;
        o += 2 * n;
      }
    }
  }

  private static void encode4(byte[] in, byte[] out, int bytes, int n, int s) {
    int i = 0;
    int o = 0;
    for (int e = 0; e < bytes; e += 4) {
      long v = (int) INT.get(in, e) & 0xFFFFFFFFL;
      long w = i >= s
          ? (int) INT.get(in, e - 4 * s) & 0xFFFFFFFFL
          : ((int) INT.get(in, e + 4 * (n - s)) & 0xFFFFFFFFL) >>> 8;
      long x = Floatpred.sub8(v, w);
      int p = o + i;
      out[p] = (byte) (x >>> 24);
      out[p + n] = (byte) (x >>> 16);
      out[p + 2 * n] = (byte) (x >>> 8);
      out[p + 3 * n] = (byte) x;
      if (++i == n) {
        i = 0;
        o += 4 * n;
      }
    }
  }

  /** Eight elements at a time where the row has them (a byte transpose, as Floatpred's put8). */
  private static void encode8(byte[] in, byte[] out, int bytes, int n, int s) {
    int i = 0;
    int o = 0;
    for (int e = 0; e < bytes; ) {
      int p = o + i;
      if (i + 8 <= n) {
        long x0 = diff8(in, e, i, n, s);
        long x1 = diff8(in, e + 8, i + 1, n, s);
        long x2 = diff8(in, e + 16, i + 2, n, s);
        long x3 = diff8(in, e + 24, i + 3, n, s);
        long x4 = diff8(in, e + 32, i + 4, n, s);
        long x5 = diff8(in, e + 40, i + 5, n, s);
        long x6 = diff8(in, e + 48, i + 6, n, s);
        long x7 = diff8(in, e + 56, i + 7, n, s);
        long t;
        t = ((x0 >>> 32) ^ x4) & Floatpred.LO; x0 ^= t << 32; x4 ^= t;
        t = ((x1 >>> 32) ^ x5) & Floatpred.LO; x1 ^= t << 32; x5 ^= t;
        t = ((x2 >>> 32) ^ x6) & Floatpred.LO; x2 ^= t << 32; x6 ^= t;
        t = ((x3 >>> 32) ^ x7) & Floatpred.LO; x3 ^= t << 32; x7 ^= t;
        t = ((x0 >>> 16) ^ x2) & M16; x0 ^= t << 16; x2 ^= t;
        t = ((x1 >>> 16) ^ x3) & M16; x1 ^= t << 16; x3 ^= t;
        t = ((x4 >>> 16) ^ x6) & M16; x4 ^= t << 16; x6 ^= t;
        t = ((x5 >>> 16) ^ x7) & M16; x5 ^= t << 16; x7 ^= t;
        t = ((x0 >>> 8) ^ x1) & M8; x0 ^= t << 8; x1 ^= t;
        t = ((x2 >>> 8) ^ x3) & M8; x2 ^= t << 8; x3 ^= t;
        t = ((x4 >>> 8) ^ x5) & M8; x4 ^= t << 8; x5 ^= t;
        t = ((x6 >>> 8) ^ x7) & M8; x6 ^= t << 8; x7 ^= t;
        // x_k now holds byte k of the eight elements; plane 0 is byte 7
        LONG.set(out, p, x7);
        LONG.set(out, p + n, x6);
        LONG.set(out, p + 2 * n, x5);
        LONG.set(out, p + 3 * n, x4);
        LONG.set(out, p + 4 * n, x3);
        LONG.set(out, p + 5 * n, x2);
        LONG.set(out, p + 6 * n, x1);
        LONG.set(out, p + 7 * n, x0);
        e += 64;
        i += 8;
      } else {
        long x = diff8(in, e, i, n, s);
        out[p] = (byte) (x >>> 56);
        out[p + n] = (byte) (x >>> 48);
        out[p + 2 * n] = (byte) (x >>> 40);
        out[p + 3 * n] = (byte) (x >>> 32);
        out[p + 4 * n] = (byte) (x >>> 24);
        out[p + 5 * n] = (byte) (x >>> 16);
        out[p + 6 * n] = (byte) (x >>> 8);
        out[p + 7 * n] = (byte) x;
        e += 8;
        i++;
      }
      if (i == n) {
        i = 0;
        o += 8 * n;
      }
    }
  }

  /** Element i (at byte e) less what it is differenced with (see encode). */
  private static long diff8(byte[] in, int e, int i, int n, int s) {
    long v = (long) LONG.get(in, e);
    long w = i >= s ? (long) LONG.get(in, e - 8 * s) : (long) LONG.get(in, e + 8 * (n - s)) >>> 8;
    return Floatpred.sub8(v, w);
  }

  /**
   * The inverse, by whole elements: element i's planes' bytes (d) added to element i - s's
   * bytewise is a running sum per residue i mod s (p); what each plane also carries over from
   * the plane before is the sum of the planes before it (each plane's total is p of the residue's
   * last element), the same for all of the residue's elements (base). For rows of fewer than
   * eight elements two loops over the whole block, one element per step ({@code p} one long per
   * element, {@code base} s per row): row by row, rows of one to three float32 decoded at
   * 0.36-0.53 GB/s, this way 0.63-0.65; from eight elements on, row by row is faster (0.77-1.04
   * against 0.70-0.85, Zen 3).
   */
  private static void decode(
      byte[] in, byte[] out, int bytes, int n, int s, int b, long[] p, long[] base) {
    if (n >= 8) {
      decodeRows(in, out, bytes, n, s, b, p, base);
      return;
    }
    int elements = bytes / b;
    int i = 0;
    int o = 0;
    int row = 0;
    for (int e = 0; e < elements; e++) {
      long d = gather(in, o + i, n, b);
      long x = i < s ? d : Floatpred.add8(p[e - s], d);
      p[e] = x;
      if (i >= n - s) { // the residue's last element: its total per plane
        long t = x >>> 8; // plane k's total where plane k + 1 is
        t = Floatpred.add8(t, t >>> 8);
        t = Floatpred.add8(t, t >>> 16);
        base[row + i - (n - s)] = Floatpred.add8(t, t >>> 32);
      }
      if (++i == n) {
        i = 0;
        o += n * b;
        row += s;
      }
    }
    i = 0;
    row = 0;
    for (int e = 0, r = 0; e < elements; e++) {
      long x = Floatpred.add8(p[e], base[row + r]);
      switch (b) {
        case 2 -> SHORT.set(out, 2 * e, (short) x);
        case 4 -> INT.set(out, 4 * e, (int) x);
        default -> LONG.set(out, 8 * e, x);
      }
      if (++r == s) {
        r = 0;
      }
      if (++i == n) { // n is a multiple of s: r is 0 here too
        i = 0;
        row += s;
      }
    }
  }

  /** {@link #decode} row by row, for rows of eight elements or more. */
  private static void decodeRows(
      byte[] in, byte[] out, int bytes, int n, int s, int b, long[] p, long[] base) {
    int rowBytes = n * b;
    for (int o = 0; o < bytes; o += rowBytes) {
      for (int i = 0; i < n; i++) {
        long d = gather(in, o + i, n, b);
        p[i] = i < s ? d : Floatpred.add8(p[i - s], d);
      }
      for (int r = 0; r < s; r++) {
        long t = p[n - s + r] >>> 8; // plane k's total where plane k + 1 is
        t = Floatpred.add8(t, t >>> 8);
        t = Floatpred.add8(t, t >>> 16);
        base[r] = Floatpred.add8(t, t >>> 32);
      }
      for (int i = 0, r = 0; i < n; i++) {
        long x = Floatpred.add8(p[i], base[r]);
        switch (b) {
          case 2 -> SHORT.set(out, o + 2 * i, (short) x);
          case 4 -> INT.set(out, o + 4 * i, (int) x);
          default -> LONG.set(out, o + 8 * i, x);
        }
        if (++r == s) {
          r = 0;
        }
      }
    }
  }

  /** Element i's plane bytes as an element (plane 0 the most significant byte). */
  private static long gather(byte[] in, int at, int n, int b) {
    return switch (b) {
      case 2 -> ((in[at] & 0xFFL) << 8) | (in[at + n] & 0xFFL);
      case 4 -> ((in[at] & 0xFFL) << 24) | ((in[at + n] & 0xFFL) << 16)
          | ((in[at + 2 * n] & 0xFFL) << 8) | (in[at + 3 * n] & 0xFFL);
      default -> ((in[at] & 0xFFL) << 56) | ((in[at + n] & 0xFFL) << 48)
          | ((in[at + 2 * n] & 0xFFL) << 40) | ((in[at + 3 * n] & 0xFFL) << 32)
          | ((in[at + 4 * n] & 0xFFL) << 24) | ((in[at + 5 * n] & 0xFFL) << 16)
          | ((in[at + 6 * n] & 0xFFL) << 8) | (in[at + 7 * n] & 0xFFL);
    };
  }
}
