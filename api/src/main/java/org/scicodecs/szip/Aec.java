package org.scicodecs.szip;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import org.scicodecs.OutputTooSmallException;
import org.scicodecs.bindings.aec.aec_stream;
import org.scicodecs.bindings.aec.libaec_h;
import org.scicodecs.internal.Check;
import org.scicodecs.internal.NativeCodec;
import org.scicodecs.internal.NativeMemory;
import org.scicodecs.internal.Outputs;

/**
 * AEC: libaec's raw CCSDS 121.0-B adaptive entropy coder — imagecodecs' {@code aec_encode} and
 * {@code aec_decode}. A raw stream has no header: the decoder needs the same {@link AecOptions}
 * and the decoded size, which the caller's output segment gives. Failures are {@link
 * SzipException}s carrying libaec's status.
 *
 * <p>libaec reads and writes through pointers held in its {@code aec_stream} struct, which a Java
 * array's address cannot be stored in: off-heap and mapped segments go to libaec directly, heap
 * segments are copied off-heap first.
 *
 * <p>Thread-safe: all methods are static; every call has its own {@code aec_stream}.
 *
 * {@snippet :
 * short[] samples = new short[4096];
 * AecOptions options = AecOptions.of(16).withBlockSize(16).withRsi(128);
 * byte[] stream = Aec.encode(MemorySegment.ofArray(samples), options);
 * short[] back = new short[samples.length];
 * long written = Aec.decode(MemorySegment.ofArray(stream), options, MemorySegment.ofArray(back));
 * }
 */
public final class Aec {
  static final NativeCodec NATIVE = new NativeCodec("libaec", "aec", SzipException::new);

  private Aec() {}

  /** Whether libaec can be loaded. Never throws. */
  public static boolean available() {
    return NATIVE.available();
  }

  /** {@code "libaec X.Y.Z"} from libaec's version macros; {@code "libaec n/a"} if unavailable. */
  public static String version() {
    return NATIVE.version(Aec::headerVersion);
  }

  static String headerVersion() {
    return libaec_h.AEC_VERSION_MAJOR()
        + "."
        + libaec_h.AEC_VERSION_MINOR()
        + "."
        + libaec_h.AEC_VERSION_PATCH();
  }

  /** libaec's bound for an encoded stream of {@code bytes} input bytes (its README's formula). */
  public static long maxEncodedSize(long bytes) {
    Check.nonNegative(bytes, "bytes");
    return bytes * 67 / 64 + 256 + 1;
  }

  /**
   * Encodes samples into the caller's segment.
   *
   * @param samples the samples' bytes, as {@link AecOptions#bitsPerSample()} says they are stored
   * @return the bytes written at the start of {@code out}
   * @throws OutputTooSmallException if the stream does not fit (nothing is written then)
   * @throws SzipException if libaec refuses the options or the data
   */
  public static long encode(MemorySegment samples, AecOptions options, MemorySegment out) {
    Check.writable(out, "out");
    Check.noOverlap(samples, "samples", out, "out");
    try (Arena arena = Arena.ofConfined()) {
      // Straight into the caller's memory when it is off-heap and holds the bound; else a scratch
      // stream that is copied only if it fits.
      boolean direct = out.isNative() && out.byteSize() >= maxEncodedSize(samples.byteSize());
      MemorySegment stream = encodeTo(samples, options, direct ? out : null, arena);
      return direct ? stream.byteSize() : Outputs.copyInto("aec encode", stream, out);
    }
  }


