package org.scicodecs.cli.codec;

import static org.scicodecs.cli.codec.Support.args;
import static org.scicodecs.cli.codec.Support.setting;
import static org.scicodecs.cli.codec.Support.sig;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.cli.CliException;
import org.scicodecs.cli.OptionSpec;
import org.scicodecs.cli.Params;
import org.scicodecs.zfp.ZFP;
import org.scicodecs.zfp.Zfp;
import org.scicodecs.zfp.ZfpException;
import org.scicodecs.zfp.ZfpHeader;
import org.scicodecs.zfp.ZfpOptions;

/**
 * {@code zfp}: {@code --rate}, {@code --precision} or {@code --tolerance} (none: reversible),
 * {@code --no-header}, {@code --execution}, {@code --threads}. Streams carry zfp's full header, so
 * decoding needs no options; header-less streams need {@code --shape} and {@code --dtype}.
 *
 * <p>Thread-safe: stateless.
 */
final class ZfpAdapter implements CodecAdapter {
  private static final List<OptionSpec> ENCODE =
      List.of(
          OptionSpec.number("rate", "BITS", "fixed rate: compressed bits per value"),
          OptionSpec.integer("precision", "PLANES", "fixed precision: bit planes kept (1-64)"),
          OptionSpec.number("tolerance", "T", "fixed accuracy: absolute error at most T"),
          OptionSpec.flag("reversible", "lossless (the default when no rate, precision or tolerance)"),
          OptionSpec.flag(
              "no-header", "write no full header (decoding then needs --shape and --dtype)"),
          OptionSpec.choice("execution", "serial, OpenMP or CUDA", "serial", "omp", "cuda"),
          OptionSpec.integer("threads", "N", "OpenMP threads (N > 1 implies --execution omp)"));

  @Override
  public String name() {
    return "zfp";
  }

  @Override
  public String summary() {
    return "LLNL zfp: fixed-rate, -precision or -accuracy and reversible compression of float and int arrays";
  }

  @Override
  public boolean available() {
    return Zfp.available();
  }

  @Override
  public String version() {
    return Zfp.version();
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
    return "float32, float64, int32 or int64 arrays with 1 to 4 dimensions";
  }

  @Override
  public boolean accepts(DType dtype, int ndim) {
    return (dtype == DType.FLOAT32 || dtype == DType.FLOAT64 || dtype == DType.INT32
            || dtype == DType.INT64)
        && ndim >= 1 && ndim <= 4;
  }

  @Override
  public boolean takesStridedInput() {
    return true; // zfp compresses strided views in place
  }

  @Override
  public Encoding encoder(Params p, NdArray data) {
    ZfpOptions o = options(p);
    return new Encoding() {
      @Override
      public MemorySegment encode(NdArray d, java.lang.foreign.SegmentAllocator allocator) {
        // zfp writes straight into the allocation, which must hold its bound.
        MemorySegment out = allocator.allocate(Zfp.maxEncodedSize(d, o), 8);
        return out.asSlice(0, Zfp.encode(d, o, out));
      }

      @Override
      public long maxAllocation(NdArray d) {
        return Zfp.maxEncodedSize(d, o);
      }
    };
  }

  static ZfpOptions options(Params p) {
    return Support.options(
        "zfp",
        () -> {
          if (p.flag("reversible") && (p.has("rate") || p.has("precision") || p.has("tolerance"))) {
            throw new IllegalArgumentException("--reversible excludes --rate, --precision and --tolerance");
          }
          ZfpOptions o =
              ZfpOptions.of(p.number("rate"), p.integer("precision"), p.number("tolerance"))
                  .withHeader(!p.flag("no-header"));
          Integer threads = p.integer("threads");
          String execution = p.text("execution");
          if (execution != null) {
            o = o.withExecution(ZFP.EXEC.valueOf(execution.toUpperCase(java.util.Locale.ROOT)));
          } else if (threads != null && threads > 1) {
            o = o.withExecution(ZFP.EXEC.OMP); // as imagecodecs: more than one thread means OpenMP
          }
          if (threads != null) {
            if (o.execution() != ZFP.EXEC.OMP) {
              throw new IllegalArgumentException("--threads applies to --execution omp only");
            }
            o = o.withThreads(threads);
          }
          return o;
        });
  }

