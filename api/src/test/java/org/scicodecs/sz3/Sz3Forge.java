package org.scicodecs.sz3;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.scicodecs.bindings.zstd.zstd_h;
import org.scicodecs.nativelib.NativeLibraries;

/**
 * Test helper: takes SZ3 3.3.2 streams apart and builds (or forges) them, byte by byte, from the
 * layout SZ3 writes (header, {@code Lossless_zstd} payload, configuration block, Huffman trees and
 * bit streams). Written from the format, for tests only.
 */
final class Sz3Forge {
  private Sz3Forge() {}

  /** A little-endian byte writer. */
  static final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Bytes u8(int v) {
      out.write(v);
      return this;
    }

    Bytes i32(int v) {
      return put(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    Bytes i32be(int v) {
      return put(ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(v).array());
    }

    Bytes u16(int v) {
      return put(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array());
    }

    Bytes u64(long v) {
      return put(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    Bytes f64(double v) {
      return u64(Double.doubleToRawLongBits(v));
    }

    Bytes value(double v, int bytes) {
      return bytes == 4 ? i32(Float.floatToRawIntBits((float) v)) : f64(v);
    }

    Bytes put(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    int size() {
      return out.size();
    }

    byte[] toArray() {
      return out.toByteArray();
    }
  }

  static long u64(byte[] b, int at) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(at);
  }

  static int i32(byte[] b, int at) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(at);
  }

  static void putU64(byte[] b, int at, long v) {
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, v);
  }

  static void putI32(byte[] b, int at, int v) {
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
  }

  static void putI32be(byte[] b, int at, int v) {
    ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN).putInt(at, v);
  }

  // ---- zstd --------------------------------------------------------------------------------