  /** Encodes samples into a new segment of exactly the stream's size from the allocator. */
  public static MemorySegment encode(
      MemorySegment samples, AecOptions options, SegmentAllocator allocator) {
    Check.notNull(allocator, "allocator");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment stream = encodeTo(samples, options, null, arena);
      return Outputs.copyOf(stream, allocator);
    }
  }

  /**
   * Encodes an integer array's elements (C order; a strided view is copied first) into a new byte
   * array: the requested API's {@code aec_encode(data, ...)}.
   */
  public static byte[] encode(org.scicodecs.NdArray data, AecOptions options) {
    try (Arena arena = Arena.ofConfined()) {
      Check.notNull(data, "data");
      if (!data.dtype().isInteger()) {
        throw new IllegalArgumentException("AEC codes integer samples, not " + data.dtype());
      }
      return encode(data.toContiguous(arena).contiguousSegment(), options);
    }
  }

  /** Encodes samples into a new byte array of exactly the stream's size. */
  public static byte[] encode(MemorySegment samples, AecOptions options) {
    try (Arena arena = Arena.ofConfined()) {
      return encodeTo(samples, options, null, arena).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }
  }

  /** Encodes into {@code target} (off-heap, at least the bound) or, if null, into scratch memory. */
  private static MemorySegment encodeTo(
      MemorySegment samples, AecOptions options, MemorySegment target, Arena arena) {
    Check.notNull(samples, "samples");
    Check.notNull(options, "options");
    if (samples.byteSize() % options.sampleBytes() != 0) {
      throw new IllegalArgumentException(
          "samples has " + samples.byteSize() + " bytes, not a whole number of "
              + options.sampleBytes() + "-byte samples");
    }
    NATIVE.require();
    MemorySegment in = NativeMemory.offHeap(samples, arena); // libaec keeps pointers in a struct
    MemorySegment out = target != null ? target : arena.allocate(maxEncodedSize(samples.byteSize()), 8);
    MemorySegment strm = stream(in, out, options, arena);
    int status = libaec_h.aec_buffer_encode(strm);
    if (status != AEC.OK) {
      throw failure("aec_buffer_encode", status);
    }
    if (aec_stream.total_in(strm) != in.byteSize()) {
      throw new SzipException("aec_buffer_encode consumed " + aec_stream.total_in(strm) + " of "
          + in.byteSize() + " bytes");
    }
    return out.asSlice(0, aec_stream.total_out(strm));
  }

  /**
   * Decodes a raw AEC stream into the caller's segment, which must be as large as the decoded data
   * (the stream does not record its size).
   *
   * @return the bytes written at the start of {@code out}
   * @throws SzipException if the stream is corrupt, or holds more data than {@code out}
   */
  public static long decode(MemorySegment stream, AecOptions options, MemorySegment out) {
    Check.notNull(stream, "stream");
    Check.notNull(options, "options");
    Check.writable(out, "out");
    Check.noOverlap(stream, "stream", out, "out");
    NATIVE.require();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment in = NativeMemory.offHeap(stream, arena);
      MemorySegment target = out.isNative() ? out : arena.allocate(out.byteSize(), 8);
      MemorySegment strm = stream(in, target, options, arena);
      int status = libaec_h.aec_buffer_decode(strm);
      if (status != AEC.OK) {
        throw failure("aec_buffer_decode", status);
      }
      if (aec_stream.total_in(strm) != in.byteSize()) {
        throw new SzipException(
            "aec_buffer_decode stopped after " + aec_stream.total_in(strm) + " of " + in.byteSize()
                + " stream bytes: the output (" + out.byteSize() + " bytes) is too small for the data");
      }
      long written = aec_stream.total_out(strm);
      if (target != out) {
        MemorySegment.copy(target, 0, out, 0, written);
      }
      return written;
    }
  }

  /** An aec_stream for one call, in the arena, pointing at native input and output. */
  static MemorySegment stream(MemorySegment in, MemorySegment out, AecOptions o, Arena arena) {
    MemorySegment strm = aec_stream.allocate(arena);
    strm.fill((byte) 0);
    aec_stream.next_in(strm, in);
    aec_stream.avail_in(strm, in.byteSize());
    aec_stream.next_out(strm, out);
    aec_stream.avail_out(strm, out.byteSize());
    aec_stream.bits_per_sample(strm, o.bitsPerSample());
    aec_stream.block_size(strm, o.blockSize());
    aec_stream.rsi(strm, o.rsi());
    aec_stream.flags(strm, o.flags());
    return strm;
  }

  static SzipException failure(String function, int status) {
    return new SzipException(function + " returned " + AEC.statusName(status), (long) status, null);
  }
}
