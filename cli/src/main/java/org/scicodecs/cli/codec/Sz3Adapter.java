package org.scicodecs.cli.codec;

import static org.scicodecs.cli.codec.Support.args;
import static org.scicodecs.cli.codec.Support.setting;
import static org.scicodecs.cli.codec.Support.sig;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.cli.CliException;
import org.scicodecs.cli.OptionSpec;
import org.scicodecs.cli.Params;
import org.scicodecs.sz3.SZ3;
import org.scicodecs.sz3.Sz3;
import org.scicodecs.sz3.Sz3Exception;
import org.scicodecs.sz3.Sz3Header;
import org.scicodecs.sz3.Sz3Options;

/**
 * {@code sz3}: an absolute bound {@code --tolerance}, a relative bound {@code --rel}, or both
 * with {@code --mode abs_and_rel|abs_or_rel}. SZ3 streams record the shape but not the dtype, so
 * decoding needs {@code --dtype}.
 *
 * <p>Thread-safe: stateless.
 */
final class Sz3Adapter implements CodecAdapter {
  private static final List<OptionSpec> ENCODE =
      List.of(
          OptionSpec.number("tolerance", "T", "absolute error bound: |error| <= T"),
          OptionSpec.number("rel", "R", "relative error bound: |error| <= R * (max - min)"),
          OptionSpec.choice("mode", "which bounds hold (default: the one given)",
              "abs", "rel", "abs_and_rel", "abs_or_rel"));

  @Override
  public String name() {
    return "sz3";
  }

  @Override
  public String summary() {
    return "SZ3: error-bounded compression of float arrays (prediction + quantization)";
  }

  @Override
  public boolean available() {
    return Sz3.available();
  }

  @Override
  public String version() {
    return Sz3.version();
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
    return "float32 or float64 arrays with 1 to 5 dimensions";
  }

  @Override
  public boolean accepts(DType dtype, int ndim) {
    return (dtype == DType.FLOAT32 || dtype == DType.FLOAT64) && ndim >= 1 && ndim <= 5;
  }

  @Override
  public Encoding encoder(Params p, NdArray data) {
    Sz3Options o = options(p);
    return (d, allocator) -> Sz3.encode(d, o, allocator);
  }

  static Sz3Options options(Params p) {
    Double abs = p.number("tolerance");
    Double rel = p.number("rel");
    String mode = p.text("mode");
    if (abs == null && rel == null) {
      throw CliException.usage("sz3 needs --tolerance T (absolute bound) or --rel R (relative bound)");
    }
    SZ3.MODE m;
    if (mode != null) {
      m = SZ3.MODE.valueOf(mode.toUpperCase(Locale.ROOT));
    } else if (abs != null && rel != null) {
      throw CliException.usage("sz3: with both --tolerance and --rel give --mode abs_and_rel or abs_or_rel");
    } else {
      m = abs != null ? SZ3.MODE.ABS : SZ3.MODE.REL;
    }
    if (m != SZ3.MODE.REL && abs == null) {
      throw CliException.usage("sz3: --mode " + mode + " needs --tolerance");
    }
    if (m != SZ3.MODE.ABS && rel == null) {
      throw CliException.usage("sz3: --mode " + mode + " needs --rel");
    }
    return Support.options("sz3", () -> Sz3Options.of(m, abs, rel));
  }

  @Override
  public Decoding decoder(MemorySegment stream, Params p) {
    Sz3Header header = Sz3.readHeader(stream); // the stream is checked before the options
    DType dtype = Support.requireDtype(p, "sz3", "record the shape but not the dtype");
    long[] shape = p.has("shape") ? p.shape("shape") : header.shape();
    if (!accepts(dtype, shape.length)) {
      throw CliException.usage("sz3 decodes " + accepts() + ", not " + dtype);
    }
    ArraySpec spec = new ArraySpec(dtype, shape);
    return new Decoding() {
      @Override
      public ArraySpec output() {
        return spec;
      }

      @Override
      public void decodeInto(NdArray out) {
        Sz3.decode(stream, out); // checks the shape against the stream's
      }
    };
  }

  @Override
  public Recognition check(MemorySegment stream) {
    return Support.safely(
        () -> {
          if (!Sz3.check(stream)) {
            return Recognition.no();
          }
          try {
            Sz3Header h = Sz3.readHeader(stream);
            return Recognition.yes(
                "shape " + ArraySpec.shapeText(h.shape()) + "; SZ3 data format " + h.version()
                    + ", error bound mode " + boundMode(h.errorBoundMode()) + "; the dtype is not"
                    + " recorded (decode with --dtype)");
          } catch (Sz3Exception e) {
            return Recognition.yes("SZ3 magic, but not readable here: " + e.getMessage());
          }
        });
  }

  private static String boundMode(int sz3Mode) {
    return switch (sz3Mode) {
      case 0 -> "ABS";
      case 1 -> "REL";
      case 2 -> "PSNR";
      case 3 -> "L2NORM";
      case 4 -> "ABS_AND_REL";
      case 5 -> "ABS_OR_REL";
      default -> Integer.toString(sz3Mode);
    };
  }

  @Override
  public List<Params> sweep(DataStats stats) {
    if (!accepts(stats.dtype(), stats.spec().shape().length)) {
      return List.of();
    }
    List<Params> s = new ArrayList<>();
    for (double rel : new double[] {1e-2, 1e-3, 1e-4}) {
      s.add(setting("tolerance", sig(rel * stats.range())));
    }
    return s;
  }

  @Override
  public PythonCall python(Params p, ArraySpec data) {
    Sz3Options o = options(p);
    return new PythonCall(
        "sz3_encode",
        args("mode", o.mode().name().toLowerCase(Locale.ROOT), "abs", o.abs(), "rel", o.rel()),
        "sz3_decode",
        args("shape", "$shape", "dtype", "$dtype"));
  }
}
