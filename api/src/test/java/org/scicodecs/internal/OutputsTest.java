package org.scicodecs.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.scicodecs.OutputTooSmallException;

class OutputsTest {
  /** A "library buffer": malloc'ed, filled with 0, 1, 2, ...; frees are recorded, then done. */
  private static MemorySegment libraryBuffer(int n) {
    MemorySegment p = NativeMemory.malloc(n, Arena.global()).reinterpret(n);
    for (int i = 0; i < n; i++) {
      p.set(ValueLayout.JAVA_BYTE, i, (byte) i);
    }
    return MemorySegment.ofAddress(p.address());
  }

  @Test
  void adoptIntoAnArenaHandsOverTheBufferAndFreesItWhenTheArenaCloses() {
    MemorySegment buffer = libraryBuffer(100);
    List<Long> freed = new ArrayList<>();
    MemorySegment result;
    try (Arena arena = Arena.ofConfined()) {
      result = Outputs.adopt(buffer, 64, 8, arena, s -> freed.add(s.address()));
      assertEquals(buffer.address(), result.address(), "no copy");
      assertEquals(64, result.byteSize());
      assertEquals(63, result.get(ValueLayout.JAVA_BYTE, 63));
      assertTrue(freed.isEmpty(), "not freed while the arena is open");
    }
    assertEquals(List.of(buffer.address()), freed);
    assertFalse(result.scope().isAlive());
    NativeMemory.free(buffer);
  }

  @Test
  void adoptWithAnotherAllocatorCopiesAndFreesAtOnce() {
    MemorySegment buffer = libraryBuffer(16);
    List<Long> freed = new ArrayList<>();
    byte[] heap = new byte[32];
    MemorySegment result =
        Outputs.adopt(buffer, 16, 1, SegmentAllocator.prefixAllocator(MemorySegment.ofArray(heap)),
            s -> freed.add(s.address()));
    assertEquals(List.of(buffer.address()), freed);
    assertFalse(result.isNative());
    assertArrayEquals(buffer.reinterpret(16).toArray(ValueLayout.JAVA_BYTE),
        result.toArray(ValueLayout.JAVA_BYTE));
    NativeMemory.free(buffer);
  }

  @Test
  void adoptFreesTheBufferWhenTheHandOverFails() throws Exception {
    MemorySegment buffer = libraryBuffer(16);
    List<Long> freed = new ArrayList<>();
    try (Arena arena = Arena.ofConfined();
        var pool = Executors.newSingleThreadExecutor()) {
      // A confined arena cannot take a cleanup action from another thread.
      Future<?> f = pool.submit(() -> Outputs.adopt(buffer, 16, 8, arena, s -> freed.add(s.address())));
      Throwable e = assertThrows(Exception.class, f::get).getCause();
      assertTrue(e instanceof WrongThreadException, e.toString());
    }
    assertEquals(List.of(buffer.address()), freed, "freed exactly once, by adopt");
    NativeMemory.free(buffer);
  }

  @Test
  void copyIntoRefusesATooSmallOutputBeforeWriting() {
    MemorySegment stream = MemorySegment.ofArray(new byte[] {1, 2, 3, 4});
    byte[] small = new byte[3];
    OutputTooSmallException e = assertThrows(OutputTooSmallException.class,
        () -> Outputs.copyInto("test encode", stream, MemorySegment.ofArray(small)));
    assertTrue(e.getMessage().contains("4"), e.getMessage());
    assertArrayEquals(new byte[3], small);
    byte[] big = new byte[6];
    assertEquals(4, Outputs.copyInto("test encode", stream, MemorySegment.ofArray(big)));
    assertArrayEquals(new byte[] {1, 2, 3, 4, 0, 0}, big);
  }

  @Test
  void toByteArrayCopiesExactly() {
    assertArrayEquals(new byte[] {5, 6}, Outputs.toByteArray(MemorySegment.ofArray(new byte[] {5, 6})));
  }
}
