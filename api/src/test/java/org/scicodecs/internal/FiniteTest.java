package org.scicodecs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.scicodecs.DType;
import org.scicodecs.NdArray;

class FiniteTest {
  @Test
  void contiguousAndStridedArraysGiveTheSameAnswers() {
    try (Arena arena = Arena.ofConfined()) {
      for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
        NdArray a = NdArray.allocate(arena, dtype, 3, 40000); // beyond one scan chunk
        for (long i = 0; i < a.size(); i++) {
          double v = (i % 7) - 3.5;
          if (dtype == DType.FLOAT32) {
            a.segment().setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v);
          } else {
            a.segment().setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
          }
        }
        NdArray t = a.transpose(); // (40000, 3), not contiguous
        assertEquals(-1, Finite.firstNonFinite(a));
        assertEquals(-1, Finite.firstNonFinite(t));
        assertEquals(3.5, Finite.maxAbs(a));
        assertEquals(3.5, Finite.maxAbs(t));
        long flat = 2 * 40000 + 33333; // a[2, 33333] = t[33333, 2]
        if (dtype == DType.FLOAT32) {
          a.segment().setAtIndex(ValueLayout.JAVA_FLOAT, flat, Float.NEGATIVE_INFINITY);
        } else {
          a.segment().setAtIndex(ValueLayout.JAVA_DOUBLE, flat, Double.NaN);
        }
        assertEquals(flat, Finite.firstNonFinite(a));
        assertEquals(33333L * 3 + 2, Finite.firstNonFinite(t));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Finite.require(t, "data", "why"));
        assertTrue(e.getMessage().startsWith("data[33333, 2] is "), e.getMessage());
      }
    }
  }
}
