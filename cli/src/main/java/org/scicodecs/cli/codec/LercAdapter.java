package org.scicodecs.cli.codec;

import static org.scicodecs.cli.codec.Support.args;
import static org.scicodecs.cli.codec.Support.setting;
import static org.scicodecs.cli.codec.Support.sig;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.cli.OptionSpec;
import org.scicodecs.cli.Params;
import org.scicodecs.lerc.Lerc;
import org.scicodecs.lerc.LercInfo;
import org.scicodecs.lerc.LercOptions;

/**
 * {@code lerc}: {@code --tolerance} (0, the default, is lossless), the Lerc2 codec {@code
 * --version} (2-6, default 4 as imagecodecs) and {@code --planar} for 3-D arrays of bands. Blobs
 * are self-describing: decoding needs no options; {@code --shape} may give another shape of the
 * same size.
 *
 * <p>Thread-safe: stateless.
 */
final class LercAdapter implements CodecAdapter {
  private static final List<OptionSpec> ENCODE =
      List.of(
          OptionSpec.number("tolerance", "T", "max absolute error (default 0: lossless)"),
          OptionSpec.integer("version", "V", "Lerc2 codec version 2-6 (default 4)"),
          OptionSpec.flag("planar", "a 3-D array is (bands, rows, cols), not (rows, cols, depth)"));

  @Override
  public String name() {
    return "lerc";
  }

  @Override
  public String summary() {
    return "Esri LERC: limited-error raster compression of integer and float rasters";
  }

  @Override
  public boolean available() {
    return Lerc.available();
  }

  @Override
  public String version() {
    return Lerc.version();
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
    return "int8, uint8, int16, uint16, int32, uint32, float32 or float64 arrays with 1 to 4 dimensions";
  }

  @Override
  public boolean accepts(DType dtype, int ndim) {
    return dtype != DType.INT64 && dtype != DType.UINT64 && dtype != DType.FLOAT16
        && ndim >= 1 && ndim <= 4;
  }

  @Override
  public Encoding encoder(Params p, NdArray data) {
    LercOptions o = options(p);
    return (d, allocator) -> Lerc.encode(d, null, o, allocator);
  }

  static LercOptions options(Params p) {
    Double tolerance = p.number("tolerance");
    if (tolerance != null && tolerance < 0) {
      throw org.scicodecs.cli.CliException.usage("lerc: tolerance must be >= 0, got " + tolerance);
    }
    return Support.options(
        "lerc", () -> LercOptions.of(tolerance, p.integer("version")).withPlanar(p.flag("planar")));
  }

  @Override
  public Decoding decoder(MemorySegment stream, Params p) {
    LercInfo info = Lerc.readInfo(stream);
    ArraySpec spec = Support.reconcile(new ArraySpec(info.dtype(), info.shape()), p, "lerc", true);
    return new Decoding() {
      @Override
      public ArraySpec output() {
        return spec;
      }

      @Override
      public void decodeInto(NdArray out) {
        Lerc.decode(stream, out, null);
      }

      @Override
      public String note() {
        return info.masks() == 0
            ? null
            : "the blob has " + info.masks() + " validity mask(s); invalid pixels (" + invalid(info)
                + ") decode as 0";
      }
    };
  }

  private static String invalid(LercInfo info) {
    long pixels = (long) info.rows() * info.cols();
    return (pixels - info.validPixels()) + " of " + pixels + " in the first band";
  }

  @Override
  public Recognition check(MemorySegment stream) {
    return Support.safely(
        () -> {
          if (!Lerc.check(stream) && !wrapped(stream)) {
            return Recognition.no();
          }
          LercInfo i;
          try {
            i = Lerc.readInfo(stream);
          } catch (RuntimeException e) {
            return Lerc.check(stream)
                ? Recognition.yes("LERC signature, but the blob is invalid: " + e.getMessage())
                : Recognition.no();
          }
          String kind = i.version() == 0 ? "Lerc1" : "Lerc2 codec version " + i.version();
          return Recognition.yes(
              new ArraySpec(i.dtype(), i.shape()) + "; " + kind + (Lerc.check(stream) ? "" : " (zstd/zlib-wrapped)")
                  + ", " + i.bands() + " band(s), depth " + i.depth() + ", "
                  + (i.masks() == 0 ? "no masks" : i.masks() + " mask(s)") + ", values "
                  + sig(i.zMin()) + " to " + sig(i.zMax()) + ", max error " + sig(i.maxZError()));
        });
  }

  /** A zstd frame or a zlib stream, which may wrap a LERC blob (GDAL's LERC_ZSTD/LERC_DEFLATE). */
  private static boolean wrapped(MemorySegment s) {
    if (s.byteSize() < 4) {
      return false;
    }
    int zstd = s.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 0);
    int b0 = Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, 0));
    int b1 = Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, 1));
    return zstd == 0xFD2FB528 || (b0 == 0x78 && (b0 * 256 + b1) % 31 == 0);
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
    } else {
      s.add(setting("tolerance", "8"));
      s.add(setting("tolerance", "2"));
    }
    s.add(setting("tolerance", "0")); // lossless
    return s;
  }

  @Override
  public PythonCall python(Params p, ArraySpec data) {
    LercOptions o = options(p);
    Map<String, Object> enc = new LinkedHashMap<>(args("level", o.tolerance(), "version", o.version()));
    if (o.planar()) {
      enc.put("planar", true);
    }
    return new PythonCall("lerc_encode", enc, "lerc_decode", Map.of());
  }
}
