package org.scicodecs.sz3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * The Huffman decoder of the checks: table-driven and two-lane decoding must count exactly what a
 * bit-by-bit walk of the tree counts (symbols 0, and the bits they take), on code sets that
 * resynchronize fast, slowly or never, with codes longer than the tables and the windows.
 */
class Sz3HuffmanTest {
  /** A tree and its bit stream in a padded native buffer, as the payload check holds them. */
  private static Sz3Huffman.Bits open(Arena arena, Sz3Forge.Tree tree, int[] symbols,
      int dropBytes) {
    return open(arena, tree, Sz3Forge.bits(tree, symbols), symbols.length, dropBytes);
  }

  private static Sz3Huffman.Bits open(Arena arena, Sz3Forge.Tree tree, byte[] bits, int symbols,
      int dropBytes) {
    if (dropBytes > 0) {
      bits = Arrays.copyOf(bits, bits.length - dropBytes);
      Sz3Forge.putU64(bits, 0, bits.length - 8);
    }
    byte[] raw = new Sz3Forge.Bytes().put(tree.bytes()).put(bits).toArray();
    MemorySegment s = arena.allocate(raw.length + Sz3Payload.PADDING);
    MemorySegment.copy(raw, 0, s, ValueLayout.JAVA_BYTE, 0, raw.length);
    Sz3Cursor c = new Sz3Cursor(s, 0, raw.length);
    Sz3Huffman h = Sz3Huffman.read(c, "tree", symbols, Long.MAX_VALUE);
    return h.stream(c, "stream");
  }

  private static long zeros(int[] symbols, int n) {
    return Arrays.stream(symbols, 0, n).filter(v -> v == 0).count();
  }

  /** Lanes, tables and the plain walk agree on every prefix length tried. */
  private static void agree(String what, Sz3Forge.Tree tree, int[] symbols) {
    byte[] encoded = Sz3Forge.bits(tree, symbols);
    try (Arena arena = Arena.ofConfined()) {
      for (int n : new int[] {symbols.length, symbols.length - 1, symbols.length - 777,
          symbols.length / 2 + 3, 5000, 1}) {
        if (n < 1 || n > symbols.length) {
          continue;
        }
        Sz3Huffman.Bits fast = open(arena, tree, encoded, symbols.length, 0);
        long start = fast.position();
        long z = fast.countZeros(n);
        Sz3Huffman.Bits serial = open(arena, tree, encoded, symbols.length, 0);
        long zs = serial.serialZeros(n);
        Sz3Huffman.Bits walk = open(arena, tree, encoded, symbols.length, 0);
        long zw = 0;
        for (int i = 0; i < n; i++) {
          zw += walk.next() == 0 ? 1 : 0; // no tables: built only for 4096 symbols or more
        }
        assertEquals(zeros(symbols, n), zw, what + " n=" + n + ": walk");
        assertEquals(zw, zs, what + " n=" + n + ": serial");
        assertEquals(zw, z, what + " n=" + n + ": lanes");
        assertEquals(walk.position(), serial.position(), what + " n=" + n + ": serial position");
        assertEquals(walk.position(), fast.position(), what + " n=" + n + ": lanes position");
        long storedBytes = encoded.length - 8;
        if ((fast.position() - start + 7) / 8 == storedBytes) {
          fast.finish();
        } else {
          assertTrue(n < symbols.length, what);
          assertThrows(Sz3Exception.class, fast::finish, what + ": the stream has more bytes");
        }
      }
      // a byte short: every decoder refuses
      Sz3Huffman.Bits shortLanes = open(arena, tree, encoded.clone(), symbols.length, 1);
      assertThrows(Sz3Exception.class, () -> shortLanes.countZeros(symbols.length), what);
      Sz3Huffman.Bits shortSerial = open(arena, tree, encoded.clone(), symbols.length, 1);
      assertThrows(Sz3Exception.class, () -> shortSerial.serialZeros(symbols.length), what);
    }
  }

  private static int[] draw(int n, IntSupplier source) {
    int[] s = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = source.getAsInt();
    }
    return s;
  }

  @Test
  void decodersAgreeOnManyCodeSets() {
    Random r = new Random(7);
    int n = 300_000;
    // mostly one bin, as smooth data at a loose bound: codes of 1 to a few bits
    int[] skewed = draw(n, () -> r.nextDouble() < 0.9 ? 32768 : 32768 + (int) (r.nextGaussian() * 3));
    agree("skewed", Sz3Forge.huffman(skewed), skewed);
    // a wide Laplacian, as at a tight bound: codes of 7 to 20 bits, with a few zeros
    int[] wide = draw(n, () -> {
      if (r.nextInt(5000) == 0) {
        return 0;
      }
      double u = r.nextDouble() - 0.5;
      return 32768 + (int) Math.round(-30 * Math.signum(u) * Math.log(1 - 2 * Math.abs(u)));
    });
    agree("wide", Sz3Forge.huffman(wide), wide);
    // every code 12 bits: a lane started off the 12-bit grid never resynchronizes
    int[] fixed = draw(n, () -> r.nextInt(4096));
    agree("fixed", Sz3Forge.huffman(fixed), fixed);
    int[] two = draw(n, () -> r.nextInt(2));
    agree("two", Sz3Forge.huffman(two), two);
    // geometric: code lengths 1, 2, 3, ... 18
    int[] geometric = draw(n, () -> Integer.numberOfTrailingZeros(r.nextInt() | 1 << 20));
    agree("geometric", Sz3Forge.huffman(geometric), geometric);
    // codes up to 70 bits: longer than a table, longer than a 64-bit window
    Sz3Forge.Tree deep = Sz3Forge.caterpillar(70);
    int[] mixed = draw(n, () -> r.nextInt(500) == 0 ? 40 + r.nextInt(31) : r.nextInt(4));
    agree("deep", deep, mixed);
  }

  @Test
  void randomCodeSets() {
    Random r = new Random(11);
    for (int round = 0; round < 8; round++) {
      int n = 70_000 + r.nextInt(200_000);
      int spread = 1 + r.nextInt(300);
      double pZero = r.nextDouble() * 0.01;
      int[] symbols = draw(n, () -> r.nextDouble() < pZero ? 0
          : 1 + Math.abs((int) (r.nextGaussian() * spread)));
      agree("round " + round, Sz3Forge.huffman(symbols), symbols);
    }
  }

  @Test
  void constantTreeReadsNoBits() {
    try (Arena arena = Arena.ofConfined()) {
      int[] symbols = new int[100_000];
      Sz3Huffman.Bits bits = open(arena, Sz3Forge.constant(0), symbols, 0);
      long start = bits.position();
      assertEquals(100_000, bits.countZeros(100_000));
      assertEquals(start, bits.position());
      bits.finish();
    }
  }
}
