package org.scicodecs.cli.codec;

import static org.scicodecs.cli.codec.Support.args;
import static org.scicodecs.cli.codec.Support.setting;
import static org.scicodecs.cli.codec.Support.sig;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.cli.CliException;
import org.scicodecs.cli.OptionSpec;
import org.scicodecs.cli.Params;
import org.scicodecs.sperr.Sperr;
import org.scicodecs.sperr.SperrException;
import org.scicodecs.sperr.SperrHeader;
import org.scicodecs.sperr.SperrOptions;

/**
 * {@code sperr}: {@code --tolerance}, or {@code --mode} with {@code --quality}; {@code --chunks}
 * and {@code --threads} for 3-D volumes, {@code --no-header} for 2-D fields. Streams with a header
 * (all 3-D ones) decode without options; header-less 2-D streams need {@code --shape} and {@code
 * --dtype}.
 *
 * <p>Thread-safe: stateless.
 */
final class SperrAdapter implements CodecAdapter {
  private static final List<OptionSpec> ENCODE =
      List.of(
          OptionSpec.choice("mode", "rate (bits per value), psnr (dB) or pwe (point-wise error)",
              "rate", "bpp", "psnr", "pwe"),
          OptionSpec.number("quality", "Q", "the mode's target: bits per value, dB or max error"),
          OptionSpec.number("tolerance", "T", "point-wise error at most T (= --mode pwe --quality T)"),
          OptionSpec.shape("chunks", "3-D only: chunk shape cz,cy,cx coded in parallel"),
          OptionSpec.integer("threads", "N", "3-D only: OpenMP threads (0: all cores; default 1)"),
          OptionSpec.flag("no-header", "2-D only: no header (decoding then needs --shape and --dtype)"));
  private static final List<OptionSpec> DECODE =
      List.of(OptionSpec.integer("threads", "N", "3-D only: OpenMP threads (0: all cores; default 1)"));

  @Override
  public String name() {
    return "sperr";
  }

  @Override
  public String summary() {
    return "NCAR SPERR: wavelet compression of 2-D/3-D float fields to a rate, a PSNR or a point-wise error";
  }

  @Override
  public boolean available() {
    return Sperr.available();
  }

  @Override
  public String version() {
    return Sperr.version();
  }

  @Override
  public List<OptionSpec> encodeOptions() {
    return ENCODE;
  }

  @Override
  public List<OptionSpec> decodeOptions() {
    return DECODE;
  }

  @Override
  public String accepts() {
    return "float32 or float64 arrays with 2 or 3 dimensions";
  }

  @Override
  public boolean accepts(DType dtype, int ndim) {
    return (dtype == DType.FLOAT32 || dtype == DType.FLOAT64) && (ndim == 2 || ndim == 3);
  }

  @Override
  public Encoding encoder(Params p, NdArray data) {
    SperrOptions o = options(p, data.ndim());
    return (d, allocator) -> Sperr.encode(d, o, allocator);
  }

  static SperrOptions options(Params p, int ndim) {
    if (!p.has("tolerance") && !p.has("mode")) {
      throw CliException.usage("sperr needs --tolerance T, or --mode and --quality");
    }
    if (ndim != 3 && (p.has("chunks") || p.has("threads"))) {
      throw CliException.usage("sperr: --chunks and --threads apply to 3-D data only");
    }
    if (ndim == 3 && p.flag("no-header")) {
      throw CliException.usage("sperr: 3-D streams always carry their header (--no-header is 2-D only)");
    }
    return Support.options(
        "sperr",
        () -> {
          SperrOptions o =
              SperrOptions.of(p.text("mode"), p.number("quality"), p.number("tolerance"))
                  .withHeader(!p.flag("no-header"));
          long[] chunks = p.shape("chunks");
          if (chunks != null) {
            o = o.withChunks(chunks);
          }
          Integer threads = p.integer("threads");
          return threads == null ? o : o.withThreads(threads);
        });
  }

  @Override
  public Decoding decoder(MemorySegment stream, Params p) {
    int threads = Support.options("sperr", () -> {
      Integer t = p.integer("threads");
      if (t != null && (t < 0 || t > 1024)) {
        throw new IllegalArgumentException("threads must be 0 (all cores) to 1024, got " + t);
      }
      return t == null ? 1 : t;
    });
    SperrHeader header;
    try {
      header = Sperr.readHeader(stream);
    } catch (SperrException e) {
      if (!p.has("shape") && !p.has("dtype")) {
        throw new SperrException(
            "no valid SPERR header (" + e.getMessage() + "); a 2-D stream written with"
                + " --no-header decodes with --shape and --dtype");
      }
      ArraySpec spec = Support.requireShapeAndDtype(p, "sperr", "written with --no-header record neither shape nor dtype");
      return new Decoding() {
        @Override
        public ArraySpec output() {
          return spec;
        }

        @Override
        public void decodeInto(NdArray out) {
          Sperr.decode(stream, spec.dtype(), spec.shape(), Support.into(out.segment()));
        }
      };
    }
    ArraySpec spec =
        Support.reconcile(new ArraySpec(header.dtype(), header.shape()), p, "sperr", false);
    return new Decoding() {
      @Override
      public ArraySpec output() {
        return spec;
      }

      @Override
      public void decodeInto(NdArray out) {
        // The allocator form takes a thread count; it hands out the caller's (mapped) array.
        SegmentAllocator into = Support.into(out.segment());
        Sperr.decode(stream, into, out.byteSize(), threads);
      }
    };
  }

  @Override
  public Recognition check(MemorySegment stream) {
    return Support.safely(
        () -> {
          Optional<Boolean> sure = Sperr.check(stream);
          SperrHeader h;
          try {
            h = Sperr.readHeader(stream);
          } catch (SperrException e) {
            return Recognition.no();
          }
          String what = new ArraySpec(h.dtype(), h.shape()) + "; SPERR header version " + h.version();
          if (h.threeD()) {
            what += ", " + h.chunkLengths().length + " chunk(s) of " + ArraySpec.shapeText(h.chunks());
          }
          return sure.orElse(false)
              ? Recognition.yes(what)
              : Recognition.maybe(what + " (2-D SPERR streams have no signature: a guess)");
        });
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
    SperrOptions o = options(p, data.shape().length);
    Map<String, Object> enc = new LinkedHashMap<>();
    enc.put("level", o.quality());
    enc.put("mode", o.mode().pythonName());
    if (o.chunks() != null) {
      List<Long> c = new ArrayList<>();
      for (long v : o.chunks()) {
        c.add(v);
      }
      enc.put("chunks", c);
    }
    enc.put("numthreads", o.threads());
    if (!o.header()) {
      enc.put("header", false);
    }
    Map<String, Object> dec =
        o.header()
            ? args("numthreads", o.threads())
            : args("shape", "$shape", "dtype", "$dtype", "header", false);
    return new PythonCall("sperr_encode", enc, "sperr_decode", dec);
  }
}
