package org.scicodecs.bindings;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Shared pieces of the binding smoke tests: test data and the C library's free(). */
public final class SmokeSupport {
  private static final MethodHandle FREE =
      Linker.nativeLinker()
          .downcallHandle(
              Linker.nativeLinker().defaultLookup().find("free").orElseThrow(),
              FunctionDescriptor.ofVoid(ADDRESS));

  private SmokeSupport() {}

  /** Releases a buffer that a library allocated with malloc (SPERR's output, for example). */
  public static void free(MemorySegment pointer) {
    try {
      FREE.invokeExact(pointer);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  /** A smooth 3-D field with some structure at several scales, as float32, C order. */
  public static MemorySegment smoothFloats(Arena arena, int nz, int ny, int nx) {
    MemorySegment s = arena.allocate(JAVA_FLOAT, (long) nz * ny * nx);
    long i = 0;
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          double v = Math.sin(0.21 * x) * Math.cos(0.13 * y) + 0.5 * Math.sin(0.07 * (x + y + z));
          s.setAtIndex(JAVA_FLOAT, i++, (float) v);
        }
      }
    }
    return s;
  }

  /** The same field as float64. */
  public static MemorySegment smoothDoubles(Arena arena, int nz, int ny, int nx) {
    MemorySegment f = smoothFloats(arena, nz, ny, nx);
    long n = f.byteSize() / 4;
    MemorySegment d = arena.allocate(JAVA_DOUBLE, n);
    for (long i = 0; i < n; i++) {
      d.setAtIndex(JAVA_DOUBLE, i, f.getAtIndex(JAVA_FLOAT, i) * 1.0000001);
    }
    return d;
  }

  /** The largest absolute difference between two float32 arrays of n values. */
  public static double maxAbsDiffFloat(MemorySegment a, MemorySegment b, long n) {
    double max = 0;
    for (long i = 0; i < n; i++) {
      max = Math.max(max, Math.abs(a.getAtIndex(JAVA_FLOAT, i) - b.getAtIndex(JAVA_FLOAT, i)));
    }
    return max;
  }

  /** The largest absolute difference between two float64 arrays of n values. */
  public static double maxAbsDiffDouble(MemorySegment a, MemorySegment b, long n) {
    double max = 0;
    for (long i = 0; i < n; i++) {
      max = Math.max(max, Math.abs(a.getAtIndex(JAVA_DOUBLE, i) - b.getAtIndex(JAVA_DOUBLE, i)));
    }
    return max;
  }
}
