package org.scicodecs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import org.junit.jupiter.api.Test;
import org.scicodecs.internal.Downcalls;

/** Critical downcalls pass Java arrays to native code without a copy (and only they can). */
class DowncallsTest {
  private static final FunctionDescriptor MEMCMP =
      FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);

  @Test
  void heapArraysReachNativeCodeThroughTheCriticalHandle() throws Throwable {
    MemorySegment memcmp = Linker.nativeLinker().defaultLookup().find("memcmp").orElseThrow();
    MethodHandle critical = Downcalls.critical(memcmp, MEMCMP);
    assertSame(critical, Downcalls.critical(memcmp, MEMCMP), "handles are cached");
    MemorySegment a = MemorySegment.ofArray(new byte[] {1, 2, 3, 4});
    MemorySegment b = MemorySegment.ofArray(new byte[] {1, 2, 9, 4});
    assertTrue((int) critical.invokeExact(a, b, 4L) < 0);
    assertEquals(0, (int) critical.invokeExact(a, b, 2L));
    @SuppressWarnings("restricted")
    MethodHandle plain = Linker.nativeLinker().downcallHandle(memcmp, MEMCMP);
    assertThrows(IllegalArgumentException.class, () -> {
      int ignored = (int) plain.invokeExact(a, b, 4L); // a heap segment needs the critical option
    });
  }

  @Test
  void onlySmallHeapSegmentsUseTheCriticalPath() {
    assertTrue(Downcalls.useCritical(MemorySegment.ofArray(new byte[16]), MemorySegment.NULL));
    assertFalse(Downcalls.useCritical(MemorySegment.NULL));
    assertFalse(Downcalls.useCritical(MemorySegment.ofArray(new byte[(64 << 20) + 1])));
    assertTrue(Downcalls.needsOffHeapCopy(MemorySegment.ofArray(new byte[(64 << 20) + 1])));
  }
}
