package org.scicodecs.sz3;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.TestData;
import org.scicodecs.bindings.sz3.sz3c_h;

/**
 * Child-process body of {@link Sz3PayloadFlipTest}: flips payload bytes of small streams of every
 * algorithm the C wrapper writes, from trial {@code args[1]} on, and decodes each with {@link
 * Sz3#decode}. Protocol on stdout: {@code total N}; per stream {@code stream K ALGO FIRST LAST};
 * per trial {@code try T} before, then {@code refused T}, {@code ok T same} (the values the
 * unflipped stream decodes to), {@code ok T changed} (other values: bytes no check can tell from
 * data, SZ3 streams having no checksum) or {@code bad T WHY} (a decode that disagrees with SZ3's
 * own). A lossless stream decoded without SZ3 is decoded again by SZ3 directly (safe once checked),
 * and the two must agree. Ends with {@code done}.
 *
 * <p>{@code args[0]}: {@code ci} (36,332 trials, masks 01 10 80 FF, about 5 s) or {@code long}
 * (more and larger streams, every single bit and FF: 284,643 trials, about 25 s).
 */
public final class PayloadFlipMain {
  private PayloadFlipMain() {}

  record Case(String name, DType dtype, long[] shape, byte[] stream) {}

  static List<Case> cases(boolean full, Arena arena) {
    List<Case> cases = new ArrayList<>();
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (long[] shape : new long[][] {{200}, {12, 14}, {6, 7, 8}}) {
        NdArray data = TestData.noisy(arena, dtype, 5, shape);
        cases.add(new Case("noisy", dtype, shape, Sz3.encode(data, Sz3Options.tolerance(0.1))));
      }
    }
    cases.add(smooth(arena, DType.FLOAT32, 0.1, 12, 14));
    cases.add(smooth(arena, DType.FLOAT32, 0.1, 6, 7, 8));
    cases.add(smooth(arena, DType.FLOAT32, 0.01, 10000)); // lorenzo-regression
    if (full) {
      cases.add(smooth(arena, DType.FLOAT64, 0.01, 10000));
      cases.add(smooth(arena, DType.FLOAT32, 0.01, 5, 6, 7, 8));
      cases.add(smooth(arena, DType.FLOAT64, 0, 20, 30));
      cases.add(smooth(arena, DType.FLOAT32, 1e-3, 40, 50));
      NdArray noisy = TestData.noisy(arena, DType.FLOAT32, 9, 30, 40);
      cases.add(new Case("noisy", DType.FLOAT32, noisy.shape(),
          Sz3.encode(noisy, Sz3Options.relative(1e-3))));
    }
    return cases;
  }

  private static Case smooth(Arena arena, DType dtype, double tolerance, long... shape) {
    NdArray data = TestData.smooth(arena, dtype, shape);
    return new Case("smooth", dtype, shape, Sz3.encode(data, Sz3Options.tolerance(tolerance)));
  }

  static int[] masks(boolean full) {
    return full ? new int[] {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xFF}
        : new int[] {0x01, 0x10, 0x80, 0xFF};
  }

  static String algorithm(byte[] stream) {
    byte[] conf = Sz3Forge.confOf(stream);
    return Sz3Conf.algorithmName(conf[Sz3Forge.algorithmOffset(conf)]);
  }

  /** SZ3's own decode (through the raw binding), for a stream that has passed the checks. */
  static byte[] sz3Directly(byte[] stream, DType dtype, long[] shape) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment src = arena.allocate(stream.length);
      MemorySegment.copy(stream, 0, src, ValueLayout.JAVA_BYTE, 0, stream.length);
      long[] r = new long[5];
      System.arraycopy(shape, 0, r, 5 - shape.length, shape.length);
      long bytes = dtype.byteSize();
      for (long d : shape) {
        bytes *= d;
      }
      int type = dtype == DType.FLOAT32 ? sz3c_h.SZ_FLOAT() : sz3c_h.SZ_DOUBLE();
      MemorySegment p = sz3c_h.SZ_decompress(type, src, stream.length, r[0], r[1], r[2], r[3], r[4]);
      if (p.equals(MemorySegment.NULL)) {
        return null;
      }
      try {
        return p.reinterpret(bytes).toArray(ValueLayout.JAVA_BYTE);
      } finally {
        sz3c_h.free_buf(p);
      }
    }
  }

  public static void main(String[] args) {
    boolean full = args[0].equals("long");
    int from = Integer.parseInt(args[1]);
    try (Arena arena = Arena.ofConfined()) {
      List<Case> cases = cases(full, arena);
      int[] masks = masks(full);
      int total = 0;
      for (Case c : cases) {
        total += Sz3Forge.payloadSize(c.stream()) * masks.length;
      }
      System.out.println("total " + total);
      int trial = 0;
      for (int k = 0; k < cases.size(); k++) {
        Case c = cases.get(k);
        byte[] s = c.stream();
        int payload = Sz3Forge.payloadSize(s);
        String algorithm = algorithm(s);
        System.out.println("stream " + k + " " + algorithm + " " + trial + " "
            + (trial + payload * masks.length - 1));
        byte[] reference = Sz3.decode(MemorySegment.ofArray(s), c.dtype(), c.shape(), arena)
            .segment().toArray(ValueLayout.JAVA_BYTE);
        for (int pos = 16; pos < 16 + payload; pos++) {
          for (int mask : masks) {
            int t = trial++;
            if (t < from) {
              continue;
            }
            byte[] bad = s.clone();
            bad[pos] ^= (byte) mask;
            System.out.println("try " + t);
            System.out.flush();
            byte[] decoded;
            try {
              decoded = Sz3.decode(MemorySegment.ofArray(bad), c.dtype(), c.shape(), arena)
                  .segment().toArray(ValueLayout.JAVA_BYTE);
            } catch (Sz3Exception e) {
              System.out.println("refused " + t);
              continue;
            }
            if (algorithm.equals("ALGO_LOSSLESS")) {
              byte[] direct = sz3Directly(bad, c.dtype(), c.shape());
              if (direct == null || !java.util.Arrays.equals(direct, decoded)) {
                System.out.println("bad " + t + " lossless decode differs from SZ3's own");
                continue;
              }
            }
            System.out.println("ok " + t + (java.util.Arrays.equals(decoded, reference)
                ? " same" : " changed"));
          }
        }
      }
      System.out.println("done");
    }
  }
}
