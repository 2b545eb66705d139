package org.scicodecs.cli.codec;

import static org.scicodecs.cli.codec.Support.args;
import static org.scicodecs.cli.codec.Support.setting;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.cli.OptionSpec;
import org.scicodecs.cli.Params;
import org.scicodecs.pcodec.Pcodec;
import org.scicodecs.pcodec.PcodecException;
import org.scicodecs.pcodec.PcodecInfo;
import org.scicodecs.pcodec.PcodecOptions;

/**
 * {@code pcodec}: lossless compression of numbers with {@code --level} 0-12 (default 8). Streams
 * record the dtype and the number of values but not the shape: decoding gives a 1-D array unless
 * {@code --shape} says otherwise.
 *
 * <p>Thread-safe: stateless.
 */
final class PcodecAdapter implements CodecAdapter {
  private static final List<OptionSpec> ENCODE =
      List.of(OptionSpec.integer("level", "L", "compression level 0-12 (default 8)"));

  @Override
  public String name() {
    return "pcodec";
  }

  @Override
  public String summary() {
    return "pcodec (pco): lossless compression of numerical sequences, integers and floats";
  }

  @Override
  public boolean available() {
    return Pcodec.available();
  }

  @Override
  public String version() {
    return Pcodec.version();
  }

  @Override
  public List<OptionSpec> encodeOptions() {
    return ENCODE;
  }

  @Override
  public List<OptionSpec> decodeOptions() {
    return List.of();
  }

  @Override
  public String accepts() {
    return "arrays of any shape of 8- to 64-bit integers and float16, float32 or float64";
  }

  @Override
  public boolean accepts(DType dtype, int ndim) {
    return true;
  }

  @Override
  public Encoding encoder(Params p, NdArray data) {
    PcodecOptions o = options(p);
    return new Encoding() {
      @Override
      public MemorySegment encode(NdArray d, java.lang.foreign.SegmentAllocator allocator) {
        MemorySegment out = allocator.allocate(Pcodec.maxEncodedSize(d), 8);
        return out.asSlice(0, Pcodec.encode(d, o, out));
      }

      @Override
      public long maxAllocation(NdArray d) {
        return Pcodec.maxEncodedSize(d);
      }
    };
  }

  static PcodecOptions options(Params p) {
    Integer level = p.integer("level");
    return Support.options(
        "pcodec", () -> level == null ? PcodecOptions.defaults() : PcodecOptions.level(level));
  }

  @Override
  public Decoding decoder(MemorySegment stream, Params p) {
    PcodecInfo info = Pcodec.readInfo(stream);
    ArraySpec spec;
    if (info.dtype() == null || info.count() == 0) {
      spec = Support.requireShapeAndDtype(p, "pcodec", "without an element count record neither dtype nor size");
    } else {
      spec = Support.reconcile(new ArraySpec(info.dtype(), new long[] {info.count()}), p, "pcodec", true);
    }
    return new Decoding() {
      @Override
      public ArraySpec output() {
        return spec;
      }

      @Override
      public void decodeInto(NdArray out) {
        Pcodec.decode(stream, out);
      }
    };
  }

  @Override
  public Recognition check(MemorySegment stream) {
    return Support.safely(
        () -> {
          if (!Pcodec.check(stream)) {
            return Recognition.no();
          }
          try {
            PcodecInfo i = Pcodec.readInfo(stream);
            return Recognition.yes(
                (i.dtype() == null ? "no recorded type" : i.dtype().toString()) + ", " + i.count()
                    + " values; standalone pco stream; the shape is not recorded (decode with --shape)");
          } catch (PcodecException e) {
            return Recognition.yes("'pco!' magic, but the header is invalid: " + e.getMessage());
          }
        });
  }

  @Override
  public List<Params> sweep(DataStats stats) {
    return List.of(setting("level", "4"), setting("level", "8"));
  }

  @Override
  public PythonCall python(Params p, ArraySpec data) {
    return new PythonCall(
        "pcodec_encode",
        args("level", options(p).level()),
        "pcodec_decode",
        args("shape", "$shape", "dtype", "$dtype"));
  }
}
