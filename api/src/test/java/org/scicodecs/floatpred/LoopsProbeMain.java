package org.scicodecs.floatpred;

import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.scicodecs.NdArray;

/**
 * Run by {@link FloatpredLoopsChoiceTest} in a JVM with other options: prints {@link
 * Floatpred#loops()}, a hash of the bytes they encode (the same whichever loops run) and whether
 * decoding gives the input back.
 */
public final class LoopsProbeMain {
  private LoopsProbeMain() {}

  public static void main(String[] args) {
    double[] values = new double[3 * 4096];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.sin(i * 0.01) * 100;
    }
    NdArray data = NdArray.of(values, 4096, 3);
    NdArray encoded = Floatpred.encode(data, -2, 1);
    double[] back = new double[values.length];
    Floatpred.decode(encoded, -2, 1, NdArray.of(back, 4096, 3));
    System.out.println("loops=" + Floatpred.loops());
    System.out.println("vectorized=" + Floatpred.vectorized());
    System.out.println(
        "encoded=" + Arrays.hashCode(encoded.segment().toArray(ValueLayout.JAVA_BYTE)));
    System.out.println("roundTrip=" + Arrays.equals(values, back));
  }
}
