package org.scicodecs.cli.codec;

import static org.scicodecs.cli.codec.Support.args;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.cli.CliException;
import org.scicodecs.cli.OptionSpec;
import org.scicodecs.cli.Params;
import org.scicodecs.jetraw.Jetraw;
import org.scicodecs.jetraw.JetrawException;

/**
 * {@code jetraw}: Dotphoton's JETRAW for 16-bit camera images, through the vendor's SDK, which is
 * not bundled: without it every command says the codec is not available. Encoding needs the
 * camera's calibration {@code --identifier} (and {@code --parameters FILE} for a calibration file
 * the SDK does not load by itself); streams do not record the image size, so decoding needs
 * {@code --shape HEIGHT,WIDTH}.
 *
 * <p>Thread-safe: stateless.
 */
final class JetrawAdapter implements CodecAdapter {
  private static final List<OptionSpec> ENCODE =
      List.of(
          OptionSpec.text("identifier", "ID", "camera calibration identifier, e.g. 500202_fast_bin1x"),
          OptionSpec.number("errorbound", "E", "error bound in noise standard deviations (default 1.0)"),
          OptionSpec.text("parameters", "FILE", "a calibration parameters file to load first"));

  @Override
  public String name() {
    return "jetraw";
  }

  @Override
  public String summary() {
    return "JETRAW: 16-bit camera images, with Dotphoton's SDK (not bundled; see the README)";
  }

  @Override
  public boolean available() {
    return Jetraw.available();
  }

  /** The SDK loader's own message: where it looked and how to install the SDK. */
  @Override
  public String unavailable() {
    try {
      Jetraw.init();
      return "jetraw is not available";
    } catch (JetrawException e) {
      return "jetraw is not available: " + e.getMessage();
    }
  }

  @Override
  public String version() {
    return Jetraw.version();
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
    return "uint16 images, 2-D";
  }

  @Override
  public boolean accepts(DType dtype, int ndim) {
    return dtype == DType.UINT16 && ndim == 2;
  }

  @Override
  public Encoding encoder(Params p, NdArray data) {
    String identifier = p.text("identifier");
    if (identifier == null) {
      throw CliException.usage("jetraw: give --identifier (the camera calibration, e.g. 500202_fast_bin1x)");
    }
    Double bound = p.number("errorbound");
    double errorBound = bound == null ? Jetraw.DEFAULT_ERROR_BOUND : bound;
    String parameters = p.text("parameters");
    return new Encoding() {
      @Override
      public MemorySegment encode(NdArray d, SegmentAllocator allocator) {
        if (parameters != null) {
          Jetraw.init(Path.of(parameters));
        }
        // The API hands the SDK a copy: it writes into the pixels it is given.
        return Jetraw.encode(d, identifier, errorBound, allocator);
      }

      @Override
      public long maxAllocation(NdArray d) {
        return Jetraw.encodeCapacity(d);
      }
    };
  }

  @Override
  public Decoding decoder(MemorySegment stream, Params p) {
    long[] shape = Support.requireShape(p, "jetraw", "do not record the image size");
    DType dtype = p.dtype("dtype");
    if (dtype != null && dtype != DType.UINT16) {
      throw CliException.usage("jetraw: images are uint16, not " + dtype);
    }
    ArraySpec spec = new ArraySpec(DType.UINT16, shape);
    return new Decoding() {
      @Override
      public ArraySpec output() {
        return spec;
      }

      @Override
      public void decodeInto(NdArray out) {
        Jetraw.decode(stream, out);
      }
    };
  }

  @Override
  public Recognition check(MemorySegment stream) {
    return Recognition.cannotTell("JETRAW streams carry no signature this library can test");
  }

  @Override
  public List<Params> sweep(DataStats stats) {
    return List.of(); // nothing to measure without a camera calibration
  }

  @Override
  public PythonCall python(Params p, ArraySpec data) {
    Double bound = p.number("errorbound");
    return new PythonCall("jetraw_encode",
        args("identifier", p.text("identifier"), "errorbound", bound == null ? 1.0 : bound),
        "jetraw_decode", Map.of());
  }
}
