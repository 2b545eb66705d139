package org.scicodecs.cli.codec;

import static org.scicodecs.cli.codec.Support.args;
import static org.scicodecs.cli.codec.Support.setting;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.cli.CliException;
import org.scicodecs.cli.OptionSpec;
import org.scicodecs.cli.Params;
import org.scicodecs.cli.io.ScratchMemory;
import org.scicodecs.szip.AEC;
import org.scicodecs.szip.Aec;
import org.scicodecs.szip.AecOptions;
import org.scicodecs.szip.SzipException;

/**
 * {@code aec}: raw CCSDS 121.0-B streams through libaec, with imagecodecs' {@code aec_encode}
 * parameters {@code --bits-per-sample}, {@code --block-size}, {@code --rsi} and {@code --flags}
 * (default: preprocessing, plus signed samples for signed dtypes, as imagecodecs). The stream records
 * nothing: decoding needs {@code --shape}, {@code --dtype} and the same options.
 *
 * <p>Thread-safe: stateless.
 */
final class AecAdapter implements CodecAdapter {
  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.integer("bits-per-sample", "N", "1-32 (default: the dtype's bits)"),
          OptionSpec.integer("block-size", "N", "samples per block: 8, 16, 32 or 64 (default 8)"),
          OptionSpec.integer("rsi", "N", "blocks per reference sample interval, 1-4096 (default 2)"),
          OptionSpec.integer("flags", "N",
              "libaec flags (default: 8 = preprocess, + 1 = signed for signed dtypes)"));

  @Override
  public String name() {
    return "aec";
  }

  @Override
  public String summary() {
    return "AEC (libaec): lossless adaptive entropy coding of integer samples, raw CCSDS 121.0-B streams";
  }

  @Override
  public boolean available() {
    return Aec.available();
  }

  @Override
  public String version() {
    return Aec.version();
  }

  @Override
  public List<OptionSpec> encodeOptions() {
    return OPTIONS;
  }

  @Override
  public List<OptionSpec> decodeOptions() {
    return OPTIONS;
  }

  @Override
  public String accepts() {
    return "integer arrays of 1 to 4 bytes per sample (int8 to uint32) of any shape";
  }

  @Override
  public boolean accepts(DType dtype, int ndim) {
    return dtype.isInteger() && dtype.byteSize() <= 4;
  }

  @Override
  public Encoding encoder(Params p, NdArray data) {
    AecOptions o = options(p, data.dtype());
    return new Encoding() {
      @Override
      public MemorySegment encode(NdArray d, java.lang.foreign.SegmentAllocator allocator) {
        MemorySegment out = allocator.allocate(Aec.maxEncodedSize(d.byteSize()), 8);
        return out.asSlice(0, Aec.encode(d.contiguousSegment(), o, out));
      }

      @Override
      public long maxAllocation(NdArray d) {
        return Aec.maxEncodedSize(d.byteSize());
      }
    };
  }

  static AecOptions options(Params p, DType dtype) {
    return Support.options(
        "aec",
        () -> {
          Integer bits = p.integer("bits-per-sample");
          Integer flags = p.integer("flags");
          Integer block = p.integer("block-size");
          Integer rsi = p.integer("rsi");
          int defaultFlags = AEC.DATA_PREPROCESS | (dtype.isSigned() ? AEC.DATA_SIGNED : 0);
          if (bits != null && bits > dtype.byteSize() * 8) {
            throw new IllegalArgumentException(
                "bits-per-sample " + bits + " is more than the " + dtype.byteSize() * 8 + " bits of " + dtype);
          }
          return new AecOptions(
              bits == null ? dtype.byteSize() * 8 : bits,
              flags == null ? defaultFlags : flags,
              block == null ? 8 : block,
              rsi == null ? 2 : rsi);
        });
  }

  @Override
  public Decoding decoder(MemorySegment stream, Params p) {
    ArraySpec spec =
        Support.requireShapeAndDtype(p, "aec", "record neither shape nor dtype (nor their options)");
    if (!accepts(spec.dtype(), spec.shape().length)) {
      throw CliException.usage("aec decodes " + accepts() + ", not " + spec.dtype());
    }
    AecOptions o = options(p, spec.dtype());
    return new Decoding() {
      @Override
      public ArraySpec output() {
        return spec;
      }

      @Override
      public void decodeInto(NdArray out) {
        long padded = paddedBytes(out.byteSize(), o);
        if (padded == out.byteSize()) {
          check(Aec.decode(stream, o, out.contiguousSegment()), out);
          return;
        }
        // libaec decodes whole blocks: the last, partial one needs room past the data.
        try (Arena arena = Arena.ofConfined()) {
          MemorySegment scratch = ScratchMemory.allocate(padded, null, arena);
          long n = Aec.decode(stream, o, scratch);
          check(Math.min(n, out.byteSize()), out);
          MemorySegment.copy(scratch, 0, out.contiguousSegment(), 0, out.byteSize());
        }
      }
    };
  }

  private static void check(long decoded, NdArray out) {
    if (decoded != out.byteSize()) {
      throw new SzipException(
          "the stream decodes to " + decoded + " bytes, --shape and --dtype ask for " + out.byteSize());
    }
  }

  /** The data's bytes rounded up to whole blocks of samples, as libaec's decoder writes them. */
  static long paddedBytes(long bytes, AecOptions o) {
    int sampleBytes = o.bitsPerSample() <= 8 ? 1 : o.bitsPerSample() <= 16 ? 2
        : (o.bitsPerSample() <= 24 && (o.flags() & AEC.DATA_3BYTE) != 0) ? 3 : 4;
    long block = (long) o.blockSize() * sampleBytes;
    return Math.ceilDiv(bytes, block) * block;
  }

  @Override
  public Recognition check(MemorySegment stream) {
    return Recognition.cannotTell("AEC streams have no signature");
  }

  @Override
  public List<Params> sweep(DataStats stats) {
    if (!accepts(stats.dtype(), stats.spec().shape().length)) {
      return List.of();
    }
    return List.of(setting(), setting("block-size", "16", "rsi", "128"));
  }

  @Override
  public PythonCall python(Params p, ArraySpec data) {
    AecOptions o = options(p, data.dtype());
    Map<String, Object> a =
        args("bitspersample", o.bitsPerSample(), "flags", o.flags(), "blocksize", o.blockSize(),
            "rsi", o.rsi());
    Map<String, Object> dec = new java.util.LinkedHashMap<>(a);
    dec.put("out", paddedBytes(data.byteSize(), o)); // imagecodecs too needs whole blocks
    return new PythonCall("aec_encode", a, "aec_decode", dec);
  }
}
