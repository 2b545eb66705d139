package org.scicodecs.sz3;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.TestData;

/**
 * Child-process body of {@link Sz3PayloadFlipTest}: flips payload bits of small streams from
 * trial {@code args[0]} on, printing "try T" before and "ok T"/"refused T" after each decode, so
 * the parent can tell where SZ3 crashed the process and go on after it.
 */
public final class PayloadFlipMain {
  private PayloadFlipMain() {}

  public static void main(String[] args) {
    int from = Integer.parseInt(args[0]);
    int trial = 0;
    try (Arena arena = Arena.ofConfined()) {
      for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
        for (long[] shape : new long[][] {{200}, {12, 14}, {6, 7, 8}}) {
          NdArray data = TestData.noisy(arena, dtype, 5, shape);
          byte[] s = Sz3.encode(data, Sz3Options.tolerance(0.1));
          long end = 16 + Sz3.readHeader(s).payloadSize();
          for (int pos = 16; pos < end; pos++) {
            for (int mask : new int[] {0x01, 0x10, 0x80, 0xFF}) {
              if (trial++ < from) {
                continue;
              }
              byte[] bad = s.clone();
              bad[pos] ^= (byte) mask;
              System.out.println("try " + (trial - 1));
              System.out.flush();
              try {
                Sz3.decode(MemorySegment.ofArray(bad), dtype, shape, arena);
                System.out.println("ok " + (trial - 1));
              } catch (Sz3Exception e) {
                System.out.println("refused " + (trial - 1));
              }
            }
          }
        }
      }
      System.out.println("done");
    }
  }
}
