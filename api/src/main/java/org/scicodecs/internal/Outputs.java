package org.scicodecs.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.function.Consumer;
import org.scicodecs.OutputTooSmallException;

/**
 * How bytes a codec produced in scratch memory reach the caller: into the caller's segment
 * (refused with the size needed, before anything is written, when it does not fit), into a new
 * segment of exactly their size from the caller's allocator, or — for a buffer the native library
 * allocated itself — handed over without a copy when the caller's allocator is an {@link Arena}.
 *
 * <p>Thread-safe: stateless.
 */
public final class Outputs {
  private Outputs() {}

  /**
   * Copies {@code stream} to the start of {@code out}.
   *
   * @param what the codec and operation, for the exception, e.g. {@code "aec encode"}
   * @return the stream's size
   * @throws OutputTooSmallException if {@code out} is smaller than the stream (nothing written)
   */
  public static long copyInto(String what, MemorySegment stream, MemorySegment out) {
    if (stream.byteSize() > out.byteSize()) {
      throw new OutputTooSmallException(what, stream.byteSize(), out.byteSize());
    }
    MemorySegment.copy(stream, 0, out, 0, stream.byteSize());
    return stream.byteSize();
  }

  /** A new segment from the allocator holding exactly {@code stream}'s bytes. */
  public static MemorySegment copyOf(MemorySegment stream, SegmentAllocator allocator) {
    return copyOf(stream, 1, allocator);
  }

  /** A new segment from the allocator, with the given alignment, holding {@code bytes}' bytes. */
  public static MemorySegment copyOf(MemorySegment bytes, long alignment, SegmentAllocator allocator) {
    MemorySegment result = allocator.allocate(bytes.byteSize(), alignment);
    MemorySegment.copy(bytes, 0, result, 0, bytes.byteSize());
    return result;
  }

  /**
   * A new byte array holding exactly {@code stream}'s bytes.
   *
   * @throws IllegalArgumentException if the stream is too long for a Java array (before copying)
   */
  public static byte[] toByteArray(MemorySegment stream) {
    if (stream.byteSize() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "the stream has " + stream.byteSize()
              + " bytes, too many for a Java array: use a MemorySegment");
    }
    return stream.toArray(ValueLayout.JAVA_BYTE);
  }

  /**
   * Hands over {@code buffer}, which a native library allocated and which must be released with
   * {@code free}, as {@code byteSize} bytes the caller owns. When {@code allocator} is an {@link
   * Arena} the caller gets the library's buffer itself, released when the arena closes: no copy,
   * which is what decoding a large array into a fresh segment should cost. Any other allocator
   * gets a copy with the given alignment (1 for a stream, the element size for an array's values),
   * and the buffer is released at once. On failure the buffer is released too.
   */
  public static MemorySegment adopt(
      MemorySegment buffer,
      long byteSize,
      long alignment,
      SegmentAllocator allocator,
      Consumer<MemorySegment> free) {
    boolean handedOver = false;
    try {
      MemorySegment result;
      if (allocator instanceof Arena arena) {
        result = buffer.reinterpret(byteSize, arena, free);
        handedOver = true;
      } else {
        result = copyOf(buffer.reinterpret(byteSize), alignment, allocator);
      }
      return result;
    } finally {
      if (!handedOver) {
        free.accept(buffer);
      }
    }
  }
}
