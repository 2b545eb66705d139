package org.scicodecs.cli.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.nio.channels.FileChannel;

/**
 * An allocator whose one allocation is the output file itself, memory-mapped: a codec that encodes
 * "into a segment from the caller's allocator" then writes its stream straight into the file, with
 * no copy and no heap or direct-memory buffer however large the stream. After encoding, close the
 * arena (unmapping the file) and {@link #finish truncate} the file to the stream's length (a
 * codec's bound is usually larger than its stream; the unused tail was never written, so it never
 * took disk space).
 *
 * <p>Not thread-safe: for one encode call.
 *
 * {@snippet :
 * try (FileChannel ch = FileChannel.open(tmp, READ, WRITE); Arena arena = Arena.ofConfined()) {
 *   FileAllocator file = new FileAllocator(ch, arena);
 *   MemorySegment stream = encoding.encode(data, file);
 *   long length = file.length(stream);
 *   arena.close();
 *   FileAllocator.finish(ch, length);
 * }
 * }
 */
public final class FileAllocator implements SegmentAllocator {
  private final FileChannel channel;
  private final Arena arena;
  private MemorySegment mapping;

  /**
   * @param channel the output file, open for reading and writing
   * @param arena how long the mapping lives
   */
  public FileAllocator(FileChannel channel, Arena arena) {
    this.channel = channel;
    this.arena = arena;
  }

  @Override
  public MemorySegment allocate(long byteSize, long byteAlignment) {
    if (mapping != null) {
      throw new IllegalStateException("the output file was already handed out to the codec");
    }
    try {
      // Mapping past the end of a file grows it (sparsely); the mapping is page-aligned.
      mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, Math.max(1, byteSize), arena);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return mapping.asSlice(0, byteSize);
  }

  /**
   * Where the stream ended up: its length if the codec returned a slice at the start of this
   * file's mapping, or -1 if it returned memory of its own (then the caller writes it).
   */
  public long length(MemorySegment stream) {
    if (mapping != null
        && stream.address() == mapping.address()
        && stream.byteSize() <= mapping.byteSize()) {
      return stream.byteSize();
    }
    return -1;
  }

  /** Cuts the file to the stream's length; call after the mapping's arena is closed. */
  public static void finish(FileChannel channel, long length) throws IOException {
    channel.truncate(length);
    if (channel.size() < length) {
      throw new IOException("the output file is shorter than the " + length + "-byte stream");
    }
  }
}
