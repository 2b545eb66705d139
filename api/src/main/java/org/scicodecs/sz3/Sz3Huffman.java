package org.scicodecs.sz3;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.scicodecs.DecodeLimits;

/**
 * A Huffman tree as SZ3 3.3.2's {@code HuffmanEncoder<int>} stores it, rebuilt and checked in
 * Java, and a decoder of its bit streams that checks them the way SZ3 will read them.
 *
 * <p>Stored tree ({@code HuffmanEncoder::save}): i32 offset (little-endian); u32 node count and
 * i32 half the state count (both big-endian); one byte (the writer's endianness, not read back);
 * then the node arrays L (left child), R (right child), C (symbol minus offset), t (leaf flag),
 * each node count long, L and R of 1, 2 or 4 bytes as the node count is at most 256, 65536 or
 * more. SZ3 rebuilds the tree by recursion from node 0 and trusts every index; for up to 256 nodes
 * node 0 is a leaf when its flag is set (a tree of one symbol), for more it is always internal.
 *
 * <p>What is checked, before SZ3 sees the tree: the arrays lie in the payload; every internal node
 * reached from node 0 has two children, both in range; no node is reached twice (no cycle, no
 * shared subtree); every node is reached, so SZ3 builds exactly {@code nodeCount} nodes, within the
 * pool of {@code 8 * halfStates} it allocates; the leaves hold distinct symbols from 0 up, and the
 * stored state count is the one SZ3's encoder derives from the largest (so that the tables SZ3
 * allocates, about 338 bytes per state pair, are what the tree needs, and within {@link
 * DecodeLimits}).
 *
 * <p>Bit streams ({@code HuffmanEncoder::encode}/{@code decode}): u64 byte length, then the codes,
 * most significant bit first. SZ3's decoder walks the tree bit by bit until it has the number of
 * symbols it was told to expect, with no bound on the bytes; {@link Bits} decodes the same symbols
 * with lookup tables and refuses a stream that would need more bits than its stored length.
 *
 * <p>Not thread-safe: one per validation.
 */
final class Sz3Huffman {
  /**
   * Nodes beyond this are refused, far above any real tree (one leaf per distinct quantization
   * index); it keeps SZ3's 32-bit node arithmetic from wrapping.
   */
  static final long MAX_NODES = 1L << 28;

  /** Bytes SZ3 allocates (and clears) per half state: pool, queue, code table, code lengths. */
  static final long TABLE_BYTES_PER_HALF_STATE = 8 * 32 + 8 * 8 + 2 * 8 + 2;

  /**
   * Streams of fewer symbols are decoded bit by bit; longer ones with tables of 12-bit windows,
   * and from {@link #WIDE_THRESHOLD} symbols on of 16-bit windows (65536 entries, built in about
   * a millisecond, worth it for the long codes of finely quantized data).
   */
  private static final long TABLE_THRESHOLD = 1 << 12;

  private static final long WIDE_THRESHOLD = 1 << 20;

  /** Streams of at least this many symbols and bits are decoded in two lanes. */
  private static final long TWO_LANE_SYMBOLS = 1 << 16;

  private static final long TWO_LANE_BITS = 1 << 17;

  /** Positions of lane B that lane A may meet it at. */
  private static final int RECORDS = 1024;

  private static final ValueLayout.OfLong BE_LONG =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  /** The symbol every code stands for when the tree is a single leaf. */
  private final boolean constant;

  private final int constantSymbol;

  /**
   * Internal nodes renumbered 0.. (the root is 0); child[2 * i + bit] is an internal node's number,
   * or ~j for the j-th leaf.
   */
  private final int[] child;

  private final int[] leafSymbol;

  /**
   * Lookup tables over k-bit windows, built on first use for a long stream. first: the first
   * code's length (0 when it is longer than k) and its leaf (~j) or, for a longer code, the
   * internal node after k bits. multi: the whole codes in the window, packed as count (5 bits),
   * bits they take (5 bits) and how many are the symbol 0 (5 bits); count 0 when not even one
   * code ends in the window.
   */
  private int k;

