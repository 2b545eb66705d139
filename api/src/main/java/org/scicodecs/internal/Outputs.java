package org.scicodecs.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import org.scicodecs.OutputTooSmallException;

/**
 * The two ways an encoded stream written to scratch memory reaches the caller: into the caller's
 * segment (refused with the size needed, before anything is written, when it does not fit) or
 * into a new segment of exactly its size from the caller's allocator.
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
    MemorySegment result = allocator.allocate(stream.byteSize());
    MemorySegment.copy(stream, 0, result, 0, stream.byteSize());
    return result;
  }
}
