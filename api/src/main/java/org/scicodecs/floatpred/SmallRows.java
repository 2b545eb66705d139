package org.scicodecs.floatpred;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;

/**
 * {@link Floatpred} for short rows lying one after the other (for example the three coordinates
 * of points, shape (N, 3), along the last axis): many rows per block, copied into a heap array,
 * transformed there byte by byte and copied out. The row kernels cost 80-170 ns a row whatever
 * its length (AMD Zen 3), 37-125 MB/s for rows of one to three float32 elements, a third of
 * imagecodecs' speed; rows of a few bytes need none of their vector set-up.
 *
 * <p>Stateless and thread-safe; each call has its own scratch arrays.
 */
final class SmallRows {
  private SmallRows() {}

  /**
   * The longest rows (in bytes) taken here: beyond them the row kernels are faster (Zen 3, one
   * thread, float32 rows of 8 to 64 elements, old and new builds: encoding 32 bytes 456 -> 629
   * MB/s, 64 bytes 776 against 625; decoding 128 bytes 509 -> 600 with the plain loops, 724
   * against 586 with the vector loops).
   */
  static long maxRowBytes(boolean encode, boolean vectorLoops) {
    return encode ? 32 : vectorLoops ? 64 : 128;
  }

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
    int perBlock = Math.max(1, BLOCK_BYTES / rowBytes);
    byte[] in = new byte[perBlock * rowBytes];
    byte[] out = new byte[perBlock * rowBytes];
    int[] memory = memoryIndex(n, b);
    for (long r = 0; r < rows; r += perBlock) {
      int bytes = (int) Math.min(perBlock, rows - r) * rowBytes;
      MemorySegment.copy(src, JAVA_BYTE, so + r * rowBytes, in, 0, bytes);
      if (encode) {
        encode(in, out, bytes, rowBytes, s, memory);
      } else {
        decode(in, out, bytes, rowBytes, s, memory);
      }
      MemorySegment.copy(out, 0, dst, JAVA_BYTE, d + r * rowBytes, bytes);
    }
  }

  /**
   * For each byte of a row in plane order (plane k, the k-th most significant byte of every
   * element, is bytes k*n to k*n+n-1), where it lies in memory: byte b-1-k of its element.
   */
  private static int[] memoryIndex(int n, int b) {
    int[] m = new int[n * b];
    for (int k = 0; k < b; k++) {
      for (int i = 0; i < n; i++) {
        m[k * n + i] = i * b + b - 1 - k;
      }
    }
    return m;
  }

  /**
   * Each row in plane order, each byte from the s-th on less the one s before. The block is a
   * matrix of rows with the same layout: each inner loop does one byte position of every row
   * (stride rowBytes), faster than row by row for rows of a few elements.
   */
  private static void encode(byte[] in, byte[] out, int bytes, int rowBytes, int s, int[] memory) {
    for (int j = 0; j < rowBytes; j++) {
      int m = memory[j];
      if (j < s) {
        for (int p = j, q = m; p < bytes; p += rowBytes, q += rowBytes) {
          out[p] = in[q];
        }
      } else {
        int t = memory[j - s];
        for (int p = j, q = m, u = t; p < bytes; p += rowBytes, q += rowBytes, u += rowBytes) {
          out[p] = (byte) (in[q] - in[u]);
        }
      }
    }
  }

  /**
   * The inverse, row by row (by byte position it was slower: each running sum is a chain through
   * memory): running sums at distance s over the row, each byte then put back in memory.
   */
  private static void decode(byte[] in, byte[] out, int bytes, int rowBytes, int s, int[] memory) {
    if (s == 1) { // the running sum in a register
      for (int o = 0; o < bytes; o += rowBytes) {
        byte x = 0;
        for (int j = 0; j < rowBytes; j++) {
          x += in[o + j];
          out[o + memory[j]] = x;
        }
      }
      return;
    }
    for (int o = 0; o < bytes; o += rowBytes) {
      for (int j = 0; j < s; j++) {
        out[o + memory[j]] = in[o + j];
      }
      for (int j = s; j < rowBytes; j++) {
        byte x = (byte) (in[o + j] + in[o + j - s]);
        in[o + j] = x;
        out[o + memory[j]] = x;
      }
    }
  }
}