  private byte[] firstLength;

  private int[] firstRef;

  private char[] multi;

  private Sz3Huffman(boolean constant, int constantSymbol, int[] child, int[] leafSymbol) {
    this.constant = constant;
    this.constantSymbol = constantSymbol;
    this.child = child;
    this.leafSymbol = leafSymbol;
  }

  /**
   * Reads and checks a stored tree at the cursor, leaving the cursor where SZ3's {@code load}
   * leaves its pointer.
   *
   * @param what the tree's role, for messages (e.g. "quantization-index Huffman tree")
   * @param maxLeaves the most distinct symbols the tree can legitimately have
   * @param symbolLimit every symbol must be in {@code [0, symbolLimit)}, the values the encoder's
   *     source (a quantizer, a predictor choice) produces
   */
  static Sz3Huffman read(Sz3Cursor c, String what, long maxLeaves, long symbolLimit) {
    int offset = c.i32(what + " offset");
    c.need(8, what + " header");
    long nodeCount = Integer.toUnsignedLong(c.segment.get(Sz3Cursor.BE_INT, c.pos));
    int halfStates = c.segment.get(Sz3Cursor.BE_INT, c.pos + 4);
    // A leaf per symbol that occurs.
    long maxNodes = Math.min(MAX_NODES, 2 * Math.max(1, maxLeaves) - 1);
    if (nodeCount < 1 || nodeCount > maxNodes) {
      throw new Sz3Exception("corrupt SZ3 stream: " + what + " of " + nodeCount + " nodes for "
          + "at most " + maxLeaves + " symbols");
    }
    int n = (int) nodeCount;
    long tableBytes = TABLE_BYTES_PER_HALF_STATE * Math.max(0, halfStates);
    if (halfStates < 1 || 8L * halfStates < n || tableBytes > DecodeLimits.maxBytes()) {
      throw new Sz3Exception("corrupt SZ3 stream: " + what + " of " + n + " nodes records "
          + halfStates + " state pairs (SZ3 would allocate a pool of " + 8L * halfStates
          + " nodes, " + tableBytes + " bytes; at most " + DecodeLimits.maxBytes()
          + " are allowed, see DecodeLimits)");
    }
    int width = n <= 256 ? 1 : n <= 65536 ? 2 : 4;
    long base = c.pos + 8 + 1;
    long treeBytes = 1 + (2L * width + 4 + 1) * n;
    c.need(8 + treeBytes, what + " of " + n + " nodes");
    long lAt = base, rAt = base + (long) width * n, cAt = base + 2L * width * n, tAt = cAt + 4L * n;
    MemorySegment s = c.segment;

    boolean rootLeaf = n <= 256 && s.get(ValueLayout.JAVA_BYTE, tAt) != 0;
    boolean[] reached = new boolean[n];
    reached[0] = true;
    int count = 1;
    int maxC = 0, minC = 0;
    int[] child = null;
    int[] leafSymbol;
    int constantSymbol = 0;
    if (rootLeaf) {
      int c0 = s.get(Sz3Cursor.LE_INT, cAt);
      minC = maxC = c0;
      constantSymbol = c0 + offset;
      leafSymbol = new int[] {constantSymbol};
    } else {
      // A full binary tree of n nodes has (n + 1) / 2 leaves and (n - 1) / 2 internal nodes.
      child = new int[Math.max(2, n - 1)];
      leafSymbol = new int[(n + 1) / 2];
      int[] stack = new int[n];
      int[] number = new int[n]; // node index -> internal number
      int internal = 1, leaves = 0, top = 0;
      stack[top++] = 0;
      minC = Integer.MAX_VALUE;
      maxC = Integer.MIN_VALUE;
      while (top > 0) {
        int i = stack[--top];
        for (int side = 0; side < 2; side++) {
          long at = (side == 0 ? lAt : rAt) + (long) i * width;
          long k = switch (width) {
            case 1 -> s.get(ValueLayout.JAVA_BYTE, at) & 0xffL;
            case 2 -> s.get(Sz3Cursor.LE_SHORT, at) & 0xffffL;
            default -> Integer.toUnsignedLong(s.get(Sz3Cursor.LE_INT, at));
          };
          if (k == 0) {
            throw new Sz3Exception("corrupt SZ3 stream: " + what + ": internal node " + i
                + " has no " + (side == 0 ? "left" : "right") + " child");
          }
          if (k >= n) {
            throw new Sz3Exception("corrupt SZ3 stream: " + what + ": node " + i + " points to node "
                + k + " of " + n);
          }
          int j = (int) k;
          if (reached[j]) {
            throw new Sz3Exception("corrupt SZ3 stream: " + what + ": node " + j
                + " is reached twice (a cycle or a shared subtree)");
          }
          reached[j] = true;
          count++;
          if (s.get(ValueLayout.JAVA_BYTE, tAt + j) != 0) {
            if (leaves == leafSymbol.length) {
              throw new Sz3Exception("corrupt SZ3 stream: " + what + " has too many leaves");
            }
            int cj = s.get(Sz3Cursor.LE_INT, cAt + 4L * j);
            minC = Math.min(minC, cj);
            maxC = Math.max(maxC, cj);
            leafSymbol[leaves] = cj + offset; // int arithmetic, as SZ3's n->c + offset
            child[2 * number[i] + side] = ~leaves++;
          } else {
            if (2 * internal + 1 >= child.length) {
              throw new Sz3Exception("corrupt SZ3 stream: " + what + " has too many internal nodes");
            }
            number[j] = internal;
            child[2 * number[i] + side] = internal++;
            stack[top++] = j;
          }
        }
      }
    }
    if (count != n) {
      throw new Sz3Exception("corrupt SZ3 stream: " + what + ": " + count + " of its " + n
          + " nodes are reached from the root");
    }
    if (minC != 0) {
      throw new Sz3Exception("corrupt SZ3 stream: " + what + ": its smallest symbol is the"
          + " offset plus " + minC + ", SZ3 writes the offset plus 0");
    }
    long expectedHalf = ((long) maxC + 2) / 2;
    if (halfStates != expectedHalf) {
      throw new Sz3Exception("corrupt SZ3 stream: " + what + " records " + halfStates
          + " state pairs, its symbols need " + expectedHalf);
    }
    for (int v : leafSymbol) {
      if (v < 0 || v >= symbolLimit) {
        throw new Sz3Exception("corrupt SZ3 stream: " + what + " holds symbol " + v
            + ", outside [0, " + symbolLimit + ")");
      }
    }
    if (!rootLeaf) {
      checkDistinct(leafSymbol, what);
    }
    c.pos += 8 + treeBytes;
    return new Sz3Huffman(rootLeaf, constantSymbol, child, leafSymbol);
  }