  static byte[] zstd(byte[] raw) {
    NativeLibraries.load("zstd");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment src = arena.allocate(Math.max(1, raw.length));
      MemorySegment.copy(raw, 0, src, ValueLayout.JAVA_BYTE, 0, raw.length);
      long cap = zstd_h.ZSTD_compressBound(raw.length);
      MemorySegment dst = arena.allocate(cap);
      long n = zstd_h.ZSTD_compress(dst, cap, src, raw.length, 3);
      if (zstd_h.ZSTD_isError(n) != 0) {
        throw new IllegalStateException("zstd failed");
      }
      return dst.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    }
  }

  static byte[] unzstd(byte[] frame, long length) {
    NativeLibraries.load("zstd");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment src = arena.allocate(frame.length);
      MemorySegment.copy(frame, 0, src, ValueLayout.JAVA_BYTE, 0, frame.length);
      MemorySegment dst = arena.allocate(Math.max(1, length));
      long n = zstd_h.ZSTD_decompress(dst, length, src, frame.length);
      if (n != length) {
        throw new IllegalStateException("zstd failed: " + n);
      }
      return dst.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
    }
  }

  /** A {@code Lossless_zstd} payload: u64 raw length, zstd frame. */
  static byte[] payload(byte[] raw) {
    return new Bytes().u64(raw.length).put(zstd(raw)).toArray();
  }

  // ---- streams -----------------------------------------------------------------------------

  static byte[] stream(byte[] payload, byte[] conf) {
    return new Bytes().i32(0xF342F310).i32(0x03030200).u64(payload.length).put(payload).put(conf)
        .toArray();
  }

  static int payloadSize(byte[] stream) {
    return (int) u64(stream, 8);
  }

  static byte[] payloadOf(byte[] stream) {
    return Arrays.copyOfRange(stream, 16, 16 + payloadSize(stream));
  }

  static byte[] confOf(byte[] stream) {
    return Arrays.copyOfRange(stream, 16 + payloadSize(stream), stream.length);
  }

  /** The raw bytes of a stream's {@code Lossless_zstd} payload. */
  static byte[] inner(byte[] stream) {
    byte[] p = payloadOf(stream);
    return unzstd(Arrays.copyOfRange(p, 8, p.length), u64(p, 0));
  }

  /** The stream with its payload replaced by {@code raw}, compressed again. */
  static byte[] withInner(byte[] stream, byte[] raw) {
    return stream(payload(raw), confOf(stream));
  }

  /** Offset within a configuration block of its algorithm byte. */
  static int algorithmOffset(byte[] conf) {
    int n = conf[1], width = conf[2] & 0xff;
    return 3 + (n * width + 7) / 8 + 8;
  }

  /** Offset within a configuration block of its flags byte; block size is at +7. */
  static int flagsOffset(byte[] conf) {
    return conf.length - 11;
  }

  /** A configuration block: EB_ABS with bound 1e-3, float, 65536 bins. */
  static byte[] conf(long[] dims, int algorithm, int flags, int blockSize) {
    int width = 64 - Long.numberOfLeadingZeros(Arrays.stream(dims).max().orElse(1));
    int dimBytes = (dims.length * width + 7) / 8;
    byte[] packed = new byte[dimBytes];
    long num = 1;
    for (int i = 0; i < dims.length; i++) {
      num *= dims[i];
      for (int j = 0; j < width; j++) {
        if ((dims[i] >>> j & 1) != 0) {
          int bit = i * width + j;
          packed[bit / 8] |= (byte) (1 << (bit % 8));
        }
      }
    }
    Bytes b = new Bytes().u8(0).u8(dims.length).u8(width).put(packed).u64(num).u8(algorithm).u8(0)
        .f64(1e-3).u8(flags).u8(0).i32(65536).i32(blockSize).u8(dims.length);
    byte[] conf = b.toArray();
    conf[0] = (byte) conf.length;
    return conf;
  }

  // ---- Huffman -----------------------------------------------------------------------------

  /** A stored Huffman tree: node arrays as SZ3 stores them (node 0 is the root). */
  static final class Tree {
    int offset;
    int[] left, right, c, t;
    int halfStates;

    int nodeCount() {
      return c.length;
    }

    byte[] bytes() {
      int n = nodeCount();
      int width = n <= 256 ? 1 : n <= 65536 ? 2 : 4;
      Bytes b = new Bytes().i32(offset).i32be(n).i32be(halfStates).u8(0);
      for (int[] a : new int[][] {left, right}) {
        for (int v : a) {
          switch (width) {
            case 1 -> b.u8(v);
            case 2 -> b.u16(v);
            default -> b.i32(v);
          }
        }
      }
      for (int v : c) {
        b.i32(v);
      }
      for (int v : t) {
        b.u8(v);
      }
      return b.toArray();
    }

    /** Offset of array {@code which} (0 L, 1 R, 2 C, 3 t) within {@link #bytes()}. */
    int arrayOffset(int which) {
      int n = nodeCount();
      int width = n <= 256 ? 1 : n <= 65536 ? 2 : 4;
      int[] sizes = {width * n, width * n, 4 * n, n};
      int at = 4 + 4 + 4 + 1;
      for (int i = 0; i < which; i++) {
        at += sizes[i];
      }
      return at;
    }

    /** The code of every leaf: symbol (offset + C) to its bits, '0' left. */
    java.util.Map<Integer, String> codes() {
      java.util.Map<Integer, String> codes = new java.util.HashMap<>();
      if (t[0] != 0) {
        codes.put(offset + c[0], "");
        return codes;
      }
      walk(0, "", codes);
      return codes;
    }

    private void walk(int i, String prefix, java.util.Map<Integer, String> codes) {
      if (t[i] != 0) {
        codes.put(offset + c[i], prefix);
        return;
      }
      walk(left[i], prefix + "0", codes);
      walk(right[i], prefix + "1", codes);
    }
  }

  /** The tree of a single symbol. */
  static Tree constant(int symbol) {
    Tree tree = new Tree();
    tree.offset = symbol;
    tree.left = new int[] {0};
    tree.right = new int[] {0};
    tree.c = new int[] {0};
    tree.t = new int[] {1};
    tree.halfStates = 1;
    return tree;
  }

  /**
   * A balanced tree over the given symbols (at least 2), numbered in preorder as SZ3's encoder
   * numbers its nodes; the offset is the smallest symbol.
   */
  static Tree balanced(int... symbols) {
    int[] sorted = symbols.clone();
    Arrays.sort(sorted);
    Tree tree = new Tree();
    tree.offset = sorted[0];
    List<int[]> nodes = new ArrayList<>(); // {left, right, c, t}
    build(sorted, 0, sorted.length, tree.offset, nodes);
    int n = nodes.size();
    tree.left = new int[n];
    tree.right = new int[n];
    tree.c = new int[n];
    tree.t = new int[n];
    for (int i = 0; i < n; i++) {
      int[] node = nodes.get(i);
      tree.left[i] = node[0];
      tree.right[i] = node[1];
      tree.c[i] = node[2];
      tree.t[i] = node[3];
    }
    tree.halfStates = (sorted[sorted.length - 1] - tree.offset + 2) / 2;
    return tree;
  }

  private static int build(int[] symbols, int from, int to, int offset, List<int[]> nodes) {
    int index = nodes.size();
    int[] node = new int[4];
    nodes.add(node);
    if (to - from == 1) {
      node[2] = symbols[from] - offset;
      node[3] = 1;
      return index;
    }
    int mid = (from + to) / 2;
    node[0] = build(symbols, from, mid, offset, nodes);
    node[1] = build(symbols, mid, to, offset, nodes);
    return index;
  }

  /**
   * A Huffman tree built from the symbols' frequencies (two least frequent subtrees merged until
   * one is left), numbered in preorder as SZ3's encoder numbers its nodes.
   */
  static Tree huffman(int... symbols) {
    java.util.TreeMap<Integer, Long> freq = new java.util.TreeMap<>();
    for (int v : symbols) {
      freq.merge(v, 1L, Long::sum);
    }
    if (freq.size() == 1) {
      return constant(freq.firstKey());
    }
    int offset = freq.firstKey();
    java.util.PriorityQueue<Node> queue = new java.util.PriorityQueue<>(
        java.util.Comparator.comparingLong(Node::freq).thenComparingLong(Node::order));
    long order = 0;
    for (var e : freq.entrySet()) {
      queue.add(new Node(e.getValue(), order++, e.getKey(), null, null));
    }
    while (queue.size() > 1) {
      Node a = queue.poll(), b = queue.poll();
      queue.add(new Node(a.freq() + b.freq(), order++, -1, a, b));
    }
    List<int[]> nodes = new ArrayList<>();
    preorder(queue.poll(), offset, nodes);
    Tree tree = new Tree();
    tree.offset = offset;
    int n = nodes.size();
    tree.left = new int[n];
    tree.right = new int[n];
    tree.c = new int[n];
    tree.t = new int[n];
    for (int i = 0; i < n; i++) {
      tree.left[i] = nodes.get(i)[0];
      tree.right[i] = nodes.get(i)[1];
      tree.c[i] = nodes.get(i)[2];
      tree.t[i] = nodes.get(i)[3];
    }
    tree.halfStates = (freq.lastKey() - offset + 2) / 2;
    return tree;
  }

  /** A node while building a Huffman tree: a symbol (left null) or two subtrees. */
  private record Node(long freq, long order, int symbol, Node left, Node right) {}

  /** Numbers the nodes parent first, then the left subtree, then the right one: {left, right, c, t}. */
  private static int preorder(Node node, int offset, List<int[]> nodes) {
    int index = nodes.size();
    int[] row = new int[4];
    nodes.add(row);
    if (node.left() == null) {
      row[2] = node.symbol() - offset;
      row[3] = 1;
    } else {
      row[0] = preorder(node.left(), offset, nodes);
      row[1] = preorder(node.right(), offset, nodes);
    }
    return index;
  }

  /**
   * A tree of {@code depth} levels, each with one leaf on the left (symbols 0, 1, ...) and the
   * rest on the right: codes of 1 to {@code depth} bits.
   */
  static Tree caterpillar(int depth) {
    int n = 2 * depth + 1;
    Tree tree = new Tree();
    tree.offset = 0;
    tree.left = new int[n];
    tree.right = new int[n];
    tree.c = new int[n];
    tree.t = new int[n];
    for (int level = 0; level < depth; level++) {
      int node = 2 * level; // internal
      tree.left[node] = node + 1;
      tree.right[node] = node + 2;
      tree.c[node + 1] = level;
      tree.t[node + 1] = 1;
    }
    tree.c[n - 1] = depth;
    tree.t[n - 1] = 1;
    tree.halfStates = (depth + 2) / 2;
    return tree;
  }

  /** The Huffman bit stream of {@code symbols}: u64 byte length, the codes MSB first. */
  static byte[] bits(Tree tree, int... symbols) {
    java.util.Map<Integer, String> codes = tree.codes();
    StringBuilder all = new StringBuilder();
    for (int s : symbols) {
      String code = codes.get(s);
      if (code == null) {
        throw new IllegalArgumentException("no code for " + s);
      }
      all.append(code);
    }
    byte[] packed = new byte[(all.length() + 7) / 8];
    for (int i = 0; i < all.length(); i++) {
      if (all.charAt(i) == '1') {
        packed[i / 8] |= (byte) (0x80 >>> (i % 8));
      }
    }
    return new Bytes().u64(packed.length).put(packed).toArray();
  }

  /** A {@code LinearQuantizer<T>}: id, bound, radius, unpredictable values. */
  static byte[] quantizer(double eb, int radius, double[] unpredictable, int valueBytes) {
    Bytes b = new Bytes().u8(2).f64(eb).i32(radius).u64(unpredictable.length);
    for (double v : unpredictable) {
      b.value(v, valueBytes);
    }
    return b.toArray();
  }

  /** The fields of an {@code InterpolationDecomposition} before its quantizer. */
  static byte[] interpHeader(long[] dims, int interpolator, int direction, long anchor) {
    Bytes b = new Bytes();
    for (long d : dims) {
      b.u64(d);
    }
    return b.i32(32).i32(interpolator).i32(direction).u64(anchor).f64(1.25).f64(2.0).toArray();
  }
}
