package org.scicodecs.sz3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.TestData;

/**
 * The payload checks of {@link Sz3Payload}, one rule at a time, on real streams taken apart and on
 * streams forged with {@link Sz3Forge}; and the facts about SZ3 3.3.2's decoder the checks rest on,
 * with SZ3 itself as the oracle (a forged stream that passes the checks is decoded by SZ3, and its
 * values must be the ones the forged fields imply).
 */
class Sz3PayloadTest {
  @BeforeAll
  static void library() {
    Assumptions.assumeTrue(Sz3.available(), "SZ3 library not available");
  }

  private static long product(long[] dims) {
    return Arrays.stream(dims).reduce(1, (a, b) -> a * b);
  }

  private static int factorial(int n) {
    return n <= 1 ? 1 : n * factorial(n - 1);
  }

  private static String refusal(byte[] stream, DType dtype) {
    return assertThrows(Sz3Exception.class, () -> Sz3.decode(stream, dtype)).getMessage();
  }

  private static void assertRefused(byte[] stream, DType dtype, String fragment) {
    String message = refusal(stream, dtype);
    assertTrue(message.contains(fragment), "expected '" + fragment + "' in: " + message);
  }

  private static byte[] values(NdArray a) {
    return a.toContiguous(Arena.ofAuto()).segment().toArray(ValueLayout.JAVA_BYTE);
  }

  /** A real interpolation stream: a smooth 12x14 float32 field at 0.1. */
  private static byte[] interpStream() {
    byte[] s = Sz3.encode(TestData.smooth(Arena.ofAuto(), DType.FLOAT32, 12, 14),
        Sz3Options.tolerance(0.1));
    assertEquals("ALGO_INTERP", PayloadFlipMain.algorithm(s));
    return s;
  }

  /** Where the parts of an interpolation payload's raw bytes lie. */
  record InterpLayout(int quantizer, long unpredictable, int unpredictableAt, int tree, int nodes,
      int width, int count, int length, int bits) {
    static InterpLayout of(byte[] inner, int n, int valueBytes) {
      int quantizer = n * 8 + 36;
      long unpredictable = Sz3Forge.u64(inner, quantizer + 13);
      int unpredictableAt = quantizer + 21;
      int tree = unpredictableAt + (int) unpredictable * valueBytes;
      ByteBuffer be = ByteBuffer.wrap(inner).order(ByteOrder.BIG_ENDIAN);
      int nodes = be.getInt(tree + 4);
      int width = nodes <= 256 ? 1 : nodes <= 65536 ? 2 : 4;
      int count = tree + 13 + nodes * (2 * width + 5);
      return new InterpLayout(quantizer, unpredictable, unpredictableAt, tree, nodes, width, count,
          count + 8, count + 16);
    }

    int left(int i) {
      return tree + 13 + i * width;
    }

    int right(int i) {
      return tree + 13 + nodes * width + i * width;
    }

    int leafFlag(int i) {
      return tree + 13 + nodes * (2 * width + 4) + i;
    }
  }

  private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
    byte[] out = new byte[b.length - remove + insert.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
    return out;
  }

  // ---- forged payloads -----------------------------------------------------------------------

  /** Symbols and the tree that codes them (constant when they are all equal). */
  static Sz3Forge.Tree treeFor(int[] symbols) {
    int[] distinct = Arrays.stream(symbols).distinct().toArray();
    return distinct.length == 1 ? Sz3Forge.constant(distinct[0]) : Sz3Forge.balanced(distinct);
  }

  /**
   * An interpolation stream with the given quantization indices and unpredictable values (EB_ABS,
   * 65536 bins so radius 32768, error bound 0.5).
   */
  static byte[] interp(long[] dims, int interpolator, int direction, long anchor, int[] symbols,
      double[] unpredictable, int valueBytes) {
    Sz3Forge.Tree tree = treeFor(symbols);
    byte[] raw = new Sz3Forge.Bytes()
        .put(Sz3Forge.interpHeader(dims, interpolator, direction, anchor))
        .put(Sz3Forge.quantizer(0.5, 32768, unpredictable, valueBytes))
        .put(tree.bytes()).u64(symbols.length).put(Sz3Forge.bits(tree, symbols)).toArray();
    return Sz3Forge.stream(Sz3Forge.payload(raw), Sz3Forge.conf(dims, Sz3Conf.ALGO_INTERP, 0xA0, 6));
  }

  /** A no-prediction stream: value i is unpredictable[k++] for index 0, else (q - 32768) * 2 * eb. */
  static byte[] noPrediction(long[] dims, Sz3Forge.Tree tree, int[] symbols, double[] unpredictable,
      int valueBytes) {
    byte[] raw = new Sz3Forge.Bytes()
        .put(Sz3Forge.quantizer(0.5, 32768, unpredictable, valueBytes))
        .put(tree.bytes()).u64(symbols.length).put(Sz3Forge.bits(tree, symbols)).toArray();
    return Sz3Forge.stream(Sz3Forge.payload(raw), Sz3Forge.conf(dims, Sz3Conf.ALGO_NOPRED, 0xA0, 6));
  }

  /** An interpolation stream whose every index is 0 and whose unpredictable values are 0, 1, 2 ... */
  static byte[] allUnpredictableInterp(long[] dims, int interpolator, int direction, long anchor,
      int valueBytes) {
    int num = (int) product(dims);
    double[] unpred = new double[num];
    for (int i = 0; i < num; i++) {
      unpred[i] = i;
    }
    return interp(dims, interpolator, direction, anchor, new int[num], unpred, valueBytes);
  }

