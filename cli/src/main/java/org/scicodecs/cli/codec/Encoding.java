package org.scicodecs.cli.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import org.scicodecs.NdArray;

/**
 * A prepared encode: the codec's options already checked, ready to run on arrays of the dtype and
 * shape it was prepared for (the benchmark runs it many times).
 *
 * <p>Thread-safety: as the codec's {@code encode}; every scicodecs codec is thread-safe.
 *
 * {@snippet :
 * Encoding enc = adapter.encoder(params, data);
 * MemorySegment stream = enc.encode(data, arena); // exactly the stream's bytes
 * }
 */
public interface Encoding {
  /**
   * Encodes {@code data} and returns exactly the stream. Memory for the stream comes from {@code
   * allocator}, with at most one allocation (the command's allocator maps the output file, so the
   * codec writes straight into it); the stream is a slice starting at that allocation's start.
   */
  MemorySegment encode(NdArray data, SegmentAllocator allocator);

  /**
   * The most bytes the allocation can take for {@code data} (a codec's bound), or -1 if the codec
   * allocates exactly the stream's size.
   */
  default long maxAllocation(NdArray data) {
    return -1;
  }
}
