package org.scicodecs.cli.codec;

import static org.scicodecs.cli.codec.Support.args;
import static org.scicodecs.cli.codec.Support.setting;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.List;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.cli.CliException;
import org.scicodecs.cli.OptionSpec;
import org.scicodecs.cli.Params;
import org.scicodecs.floatpred.Floatpred;

/**
 * {@code floatpred}: the TIFF floating-point predictor (PREDICTOR=3), a reversible transform that
 * makes float data compress better with a general-purpose compressor. Encoded files hold the
 * predicted array's raw bytes, the same size as the input; they record nothing, so decoding needs
 * {@code --shape}, {@code --dtype} and the same {@code --axis}/{@code --dist}.
 *
 * <p>Thread-safe: stateless.
 */
final class FloatpredAdapter implements CodecAdapter {
  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.integer("axis", "A", "axis to predict along (default -1; negative counts from the end)"),
          OptionSpec.integer("dist", "D", "predictor distance 1, 2 or 4 (default 1)"));

  @Override
  public String name() {
    return "floatpred";
  }

  @Override
  public String summary() {
    return "floating-point predictor (TIFF PREDICTOR=3): a reversible transform, output as large as input";
  }

  @Override
  public boolean available() {
    return Floatpred.available();
  }

  /** With the loops in use: the Vector API ones are 1.5 to 5.4 times faster than the plain ones. */
  @Override
  public String version() {
    return Floatpred.version() + ", " + Floatpred.loops();
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
    return "float16, float32 or float64 (and 2/4/8-byte integers), any number of dimensions";
  }

  @Override
  public boolean accepts(DType dtype, int ndim) {
    int size = dtype.byteSize();
    return ndim >= 1 && (size == 2 || size == 4 || size == 8);
  }

  private static int axis(Params p) {
    Integer a = p.integer("axis");
    return a == null ? -1 : a;
  }

  private static int dist(Params p) {
    Integer d = p.integer("dist");
    if (d != null && d != 1 && d != 2 && d != 4) {
      throw CliException.usage("floatpred: --dist must be 1, 2 or 4, got " + d);
    }
    return d == null ? 1 : d;
  }

  @Override
  public Encoding encoder(Params p, NdArray data) {
    int axis = axis(p);
    int dist = dist(p);
    return new Encoding() {
      @Override
      public MemorySegment encode(NdArray d, SegmentAllocator allocator) {
        MemorySegment out = allocator.allocate(d.size() * d.dtype().byteSize(), d.dtype().byteSize());
        NdArray target = NdArray.of(out, d.dtype(), d.shape());
        Support.options("floatpred", () -> Floatpred.encode(d, axis, dist, target));
        return out;
      }

      @Override
      public long maxAllocation(NdArray d) {
        return d.size() * d.dtype().byteSize();
      }
    };
  }

  @Override
  public Decoding decoder(MemorySegment stream, Params p) {
    ArraySpec spec = Support.requireShapeAndDtype(p, "floatpred", "are raw predicted values that record nothing");
    if (stream.byteSize() != spec.byteSize()) {
      throw CliException.usage("floatpred: the input has " + stream.byteSize() + " bytes, --shape and"
          + " --dtype describe " + spec.byteSize());
    }
    int axis = axis(p);
    int dist = dist(p);
    return new Decoding() {
      @Override
      public ArraySpec output() {
        return spec;
      }

      @Override
      public void decodeInto(NdArray out) {
        NdArray predicted = NdArray.of(stream, spec.dtype(), spec.shape());
        Support.options("floatpred", () -> Floatpred.decode(predicted, axis, dist, out));
      }
    };
  }

  @Override
  public Recognition check(MemorySegment stream) {
    return Recognition.cannotTell("a transform, not a format: its output has no signature");
  }

  @Override
  public List<Params> sweep(DataStats stats) {
    DType t = stats.spec().dtype();
    if (t != DType.FLOAT16 && t != DType.FLOAT32 && t != DType.FLOAT64) {
      return List.of();
    }
    return stats.spec().shape().length >= 2 ? List.of(setting(), setting("axis", "-2")) : List.of(setting());
  }

  @Override
  public PythonCall python(Params p, ArraySpec data) {
    return new PythonCall("floatpred_encode", args("axis", axis(p), "dist", dist(p)),
        "floatpred_decode", args("axis", axis(p), "dist", dist(p)));
  }
}