  // ---- what the checks assume about SZ3 -------------------------------------------------------

  /**
   * SZ3 assigns unpredictable values in the order it visits the points; with every index 0 the
   * output is a permutation of 0..num-1 exactly when every point is visited once: the count the
   * checks require (one index per value, an unpredictable value per index 0 and per anchor).
   */
  @Test
  void interpolationVisitsEveryPointOnce() {
    long[][] shapes = {
      {2}, {3}, {17}, {33}, {65}, {100}, {4097}, {5000},
      {2, 2}, {3, 5}, {17, 33}, {40, 50}, {129, 7}, {200, 3},
      {2, 3, 4}, {5, 6, 7}, {12, 15, 17}, {33, 2, 40}, {40, 40, 3},
      {2, 2, 2, 2}, {5, 6, 7, 8}, {3, 17, 2, 19}, {17, 9, 17, 5}
    };
    long[] anchorsPerRank = {4096, 128, 32, 16};
    int checked = 0;
    try (Arena arena = Arena.ofConfined()) {
      for (long[] dims : shapes) {
        int n = dims.length;
        int[] directions = n < 4 ? java.util.stream.IntStream.range(0, factorial(n)).toArray()
            : new int[] {0, 7, 23};
        for (long anchor : new long[] {0, 1, 2, 8, anchorsPerRank[n - 1]}) {
          for (int interpolator = 0; interpolator < 2; interpolator++) {
            for (int direction : directions) {
              DType dtype = (checked & 1) == 0 ? DType.FLOAT32 : DType.FLOAT64;
              byte[] s = allUnpredictableInterp(dims, interpolator, direction, anchor,
                  dtype.byteSize());
              NdArray out = Sz3.decode(MemorySegment.ofArray(s), dtype, arena);
              int num = (int) product(dims);
              boolean[] seen = new boolean[num];
              for (int i = 0; i < num; i++) {
                double v = out.getDoubleFlat(i);
                assertTrue(v >= 0 && v < num && v == Math.rint(v) && !seen[(int) v],
                    Arrays.toString(dims) + " anchor " + anchor + " interp " + interpolator
                        + " direction " + direction + ": value " + v + " at " + i);
                seen[(int) v] = true;
              }
              checked++;
            }
          }
        }
      }
    }
    assertTrue(checked > 400, "cases " + checked);
  }

  /**
   * Anchor points take unpredictable values without reading their index: a stream whose anchors
   * are the only zero indices needs exactly one unpredictable value per anchor.
   */
  @Test
  void anchorsCountAsUnpredictable() {
    long[][] cases = {{5000}, {300, 140}, {40, 33, 70}, {20, 17, 18, 33}};
    long[] strides = {4096, 128, 32, 16};
    for (long[] dims : cases) {
      long stride = strides[dims.length - 1];
      int anchors = 1;
      for (long d : dims) {
        anchors *= (int) ((d + stride - 1) / stride);
      }
      int num = (int) product(dims);
      int[] symbols = new int[num];
      Arrays.fill(symbols, anchors, num, 32768); // predicted exactly
      double[] unpred = new double[anchors];
      Arrays.fill(unpred, 7.0);
      byte[] s = interp(dims, 1, 0, stride, symbols, unpred, 4);
      NdArray out = Sz3.decode(s, DType.FLOAT32);
      for (long i = 0; i < num; i++) {
        assertEquals(7.0, out.getDoubleFlat(i), 1e-5, "interpolating a constant");
      }
      assertRefused(interp(dims, 1, 0, stride, symbols, Arrays.copyOf(unpred, anchors - 1), 4),
          DType.FLOAT32, "needs " + anchors + " unpredictable values, " + (anchors - 1));
      assertRefused(interp(dims, 1, 0, stride, symbols, Arrays.copyOf(unpred, anchors + 1), 4),
          DType.FLOAT32, "needs " + anchors + " unpredictable values, " + (anchors + 1));
    }
  }