  @Override
  public Decoding decoder(MemorySegment stream, Params p) {
    if (!Zfp.check(stream)) {
      throw new ZfpException("not a zfp stream: no 'zfp' magic at the start");
    }
    // A header-less stream (magic and mode only) can parse as a full header with made-up
    // dimensions: --shape or --dtype that differ from the parsed header mean header-less.
    ZfpHeader header = null;
    ZfpException unreadable = null;
    try {
      header = plausible(Zfp.readHeader(stream), stream);
    } catch (ZfpException e) {
      unreadable = e;
    }
    boolean given = p.has("shape") || p.has("dtype");
    if (header != null && (!given || matches(header, p))) {
      ArraySpec spec = new ArraySpec(header.dtype(), header.shape());
      return new Decoding() {
        @Override
        public ArraySpec output() {
          return spec;
        }

        @Override
        public void decodeInto(NdArray out) {
          try {
            Zfp.decode(stream, out);
          } catch (ZfpException e) {
            throw new ZfpException(e.getMessage() + HEADERLESS_HINT, e);
          }
        }
      };
    }
    if (!given) {
      throw new ZfpException("no valid zfp full header (" + unreadable.getMessage() + ")" + HEADERLESS_HINT);
    }
    ArraySpec spec = Support.requireShapeAndDtype(
        p, "zfp", "written with --no-header record neither shape nor dtype");
    if (!accepts(spec.dtype(), spec.shape().length)) {
      throw CliException.usage("zfp decodes " + accepts() + ", not " + spec);
    }
    return new Decoding() {
      @Override
      public ArraySpec output() {
        return spec;
      }

      @Override
      public void decodeInto(NdArray out) {
        Zfp.decodeHeaderless(stream, out);
      }
    };
  }

  /**
   * The header if the stream can hold its array: zfp spends at least one bit on every block of 4^d
   * values, so a stream shorter than that was not written with this header (a header-less stream's
   * mode bits read as dimensions, say).
   */
  static ZfpHeader plausible(ZfpHeader h, MemorySegment stream) {
    double blocks = 1;
    for (long n : h.shape()) {
      blocks *= Math.ceil(n / 4.0);
    }
    double bits = stream.byteSize() * 8.0 - h.headerBits();
    if (blocks > bits) {
      throw new ZfpException("the header describes " + new ArraySpec(h.dtype(), h.shape())
          + ", more blocks than the " + stream.byteSize() + "-byte stream can hold");
    }
    return h;
  }

  private static final String HEADERLESS_HINT =
      "; a stream written with --no-header decodes with --shape and --dtype";

  private static boolean matches(ZfpHeader h, Params p) {
    DType d = p.dtype("dtype");
    long[] s = p.shape("shape");
    return (d == null || d == h.dtype()) && (s == null || java.util.Arrays.equals(s, h.shape()));
  }

  @Override
  public Recognition check(MemorySegment stream) {
    return Support.safely(
        () -> {
          if (!Zfp.check(stream)) {
            return Recognition.no();
          }
          try {
            ZfpHeader h = plausible(Zfp.readHeader(stream), stream);
            return Recognition.yes(
                new ArraySpec(h.dtype(), h.shape()) + "; " + describe(h) + "; full header");
          } catch (ZfpException e) {
            return Recognition.yes(
                "'zfp' magic without a valid full header (header-less: decode with --shape and"
                    + " --dtype)");
          }
        });
  }

  static String describe(ZfpHeader h) {
    return switch (h.mode()) {
      case FIXED_RATE -> "fixed rate, " + sig(h.rate()) + " bits per value";
      case FIXED_PRECISION -> "fixed precision, " + h.precision() + " bit planes";
      case FIXED_ACCURACY ->
          "fixed accuracy, tolerance " + sig(h.tolerance()) + " (2^" + h.minExp() + ")";
      case REVERSIBLE -> "reversible (lossless)";
      default ->
          "expert mode, minbits " + h.minBits() + ", maxbits " + h.maxBits() + ", maxprec "
              + h.maxPrec() + ", minexp " + h.minExp();
    };
  }

  @Override
  public List<Params> sweep(DataStats stats) {
    if (!accepts(stats.dtype(), stats.spec().shape().length)) {
      return List.of();
    }
    List<Params> s = new ArrayList<>();
    if (stats.dtype().isFloatingPoint()) {
      for (double rel : new double[] {1e-2, 1e-3, 1e-4}) {
        s.add(setting("tolerance", sig(rel * stats.range())));
      }
    }
    s.add(setting("rate", "4"));
    s.add(setting("rate", "8"));
    s.add(setting("precision", "16"));
    s.add(setting("reversible", "true"));
    return s;
  }

  @Override
  public PythonCall python(Params p, ArraySpec data) {
    ZfpOptions o = options(p);
    Map<String, Object> enc = new LinkedHashMap<>();
    switch (o.mode()) {
      case FIXED_RATE -> enc.putAll(args("level", o.rate(), "mode", "r"));
      case FIXED_PRECISION -> enc.putAll(args("level", o.precision(), "mode", "p"));
      case FIXED_ACCURACY -> enc.putAll(args("level", o.tolerance(), "mode", "a"));
      default -> enc.put("mode", "R");
    }
    if (!o.header()) {
      enc.put("header", false);
    }
    if (o.execution() != ZFP.EXEC.SERIAL) {
      enc.put("execution", o.execution().name().toLowerCase(java.util.Locale.ROOT));
      enc.put("numthreads", o.threads());
    }
    Map<String, Object> dec =
        o.header() ? Map.of() : args("shape", "$shape", "dtype", "$dtype");
    return new PythonCall("zfp_encode", enc, "zfp_decode", dec);
  }
}