  private static void checkDistinct(int[] symbols, String what) {
    int[] sorted = symbols.clone();
    java.util.Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1]) {
        throw new Sz3Exception(
            "corrupt SZ3 stream: " + what + " has two leaves for symbol " + sorted[i]);
      }
    }
  }

  /**
   * The bit stream at the cursor; the cursor moves on as SZ3's {@code decode} moves its pointer
   * (past the stored length, or only past the length field when the tree is a single leaf: SZ3
   * then reads no bits). Nothing is decoded yet.
   */
  Bits stream(Sz3Cursor c, String streamWhat) {
    long length = c.u64(streamWhat + " length");
    long start = c.pos;
    if (constant) {
      return new Bits(this, c.segment, start, 0, streamWhat);
    }
    c.need(length, streamWhat + " of " + Long.toUnsignedString(length) + " bytes");
    c.pos += length;
    return new Bits(this, c.segment, start, length, streamWhat);
  }

  /** Builds the lookup tables over {@code bits}-bit windows. */
  private void buildTables(int bits) {
    int size = 1 << bits;
    byte[] length = new byte[size];
    int[] ref = new int[size];
    fill(0, 0, 0, bits, length, ref);
    char[] m = new char[size];
    int mask = size - 1;
    for (int w = 0; w < size; w++) {
      if (length[w] == 0) {
        continue;
      }
      // Whole codes one after the other: a code of at most the bits left in the window ends
      // within them, whatever the bits after the window are.
      int pos = 0, count = 0, zeros = 0;
      while (pos < bits) {
        int at = (w << pos) & mask;
        int len = length[at];
        if (len == 0 || len > bits - pos) {
          break;
        }
        count++;
        if (leafSymbol[~ref[at]] == 0) {
          zeros++;
        }
        pos += len;
      }
      m[w] = (char) (count | pos << 5 | zeros << 10);
    }
    k = bits;
    firstLength = length;
    firstRef = ref;
    multi = m;
  }

  /** Depth-first: every window that starts with a code of at most {@code bits} bits, or with none. */
  private void fill(int node, int depth, int prefix, int bits, byte[] length, int[] ref) {
    for (int bit = 0; bit < 2; bit++) {
      int next = child[2 * node + bit];
      int p = prefix << 1 | bit;
      int d = depth + 1;
      if (next < 0) {
        int from = p << (bits - d), to = (p + 1) << (bits - d);
        java.util.Arrays.fill(length, from, to, (byte) d);
        java.util.Arrays.fill(ref, from, to, next);
      } else if (d == bits) {
        length[p] = 0;
        ref[p] = next;
      } else {
        fill(next, d, p, bits, length, ref);
      }
    }
  }

  /**
   * One Huffman-coded stream of a known number of symbols, decoded in order: {@link #next} one at
   * a time, or {@link #countZeros} many at once (the zero symbols are SZ3's unpredictable values).
   * No symbol may need a bit past the stored length.
   */
  static final class Bits {
    private final Sz3Huffman tree;
    private final MemorySegment segment;
    private final long startBit;
    private final long limitBit;
    private final String what;
    private long bit;

    private Bits(Sz3Huffman tree, MemorySegment segment, long start, long length, String what) {
      if (start + length + 8 > segment.byteSize()) {
        throw new IllegalStateException("the payload copy needs 8 bytes of padding");
      }
      this.tree = tree;
      this.segment = segment;
      this.bit = start * 8;
      this.startBit = bit;
      this.limitBit = (start + length) * 8;
      this.what = what;
    }

    /** The position, in bits from the payload start. */
    long position() {
      return bit;
    }

    /** Builds the lookup tables if {@code symbols} are about to be decoded. */
    Bits expect(long symbols) {
      if (!tree.constant && tree.multi == null && symbols >= TABLE_THRESHOLD) {
        tree.buildTables(symbols >= WIDE_THRESHOLD ? 16 : 12);
      }
      return this;
    }

    /** The next symbol. */
    int next() {
      if (tree.constant) {
        return tree.constantSymbol;
      }
      if (tree.multi == null) {
        return walk(0);
      }
      checkLimit();
      int k = tree.k;
      int w = (int) ((segment.get(BE_LONG, bit >>> 3) << (bit & 7)) >>> (64 - k));
      int len = tree.firstLength[w];
      if (len != 0) {
        bit += len;
        checkLimit();
        return tree.leafSymbol[~tree.firstRef[w]];
      }
      bit += k;
      return walk(tree.firstRef[w]);
    }

    /** Decodes {@code n} symbols and returns how many of them are 0. */
    long countZeros(long n) {
      if (tree.constant) {
        return tree.constantSymbol == 0 ? n : 0;
      }
      expect(n);
      long zeros = 0;
      if (tree.multi != null && n >= TWO_LANE_SYMBOLS && limitBit - bit >= TWO_LANE_BITS) {
        long[] done = twoLanes(n);
        n -= done[0];
        zeros += done[1];
      }
      return zeros + serialZeros(n);
    }

    /** {@link #countZeros} in one lane: the reference the two-lane decode must agree with. */
    long serialZeros(long n) {
      if (tree.constant) {
        return tree.constantSymbol == 0 ? n : 0;
      }
      expect(n);
      long zeros = 0;
      if (tree.multi != null) {
        char[] m = tree.multi;
        int k = tree.k;
        int shift = 64 - k;
        long remaining = n;
        long b = bit;
        // The stream from bit b, left-aligned; avail of its bits are the stream's (the payload
        // copy is padded, so 8 bytes can be loaded at any position up to the limit).
        long window = 0;
        int avail = 0;
        while (remaining >= k) {
          if (avail < k) {
            if (b > limitBit) {
              bit = b;
              throw tooFewBits();
            }
            window = segment.get(BE_LONG, b >>> 3) << (b & 7);
            avail = 64 - (int) (b & 7);
          }
          int w = (int) (window >>> shift);
          int e = m[w];
          int count = e & 31;
          if (count != 0) {
            int used = (e >>> 5) & 31;
            window <<= used;
            avail -= used;
            b += used;
            zeros += e >>> 10;
            remaining -= count;
            continue;
          }
          // A code longer than k bits: on down the tree, bit by bit from node after the window.
          bit = b + k;
          if (walk(tree.firstRef[w]) == 0) {
            zeros++;
          }
          b = bit;
          avail = 0;
          remaining--;
        }
        bit = b;
        n = remaining;
      }
      for (long i = 0; i < n; i++) {
        if (next() == 0) {
          zeros++;
        }
      }
      checkLimit();
      return zeros;
    }

    /**
     * Decodes the stream's two halves at once, as two independent chains of table lookups (one
     * lookup waits on the one before; two chains keep the processor busy): lane A from the start,
     * lane B from the middle bit, where it may start inside a code. Huffman codes resynchronize:
     * once lane A, past the middle, stands on a position that lane B stood on between lookups,
     * both decode the same from there, so B's counts from that position on are A's. Lane A then
     * looks for such a position symbol by symbol among B's first {@value #RECORDS} positions; if
     * there is none (or anything is unusual: a code longer than a window, more symbols than
     * asked), only what lane A decoded counts, and the serial decode goes on from there.
     *
     * @return symbols decoded and how many were 0; {@link #bit} is after them
     */
    private long[] twoLanes(long n) {
      char[] m = tree.multi;
      int k = tree.k;
      int shift = 64 - k;
      long mid = bit + (limitBit - bit) / 2;
      long endB = limitBit - 1024; // the last symbols are left to the serial decode
      long[] recPos = new long[RECORDS];
      long[] recCount = new long[RECORDS];
      long[] recZeros = new long[RECORDS];
      int recorded = 0;
      long bA = bit, wA = 0, cA = 0, zA = 0;
      long bB = mid, wB = 0, cB = 0, zB = 0;
      int aA = 0, aB = 0;
      boolean runA = true, runB = true, validB = true;
      recPos[recorded++] = mid;
      while (runA | runB) {
        if (runA) {
          if (aA < 57) {
            wA = segment.get(BE_LONG, bA >>> 3) << (bA & 7);
            aA = 64 - (int) (bA & 7);
          }
          int w = (int) (wA >>> shift);
          int e = m[w];
          int count = e & 31;
          int used;
          if (count != 0) {
            used = (e >>> 5) & 31;
            zA += e >>> 10;
          } else {
            int leaf = walkWindow(tree.firstRef[w], wA << k, aA - k);
            if (leaf == 0) {
              runA = false; // longer than the window: the serial decode takes it from here
              continue;
            }
            used = k + (leaf >>> 24);
            count = 1;
            if (tree.leafSymbol[leaf & 0xFFFFFF] == 0) {
              zA++;
            }
          }
          wA <<= used;
          aA -= used;
          bA += used;
          cA += count;
          runA = bA < mid && cA + 32 <= n;
        }
        if (runB) {
          if (aB < 57) {
            wB = segment.get(BE_LONG, bB >>> 3) << (bB & 7);
            aB = 64 - (int) (bB & 7);
          }
          int w = (int) (wB >>> shift);
          int e = m[w];
          int count = e & 31;
          int used;
          if (count != 0) {
            used = (e >>> 5) & 31;
            zB += e >>> 10;
          } else {
            int leaf = walkWindow(tree.firstRef[w], wB << k, aB - k);
            if (leaf == 0) {
              runB = validB = false;
              continue;
            }
            used = k + (leaf >>> 24);
            count = 1;
            if (tree.leafSymbol[leaf & 0xFFFFFF] == 0) {
              zB++;
            }
          }
          wB <<= used;
          aB -= used;
          bB += used;
          cB += count;
          if (recorded < RECORDS) {
            recPos[recorded] = bB;
            recCount[recorded] = cB;
            recZeros[recorded++] = zB;
          }
          runB = bB < endB;
        }
      }
      // Lane A's symbols are the stream's; on symbol by symbol to a position lane B stood on.
      bit = bA;
      long count = cA, zeros = zA;
      int j = 0;
      while (validB && count < n) {
        while (j < recorded && recPos[j] < bit) {
          j++;
        }
        if (j == recorded) {
          break;
        }
        if (recPos[j] == bit) {
          long total = count + (cB - recCount[j]);
          if (total > n) {
            break;
          }
          bit = bB;
          return new long[] {total, zeros + (zB - recZeros[j])};
        }
        if (next() == 0) {
          zeros++;
        }
        count++;
      }
      return new long[] {count, zeros};
    }

    /**
     * From internal node {@code node} down the tree with the left-aligned {@code bits}, of which
     * {@code avail} are the stream's: (bits taken << 24 | leaf index), or 0 if no leaf is reached
     * within them (or the leaf index does not fit in 24 bits).
     */
    private int walkWindow(int node, long bits, int avail) {
      int[] child = tree.child;
      for (int used = 1; used <= avail && used < 64; used++) {
        int next = child[2 * node + (int) (bits >>> 63)];
        bits <<= 1;
        if (next < 0) {
          int leaf = ~next;
          return leaf < (1 << 24) && used < 128 ? used << 24 | leaf : 0;
        }
        node = next;
      }
      return 0;
    }

    /**
     * After the last symbol: SZ3's encoder stores exactly the bytes its codes fill, so a stream
     * whose symbols end a byte or more before its stored length was not written as it is.
     */
    void finish() {
      checkLimit();
      if (!tree.constant && (bit - startBit + 7) / 8 != (limitBit - startBit) / 8) {
        throw new Sz3Exception("corrupt SZ3 stream: " + what + " of " + (limitBit - startBit) / 8
            + " bytes ends after " + (bit - startBit + 7) / 8);
      }
    }

    /** From internal node {@code node}, bit by bit to a leaf. */
    private int walk(int node) {
      int[] child = tree.child;
      while (true) {
        if (bit >= limitBit) {
          throw tooFewBits();
        }
        int b = (segment.get(ValueLayout.JAVA_BYTE, bit >>> 3) >> (7 - (int) (bit & 7))) & 1;
        bit++;
        int next = child[2 * node + b];
        if (next < 0) {
          return tree.leafSymbol[~next];
        }
        node = next;
      }
    }

    private void checkLimit() {
      if (bit > limitBit) {
        throw tooFewBits();
      }
    }

    private Sz3Exception tooFewBits() {
      return new Sz3Exception("corrupt SZ3 stream: " + what + " ends before its symbols do ("
          + (limitBit / 8) + " bytes recorded)");
    }
  }
}
