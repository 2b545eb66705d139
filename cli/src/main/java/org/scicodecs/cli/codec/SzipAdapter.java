package org.scicodecs.cli.codec;

import static org.scicodecs.cli.codec.Support.args;
import static org.scicodecs.cli.codec.Support.setting;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.cli.CliException;
import org.scicodecs.cli.OptionSpec;
import org.scicodecs.cli.Params;
import org.scicodecs.szip.SZIP;
import org.scicodecs.szip.Szip;
import org.scicodecs.szip.SzipOptions;

/**
 * {@code szip}: HDF5's SZIP through libaec, with {@code --coding ec|nn}, {@code
 * --pixels-per-block}, {@code --bits-per-pixel} and {@code --pixels-per-scanline}; unset ones are
 * derived from the array as HDF5 does (imagecodecs' {@code szip_params}). The stream records none
 * of them, nor the array: decoding needs {@code --shape}, {@code --dtype} and the same options.
 *
 * <p>Thread-safe: stateless.
 */
final class SzipAdapter implements CodecAdapter {
  /** Nearest-neighbour preprocessing suits image data far better than plain entropy coding. */
  static final String DEFAULT_CODING = "nn";

  static final int DEFAULT_PIXELS_PER_BLOCK = 32;

  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.choice("coding", "nn: nearest-neighbour preprocessing (default); ec: entropy coding only",
              "nn", "ec"),
          OptionSpec.integer("pixels-per-block", "N", "even, 2-32 (default 32)"),
          OptionSpec.integer("bits-per-pixel", "N", "bits per sample (default: from the dtype)"),
          OptionSpec.integer("pixels-per-scanline", "N", "default: from the shape, as HDF5"),
          OptionSpec.flag("header", "start the stream with its decoded size (HDF5 filter style)"));

  @Override
  public String name() {
    return "szip";
  }

  @Override
  public String summary() {
    return "SZIP (CCSDS 121.0-B through libaec): lossless adaptive entropy coding of integer samples, HDF5's filter";
  }

  @Override
  public boolean available() {
    return Szip.available();
  }

  @Override
  public String version() {
    return Szip.version();
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
    return "integer arrays (int8 to uint64) of any shape, at most 2 GiB";
  }

  @Override
  public boolean accepts(DType dtype, int ndim) {
    return dtype.isInteger();
  }

  @Override
  public Encoding encoder(Params p, NdArray data) {
    SzipOptions o = options(p, data);
    return new Encoding() {
      @Override
      public MemorySegment encode(NdArray d, java.lang.foreign.SegmentAllocator allocator) {
        MemorySegment out = allocator.allocate(Szip.maxEncodedSize(d.byteSize(), o), 8);
        return out.asSlice(0, Szip.encode(d.contiguousSegment(), o, out));
      }

      @Override
      public long maxAllocation(NdArray d) {
        return Szip.maxEncodedSize(d.byteSize(), o);
      }
    };
  }

  /** The options for an array: HDF5's derivation, then the caller's overrides. */
  static SzipOptions options(Params p, NdArray like) {
    return Support.options(
        "szip",
        () -> {
          String coding = p.text("coding") == null ? DEFAULT_CODING : p.text("coding");
          int mask = coding.equals("nn") ? SZIP.NN : SZIP.EC;
          Integer ppb = p.integer("pixels-per-block");
          SzipOptions d =
              SzipOptions.forArray(like, mask, ppb == null ? DEFAULT_PIXELS_PER_BLOCK : ppb);
          Integer bpp = p.integer("bits-per-pixel");
          Integer pps = p.integer("pixels-per-scanline");
          return new SzipOptions(
              d.optionsMask(),
              d.pixelsPerBlock(),
              bpp == null ? d.bitsPerPixel() : bpp,
              pps == null ? d.pixelsPerScanline() : pps,
              p.flag("header"));
        });
  }

  @Override
  public Decoding decoder(MemorySegment stream, Params p) {
    ArraySpec spec =
        Support.requireShapeAndDtype(
            p, "szip", "record neither shape nor dtype (nor their options)");
    if (!accepts(spec.dtype(), spec.shape().length)) {
      throw CliException.usage("szip decodes " + accepts() + ", not " + spec.dtype());
    }
    SzipOptions o = options(p, Support.shapeOnly(spec));
    return new Decoding() {
      @Override
      public ArraySpec output() {
        return spec;
      }

      @Override
      public void decodeInto(NdArray out) {
        long n = Szip.decode(stream, o, out.contiguousSegment());
        if (n != out.byteSize()) {
          throw new org.scicodecs.szip.SzipException(
              "the stream decodes to " + n + " bytes, --shape and --dtype ask for " + out.byteSize());
        }
      }
    };
  }

  @Override
  public Recognition check(MemorySegment stream) {
    return Recognition.cannotTell("SZIP streams have no signature");
  }

  @Override
  public List<Params> sweep(DataStats stats) {
    if (!accepts(stats.dtype(), stats.spec().shape().length)) {
      return List.of();
    }
    return List.of(
        setting("coding", "nn", "pixels-per-block", "32"),
        setting("coding", "nn", "pixels-per-block", "8"),
        setting("coding", "ec", "pixels-per-block", "32"));
  }

  @Override
  public PythonCall python(Params p, ArraySpec data) {
    SzipOptions o = options(p, Support.shapeOnly(data));
    Map<String, Object> a =
        args(
            "options_mask", o.optionsMask(),
            "pixels_per_block", o.pixelsPerBlock(),
            "bits_per_pixel", o.bitsPerPixel(),
            "pixels_per_scanline", o.pixelsPerScanline(),
            "header", o.header());
    Map<String, Object> dec = new java.util.LinkedHashMap<>(a);
    dec.put("out", "$nbytes");
    return new PythonCall("szip_encode", a, "szip_decode", dec);
  }
}