  /** No prediction: every value is its index's bin, or the next unpredictable value for a 0. */
  @Test
  void noPredictionDecodesAsForged() {
    long[] dims = {7, 9};
    int num = 63;
    int[] symbols = new int[num];
    List<Double> unpred = new ArrayList<>();
    double[] expected = new double[num];
    for (int i = 0; i < num; i++) {
      symbols[i] = i % 5 == 0 ? 0 : 32768 + (i % 7) - 3;
      expected[i] = symbols[i] == 0 ? 100.25 + i : (symbols[i] - 32768) * 2 * 0.5;
      if (symbols[i] == 0) {
        unpred.add(100.25 + i);
      }
    }
    double[] u = unpred.stream().mapToDouble(Double::doubleValue).toArray();
    Sz3Forge.Tree tree = treeFor(symbols);
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      int t = dtype.byteSize();
      NdArray out = Sz3.decode(noPrediction(dims, tree, symbols, u, t), dtype);
      for (int i = 0; i < num; i++) {
        assertEquals(expected[i], out.getDoubleFlat(i), 0, "value " + i);
      }
      assertRefused(noPrediction(dims, tree, symbols, Arrays.copyOf(u, u.length - 1), t), dtype,
          "unpredictable values");
    }
    // decoding float data as double: the unpredictable values take twice the bytes
    assertThrows(Sz3Exception.class,
        () -> Sz3.decode(noPrediction(dims, tree, symbols, u, 4), DType.FLOAT64));
  }

  // ---- the zstd layer -------------------------------------------------------------------------

  @Test
  void rawLengthMustBeTheFramesAndBounded() {
    byte[] s = interpStream();
    for (long delta : new long[] {1, -1}) {
      byte[] bad = s.clone();
      Sz3Forge.putU64(bad, 16, Sz3Forge.u64(s, 16) + delta);
      assertRefused(bad, DType.FLOAT32, "the zstd frame records");
    }
    byte[] zero = s.clone();
    Sz3Forge.putU64(zero, 16, 0);
    assertRefused(zero, DType.FLOAT32, "raw bytes");
    byte[] huge = s.clone();
    Sz3Forge.putU64(huge, 16, 1L << 40);
    assertRefused(huge, DType.FLOAT32, "allowed");
    byte[] negative = s.clone();
    Sz3Forge.putU64(negative, 16, -8);
    assertRefused(negative, DType.FLOAT32, "raw bytes");
    // a real frame of more raw bytes than a 12x14 float array can need (4096 + 64 * 672)
    byte[] inner = Sz3Forge.inner(s);
    byte[] padded = Arrays.copyOf(inner, 4096 + 64 * 672 + 1);
    assertRefused(Sz3Forge.withInner(s, padded), DType.FLOAT32, "allowed");
    // just within the bound: the frame is accepted, then the bytes after the bit stream are not
    assertRefused(Sz3Forge.withInner(s, Arrays.copyOf(inner, 4096 + 64 * 672)), DType.FLOAT32,
        "bytes after the quantization-index bit stream");
  }

  @Test
  void payloadMustBeOneZstdFrame() {
    byte[] s = interpStream();
    byte[] payload = Sz3Forge.payloadOf(s);
    byte[] conf = Sz3Forge.confOf(s);
    byte[] magic = payload.clone();
    magic[8] ^= 1;
    assertRefused(Sz3Forge.stream(magic, conf), DType.FLOAT32, "zstd frame");
    byte[] extra = Arrays.copyOf(payload, payload.length + 1);
    assertRefused(Sz3Forge.stream(extra, conf), DType.FLOAT32, "not one zstd frame");
    byte[] frame = Arrays.copyOfRange(payload, 8, payload.length);
    byte[] twice = new Sz3Forge.Bytes().put(payload).put(frame).toArray();
    assertRefused(Sz3Forge.stream(twice, conf), DType.FLOAT32, "not one zstd frame");
    byte[] cut = Arrays.copyOf(payload, payload.length - 1);
    assertRefused(Sz3Forge.stream(cut, conf), DType.FLOAT32, "not one zstd frame");
    assertRefused(Sz3Forge.stream(Arrays.copyOf(payload, 8), conf), DType.FLOAT32, "too short");
  }

  // ---- lossless ----------------------------------------------------------------------------

  /**
   * A lossless stream is decoded in Java (the zstd frame is the array): the values must be the
   * input's bits and exactly what SZ3 itself returns for the stream.
   */
  @Test
  void losslessIsDeliveredWithoutSz3AndAgreesWithIt() {
    long[][] shapes = {{1000}, {30, 40}, {6, 7, 8}, {3, 4, 5, 6}, {2, 3, 4, 5, 6}};
    try (Arena arena = Arena.ofConfined()) {
      for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
        for (long[] shape : shapes) {
          NdArray data = TestData.noisy(arena, dtype, 3, shape);
          byte[] s = Sz3.encode(data, Sz3Options.tolerance(0));
          assertEquals("ALGO_LOSSLESS", PayloadFlipMain.algorithm(s));
          NdArray decoded = Sz3.decode(MemorySegment.ofArray(s), dtype, shape, arena);
          assertArrayEquals(values(data), values(decoded));
          long[] recorded = Sz3.readHeader(s).shape();
          assertArrayEquals(PayloadFlipMain.sz3Directly(s, dtype, recorded), values(decoded));
        }
      }
      // the raw length must be the array's: SZ3 would decompress that many bytes into it
      NdArray data = TestData.noisy(arena, DType.FLOAT32, 3, 50);
      byte[] s = Sz3.encode(data, Sz3Options.tolerance(0));
      byte[] longer = Sz3Forge.withInner(s, Arrays.copyOf(Sz3Forge.inner(s), 204));
      assertRefused(longer, DType.FLOAT32, "lossless payload of 204 bytes for 200");
      assertRefused(s, DType.FLOAT64, "lossless payload of 200 bytes for 400");
    }
  }

  // ---- Huffman trees -------------------------------------------------------------------------

  @Test
  void huffmanTreeShapeIsChecked() {
    byte[] s = interpStream();
    byte[] inner = Sz3Forge.inner(s);
    InterpLayout l = InterpLayout.of(inner, 2, 4);
    assertTrue(l.nodes() >= 7 && l.width() == 1, "nodes " + l.nodes());
    int rootLeft = inner[l.left(0)] & 0xff;
    int rootRight = inner[l.right(0)] & 0xff;
    int internalChild = inner[l.leafFlag(rootLeft)] == 0 ? rootLeft : rootRight;
    assertEquals(0, inner[l.leafFlag(internalChild)]);

    byte[] missing = inner.clone();
    missing[l.left(0)] = 0;
    assertRefused(Sz3Forge.withInner(s, missing), DType.FLOAT32, "has no left child");
    byte[] outOfRange = inner.clone();
    outOfRange[l.right(0)] = (byte) l.nodes();
    assertRefused(Sz3Forge.withInner(s, outOfRange), DType.FLOAT32,
        "points to node " + l.nodes() + " of " + l.nodes());
    byte[] cycle = inner.clone();
    cycle[l.left(internalChild)] = (byte) internalChild;
    assertRefused(Sz3Forge.withInner(s, cycle), DType.FLOAT32, "reached twice");
    byte[] shared = inner.clone();
    shared[l.right(0)] = (byte) rootLeft;
    assertRefused(Sz3Forge.withInner(s, shared), DType.FLOAT32, "reached twice");
    byte[] leafAsInternal = inner.clone();
    int leaf = inner[l.leafFlag(rootLeft)] != 0 ? rootLeft : rootRight;
    leafAsInternal[l.leafFlag(leaf)] = 0;
    assertRefused(Sz3Forge.withInner(s, leafAsInternal), DType.FLOAT32, "child");
    byte[] internalAsLeaf = inner.clone();
    internalAsLeaf[l.leafFlag(internalChild)] = 1;
    assertRefused(Sz3Forge.withInner(s, internalAsLeaf), DType.FLOAT32, "reached from the root");
    byte[] rootAsLeaf = inner.clone();
    rootAsLeaf[l.leafFlag(0)] = 1;
    assertRefused(Sz3Forge.withInner(s, rootAsLeaf), DType.FLOAT32, "reached from the root");
  }

  @Test
  void huffmanTreeSizesAreChecked() {
    byte[] s = interpStream();
    byte[] inner = Sz3Forge.inner(s);
    InterpLayout l = InterpLayout.of(inner, 2, 4);
    int half = ByteBuffer.wrap(inner).order(ByteOrder.BIG_ENDIAN).getInt(l.tree() + 8);
    // more nodes than the pool of 8 * halfStates SZ3 allocates
    byte[] pool = inner.clone();
    Sz3Forge.putI32be(pool, l.tree() + 8, (l.nodes() - 1) / 8);
    assertRefused(Sz3Forge.withInner(s, pool), DType.FLOAT32, "pool");
    byte[] noStates = inner.clone();
    Sz3Forge.putI32be(noStates, l.tree() + 8, 0);
    assertRefused(Sz3Forge.withInner(s, noStates), DType.FLOAT32, "pool");
    byte[] notCanonical = inner.clone();
    Sz3Forge.putI32be(notCanonical, l.tree() + 8, half + 1);
    assertRefused(Sz3Forge.withInner(s, notCanonical), DType.FLOAT32, "state pairs");
    byte[] hugeStates = inner.clone();
    Sz3Forge.putI32be(hugeStates, l.tree() + 8, 1 << 30);
    assertRefused(Sz3Forge.withInner(s, hugeStates), DType.FLOAT32, "DecodeLimits");
    // more nodes than the stream has bytes for, or than 2 * values - 1
    byte[] moreNodes = inner.clone();
    Sz3Forge.putI32be(moreNodes, l.tree() + 4, 2 * 168 - 1);
    assertRefused(Sz3Forge.withInner(s, moreNodes), DType.FLOAT32, "needs");
    byte[] tooMany = inner.clone();
    Sz3Forge.putI32be(tooMany, l.tree() + 4, 2 * 168);
    assertRefused(Sz3Forge.withInner(s, tooMany), DType.FLOAT32, "nodes for at most 168");
    byte[] none = inner.clone();
    Sz3Forge.putI32be(none, l.tree() + 4, 0);
    assertRefused(Sz3Forge.withInner(s, none), DType.FLOAT32, "of 0 nodes");

    // forged trees: symbols outside the quantizer's bins, two leaves for one symbol
    long[] dims = {40};
    int[] symbols = new int[40];
    Arrays.fill(symbols, 32768);
    symbols[0] = 0;
    Sz3Forge.Tree tree = Sz3Forge.balanced(0, 32768, 65535);
    byte[] ok = noPrediction(dims, tree, symbols, new double[] {1}, 4);
    assertEquals(1.0, Sz3.decode(ok, DType.FLOAT32).getDoubleFlat(0));
    Sz3Forge.Tree outside = Sz3Forge.balanced(0, 32768, 65536);
    assertRefused(noPrediction(dims, outside, symbols, new double[] {1}, 4), DType.FLOAT32,
        "outside [0, 65536)");
    Sz3Forge.Tree duplicate = Sz3Forge.balanced(0, 32768, 32769);
    duplicate.c[duplicate.c.length - 1] = 32768; // the last leaf now repeats 32768
    byte[] dup = noPrediction(dims, duplicate, symbols, new double[] {1}, 4);
    assertRefused(dup, DType.FLOAT32, "two leaves");
  }

  @Test
  void bitStreamMustHoldExactlyTheSymbols() {
    byte[] s = interpStream();
    byte[] inner = Sz3Forge.inner(s);
    InterpLayout l = InterpLayout.of(inner, 2, 4);
    long length = Sz3Forge.u64(inner, l.length());
    assertEquals(inner.length, l.bits() + length);
    // too few bits: one byte less
    byte[] shorter = Arrays.copyOf(inner, inner.length - 1);
    Sz3Forge.putU64(shorter, l.length(), length - 1);
    assertRefused(Sz3Forge.withInner(s, shorter), DType.FLOAT32, "ends before its symbols do");
    // a byte more than the codes fill
    byte[] longer = Arrays.copyOf(inner, inner.length + 1);
    Sz3Forge.putU64(longer, l.length(), length + 1);
    assertRefused(Sz3Forge.withInner(s, longer), DType.FLOAT32, "ends after");
    // a length past the payload
    byte[] past = inner.clone();
    Sz3Forge.putU64(past, l.length(), length + 1);
    assertRefused(Sz3Forge.withInner(s, past), DType.FLOAT32, "needs");
    // index counts other than the values
    for (long delta : new long[] {-1, 1, 1L << 40}) {
      byte[] count = inner.clone();
      Sz3Forge.putU64(count, l.count(), 168 + delta);
      assertRefused(Sz3Forge.withInner(s, count), DType.FLOAT32,
          "quantization indices for 168 values");
    }
  }

  @Test
  void unpredictableCountMustMatchTheZeroIndices() {
    // a smooth field with spikes far beyond the quantizer's range: unpredictable values
    NdArray spiky = TestData.smooth(Arena.ofAuto(), DType.FLOAT64, 12, 14);
    for (long i = 3; i < 168; i += 11) {
      TestData.set(spiky, i, 1e7 * (i % 3 - 1));
    }
    byte[] s = Sz3.encode(spiky, Sz3Options.tolerance(0.1));
    assertEquals("ALGO_INTERP", PayloadFlipMain.algorithm(s));
    byte[] inner = Sz3Forge.inner(s);
    InterpLayout l = InterpLayout.of(inner, 2, 8);
    long u = l.unpredictable();
    assertTrue(u > 10, "unpredictable values " + u);
    byte[] more = splice(inner, l.unpredictableAt(), 0, new byte[8]);
    Sz3Forge.putU64(more, l.quantizer() + 13, u + 1);
    assertRefused(Sz3Forge.withInner(s, more), DType.FLOAT64,
        "needs " + u + " unpredictable values, " + (u + 1) + " are stored");
    byte[] fewer = splice(inner, l.unpredictableAt(), 8, new byte[0]);
    Sz3Forge.putU64(fewer, l.quantizer() + 13, u - 1);
    assertRefused(Sz3Forge.withInner(s, fewer), DType.FLOAT64,
        "needs " + u + " unpredictable values, " + (u - 1) + " are stored");
    byte[] lying = inner.clone();
    Sz3Forge.putU64(lying, l.quantizer() + 13, 1L << 50);
    assertRefused(Sz3Forge.withInner(s, lying), DType.FLOAT64, "unpredictable values");
    // every index 0, one unpredictable value short (the all-zero tree is a single leaf)
    NdArray all = Sz3.decode(allUnpredictableInterp(new long[] {9, 10}, 0, 0, 0, 8), DType.FLOAT64);
    double sum = 0;
    for (long i = 0; i < 90; i++) {
      sum += all.getDoubleFlat(i);
    }
    assertEquals(89 * 90 / 2.0, sum);
    assertRefused(interp(new long[] {9, 10}, 0, 0, 0, new int[90], new double[89], 8),
        DType.FLOAT64, "needs 90 unpredictable values, 89");
  }

  // ---- fields of the decompositions ------------------------------------------------------------

  @Test
  void interpolationFieldsAreChecked() {
    byte[] s = interpStream();
    byte[] inner = Sz3Forge.inner(s);
    byte[] dims = inner.clone();
    Sz3Forge.putU64(dims, 0, 13);
    assertRefused(Sz3Forge.withInner(s, dims), DType.FLOAT32, "would write an array");
    byte[] block = inner.clone();
    Sz3Forge.putI32(block, 16, 16);
    assertRefused(Sz3Forge.withInner(s, block), DType.FLOAT32, "block size 16");
    byte[] interpolator = inner.clone();
    Sz3Forge.putI32(interpolator, 20, 2);
    assertRefused(Sz3Forge.withInner(s, interpolator), DType.FLOAT32, "interpolator 2");
    byte[] direction = inner.clone();
    Sz3Forge.putI32(direction, 24, 2);
    assertRefused(Sz3Forge.withInner(s, direction), DType.FLOAT32, "direction 2 of 2");
    byte[] anchor = inner.clone();
    Sz3Forge.putU64(anchor, 28, 12);
    assertRefused(Sz3Forge.withInner(s, anchor), DType.FLOAT32, "anchor stride 12");
    byte[] uid = inner.clone();
    uid[52] = 3;
    assertRefused(Sz3Forge.withInner(s, uid), DType.FLOAT32, "quantizer id 3");
    byte[] radius = inner.clone();
    Sz3Forge.putI32(radius, 52 + 9, 16384);
    assertRefused(Sz3Forge.withInner(s, radius), DType.FLOAT32, "radius 16384 for 65536");
    // the 1-D decoder never reads the direction
    byte[] oneD = allUnpredictableInterp(new long[] {50}, 1, 5, 0, 4);
    assertEquals(50, Sz3.decode(oneD, DType.FLOAT32).size());
  }

  @Test
  void onlyCheckedAlgorithmsAreDecoded() {
    byte[] s = interpStream();
    byte[] conf = Sz3Forge.confOf(s);
    int at = 16 + Sz3Forge.payloadSize(s) + Sz3Forge.algorithmOffset(conf);
    Object[][] cases = {
      {5, "ALGO_BIOMD: not supported"}, {6, "ALGO_BIOMDXTC: not supported"},
      {1, "ALGO_INTERP_LORENZO recorded"}, {9, "unknown algorithm number 9"},
      {4, "lossless payload"}, {0, "corrupt SZ3 stream"}, {3, "corrupt SZ3 stream"}};
    for (Object[] c : cases) {
      byte[] bad = s.clone();
      bad[at] = (byte) (int) c[0];
      assertRefused(bad, DType.FLOAT32, (String) c[1]);
    }
  }

  // ---- lorenzo-regression -------------------------------------------------------------------

  /**
   * A lorenzo-regression stream of zeros: predictors from the flags, the given selection per block
   * (null: single predictor), regression coefficients for the blocks that use regression (exact,
   * or unpredictable zeros in the first blocks), every index exact (32768) and no unpredictable
   * value: SZ3 decodes all zeros.
   */
  static byte[] lorenzoReg(long[] dims, int flags, int blockSize, int[] selection,
      long coefficients, long linearUnpredictable, long independentUnpredictable) {
    return lorenzoReg(dims, flags, blockSize, selection, coefficients, linearUnpredictable,
        independentUnpredictable, 0);
  }

  /** As above, with {@code storedDelta} more independent-term values stored than are needed. */
  static byte[] lorenzoReg(long[] dims, int flags, int blockSize, int[] selection,
      long coefficients, long linearUnpredictable, long independentUnpredictable,
      int storedDelta) {
    int n = dims.length;
    int num = (int) product(dims);
    Sz3Forge.Bytes b = new Sz3Forge.Bytes();
    boolean regression = (flags & 0x20) != 0;
    if (regression) {
      b.u64(coefficients);
      if (coefficients > 0) {
        int[] coefficientSymbols = new int[(int) coefficients];
        Arrays.fill(coefficientSymbols, 32768);
        for (int k = 0; k < coefficients; k++) {
          boolean linear = k % (n + 1) < n;
          if (linear ? k / (n + 1) < linearUnpredictable : k / (n + 1) < independentUnpredictable) {
            coefficientSymbols[k] = 0;
          }
        }
        b.put(Sz3Forge.quantizer(0.1, 32768,
            new double[(int) independentUnpredictable + storedDelta], 4));
        b.put(Sz3Forge.quantizer(0.01, 32768, new double[(int) linearUnpredictable * n], 4));
        Sz3Forge.Tree tree = treeFor(coefficientSymbols);
        b.put(tree.bytes()).put(Sz3Forge.bits(tree, coefficientSymbols));
      }
    }
    if (selection != null) {
      Sz3Forge.Tree tree = treeFor(selection);
      b.u64(selection.length).put(tree.bytes()).put(Sz3Forge.bits(tree, selection));
    }
    int[] symbols = new int[num];
    Arrays.fill(symbols, 32768);
    Sz3Forge.Tree tree = Sz3Forge.constant(32768);
    b.put(Sz3Forge.quantizer(0.5, 32768, new double[0], 4)).put(tree.bytes()).u64(num)
        .put(Sz3Forge.bits(tree, symbols));
    return Sz3Forge.stream(Sz3Forge.payload(b.toArray()),
        Sz3Forge.conf(dims, Sz3Conf.ALGO_LORENZO_REG, flags, blockSize));
  }

  private static void assertZeros(byte[] s) {
    NdArray out = Sz3.decode(s, DType.FLOAT32);
    for (long i = 0; i < out.size(); i++) {
      assertEquals(0.0, out.getDoubleFlat(i), "value " + i);
    }
  }

  @Test
  void lorenzoRegressionSelectionsAndCoefficientsAreCounted() {
    long[] dims = {20, 30}; // blocks of 6: 4 x 5, the last row of blocks 2 thick
    int blocks = 20;
    int[] selection = new int[blocks];
    int regressionBlocks = 0;
    for (int b = 0; b < blocks; b++) {
      selection[b] = b % 3;
      regressionBlocks += selection[b] == 2 ? 1 : 0;
    }
    long coefficients = 3L * regressionBlocks;
    assertZeros(lorenzoReg(dims, 0xE0, 6, selection, coefficients, 0, 0));
    assertZeros(lorenzoReg(dims, 0xE0, 6, selection, coefficients, 2, 3));
    assertRefused(lorenzoReg(dims, 0xE0, 6, selection, coefficients + 3, 0, 0), DType.FLOAT32,
        "regression coefficients for " + regressionBlocks + " regression blocks");
    assertRefused(lorenzoReg(dims, 0xE0, 6, selection, coefficients - 3, 0, 0), DType.FLOAT32,
        "regression coefficients");
    assertRefused(lorenzoReg(dims, 0xE0, 6, Arrays.copyOf(selection, blocks - 1), coefficients, 0,
        0), DType.FLOAT32, "predictor selections for 20 blocks");
    int[] outside = new int[blocks];
    outside[4] = 3;
    assertRefused(lorenzoReg(dims, 0xE0, 6, outside, 0, 0, 0), DType.FLOAT32, "outside [0, 3)");
    // the unpredictable values of the two regression quantizers are counted apart
    byte[] s = lorenzoReg(dims, 0xE0, 6, selection, coefficients, 2, 3);
    byte[] inner = Sz3Forge.inner(s);
    int linearCount = 8 + 21 + 3 * 4 + 13; // coefficient count, independent quantizer, linear's count
    assertEquals(4, Sz3Forge.u64(inner, linearCount)); // 2 blocks x 2 linear terms
    assertRefused(lorenzoReg(dims, 0xE0, 6, selection, coefficients, 2, 3, 1), DType.FLOAT32,
        "regression quantizer (independent term) needs 3 unpredictable values, 4");
    assertRefused(lorenzoReg(dims, 0xE0, 6, selection, coefficients, 2, 3, -1), DType.FLOAT32,
        "regression quantizer (independent term) needs 3 unpredictable values, 2");

    // a block 1 thick never uses regression: selecting it there takes no coefficients
    long[] thin = {19, 30};
    int[] all = new int[blocks];
    Arrays.fill(all, 2);
    assertZeros(lorenzoReg(thin, 0xE0, 6, all, 3L * 15, 0, 0));
    assertRefused(lorenzoReg(thin, 0xE0, 6, all, 3L * 20, 0, 0), DType.FLOAT32,
        "for 15 regression blocks");
    // regression alone: fine without thin blocks, refused with them (SZ3 reads outside)
    assertZeros(lorenzoReg(dims, 0x20, 6, null, 3L * blocks, 0, 0));
    assertRefused(lorenzoReg(thin, 0x20, 6, null, 3L * blocks, 0, 0), DType.FLOAT32,
        "regression-only");
    // single Lorenzo predictors store nothing; no predictor or no block size is refused
    assertZeros(lorenzoReg(dims, 0x80, 6, null, 0, 0, 0));
    assertZeros(lorenzoReg(new long[] {5, 6, 7, 8}, 0x40, 3, null, 0, 0, 0));
    assertRefused(lorenzoReg(dims, 0x10, 6, null, 0, 0, 0), DType.FLOAT32, "no predictor");
    assertRefused(lorenzoReg(dims, 0x80, 0, null, 0, 0, 0), DType.FLOAT32, "block size 0");
  }

  @Test
  void realLorenzoRegressionStreamsDecode() {
    try (Arena arena = Arena.ofConfined()) {
      for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
        NdArray data = TestData.smooth(arena, dtype, 10000);
        byte[] s = Sz3.encode(data, Sz3Options.tolerance(0.01));
        assertEquals("ALGO_LORENZO_REG", PayloadFlipMain.algorithm(s));
        NdArray out = Sz3.decode(MemorySegment.ofArray(s), dtype, arena);
        assertArrayEquals(PayloadFlipMain.sz3Directly(s, dtype, new long[] {10000}), values(out));
        assertTrue(TestData.maxAbsDiff(data, out) <= 0.01 * (1 + 1e-6));
      }
    }
  }

  // ---- truncation ----------------------------------------------------------------------------

  /**
   * Every shorter payload (the header and configuration block kept consistent), and every shorter
   * raw payload (compressed again), is refused: streams of each algorithm.
   */
  @Test
  void everyTruncatedPayloadIsRefused() {
    try (Arena arena = Arena.ofConfined()) {
      List<Object[]> streams = new ArrayList<>();
      streams.add(new Object[] {interpStream(), DType.FLOAT32});
      streams.add(new Object[] {Sz3.encode(TestData.smooth(arena, DType.FLOAT64, 6, 7, 8),
          Sz3Options.tolerance(0.01)), DType.FLOAT64});
      streams.add(new Object[] {Sz3.encode(TestData.smooth(arena, DType.FLOAT32, 10000),
          Sz3Options.tolerance(0.01)), DType.FLOAT32});
      streams.add(new Object[] {Sz3.encode(TestData.noisy(arena, DType.FLOAT32, 1, 9, 11),
          Sz3Options.tolerance(0)), DType.FLOAT32});
      streams.add(new Object[] {lorenzoReg(new long[] {20, 30}, 0xE0, 6,
          new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1}, 18, 2, 3),
          DType.FLOAT32});
      for (Object[] c : streams) {
        byte[] s = (byte[]) c[0];
        DType dtype = (DType) c[1];
        Sz3.decode(s, dtype);
        byte[] payload = Sz3Forge.payloadOf(s);
        byte[] conf = Sz3Forge.confOf(s);
        for (int k = 0; k < payload.length; k++) {
          byte[] cut = Sz3Forge.stream(Arrays.copyOf(payload, k), conf);
          assertThrows(Sz3Exception.class, () -> Sz3.decode(cut, dtype), "payload cut at " + k);
        }
        byte[] inner = Sz3Forge.inner(s);
        for (int k = 0; k < inner.length; k++) {
          byte[] cut = Sz3Forge.withInner(s, Arrays.copyOf(inner, k));
          assertThrows(Sz3Exception.class, () -> Sz3.decode(cut, dtype), "raw bytes cut at " + k);
        }
      }
    }
  }

  // ---- OpenMP streams ------------------------------------------------------------------------

  /**
   * A stream as SZ3's OpenMP mode writes it (EB_ABS: each thread compresses its rows as the serial
   * encoder does): thread count, the chunks' configuration blocks (OpenMP flag set), their sizes,
   * their payloads; the whole array's block, with the OpenMP flag and ALGO_INTERP_LORENZO.
   */
  static byte[] openMp(List<byte[]> chunks, byte[] whole) {
    Sz3Forge.Bytes p = new Sz3Forge.Bytes().i32(chunks.size());
    for (byte[] c : chunks) {
      byte[] conf = Sz3Forge.confOf(c);
      conf[Sz3Forge.flagsOffset(conf)] |= 0x08;
      p.put(conf);
    }
    for (byte[] c : chunks) {
      p.u64(Sz3Forge.payloadSize(c));
    }
    for (byte[] c : chunks) {
      p.put(Sz3Forge.payloadOf(c));
    }
    byte[] conf = Sz3Forge.confOf(whole);
    conf[Sz3Forge.flagsOffset(conf)] |= 0x08;
    conf[Sz3Forge.algorithmOffset(conf)] = Sz3Conf.ALGO_INTERP_LORENZO;
    return Sz3Forge.stream(p.toArray(), conf);
  }

  @Test
  void openMpStreamsAreCheckedChunkByChunk() {
    try (Arena arena = Arena.ofConfined()) {
      long[] shape = {10, 20, 30};
      NdArray data = TestData.smooth(arena, DType.FLOAT32, shape);
      int threads = 3;
      List<byte[]> chunks = new ArrayList<>();
      List<NdArray> expected = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long lo = t * 10L / threads, hi = (t + 1) * 10L / threads;
        NdArray rows = data.slice(0, lo, hi, 1);
        byte[] c = Sz3.encode(rows, Sz3Options.tolerance(t == 1 ? 0 : 0.01));
        chunks.add(c);
        expected.add(Sz3.decode(MemorySegment.ofArray(c), DType.FLOAT32, rows.shape(), arena));
      }
      assertEquals("ALGO_LOSSLESS", PayloadFlipMain.algorithm(chunks.get(1)));
      byte[] whole = Sz3.encode(data, Sz3Options.tolerance(0.01));
      byte[] s = openMp(chunks, whole);
      NdArray out = Sz3.decode(MemorySegment.ofArray(s), DType.FLOAT32, arena);
      assertArrayEquals(shape, out.shape());
      byte[] concatenated = new Sz3Forge.Bytes().put(values(expected.get(0)))
          .put(values(expected.get(1))).put(values(expected.get(2))).toArray();
      assertArrayEquals(concatenated, values(out));
      // SZ3's own OpenMP decoder agrees (the stream has passed the checks)
      assertArrayEquals(concatenated, PayloadFlipMain.sz3Directly(s, DType.FLOAT32, shape));

      // the chunks out of order: their blocks record other rows
      assertRefused(openMp(List.of(chunks.get(2), chunks.get(1), chunks.get(0)), whole),
          DType.FLOAT32, "OpenMP chunk 0 records dimensions [4, 20, 30], its rows are [3, 20, 30]");
      assertRefused(openMp(chunks.subList(0, 2), whole), DType.FLOAT32, "OpenMP chunk 0");
      int sizes = 16 + 4 + chunks.stream().mapToInt(c -> Sz3Forge.confOf(c).length).sum();
      byte[] size = s.clone();
      Sz3Forge.putU64(size, sizes, Sz3Forge.u64(s, sizes) + 1);
      assertRefused(size, DType.FLOAT32, "OpenMP chunks of");
      for (int count : new int[] {0, -1, 11, 1 << 20}) {
        byte[] bad = s.clone();
        Sz3Forge.putI32(bad, 16, count);
        assertRefused(bad, DType.FLOAT32, "OpenMP chunks");
      }
      // a chunk's payload is checked as any payload
      byte[] inner = Sz3Forge.inner(chunks.get(0));
      inner[inner.length - 1] ^= 0x5A;
      byte[] corrupt = Sz3Forge.withInner(chunks.get(0), Arrays.copyOf(inner, inner.length - 1));
      assertThrows(Sz3Exception.class, () -> Sz3.decode(corrupt, DType.FLOAT32));
      assertThrows(Sz3Exception.class, () -> Sz3.decode(
          openMp(List.of(corrupt, chunks.get(1), chunks.get(2)), whole), DType.FLOAT32));
    }
  }

  // ---- shapes with axes of length 1 -----------------------------------------------------------

  /** SZ3 drops axes of length 1 from what it records; the caller's shape may still have them. */
  @Test
  void shapesWithAxesOfLengthOneDecode() {
    try (Arena arena = Arena.ofConfined()) {
      for (long[] shape : new long[][] {{1, 200}, {3, 1, 50}, {1, 1, 1}, {2, 1, 3, 1, 40}}) {
        NdArray data = TestData.smooth(arena, DType.FLOAT32, shape);
        byte[] s = Sz3.encode(data, Sz3Options.tolerance(0.01));
        NdArray out = Sz3.decode(MemorySegment.ofArray(s), DType.FLOAT32, shape, arena);
        assertArrayEquals(shape, out.shape());
        assertTrue(TestData.maxAbsDiff(data, out) <= 0.01 * (1 + 1e-6));
        NdArray into = NdArray.allocate(arena, DType.FLOAT32, shape);
        Sz3.decode(MemorySegment.ofArray(s), into);
        assertEquals(0, TestData.maxAbsDiff(out, into));
      }
    }
  }
}
