package org.scicodecs.tests.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.lerc.Lerc;
import org.scicodecs.lerc.LercOptions;
import org.scicodecs.pcodec.Pcodec;
import org.scicodecs.pcodec.PcodecOptions;
import org.scicodecs.sperr.Sperr;
import org.scicodecs.sperr.SperrOptions;
import org.scicodecs.sz3.Sz3;
import org.scicodecs.sz3.Sz3Options;
import org.scicodecs.szip.Aec;
import org.scicodecs.szip.AecOptions;
import org.scicodecs.szip.Szip;
import org.scicodecs.szip.SzipOptions;
import org.scicodecs.zfp.Zfp;
import org.scicodecs.zfp.ZfpOptions;

/**
 * Valid streams of every codec and mode, small (a few hundred bytes to a few KiB), in the form
 * each {@link FuzzTargets} target reads: the fuzzer's starting points. Made by our encoders from
 * deterministic data at each run, so they follow the bundled libraries. {@code main(DIR)} writes
 * them to {@code DIR/<target>/seed-N}.
 */
public final class SeedCorpus {
  private SeedCorpus() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    for (Map.Entry<String, List<byte[]>> e : seeds().entrySet()) {
      Path d = dir.resolve(e.getKey());
      try {
        Files.createDirectories(d);
        int i = 0;
        for (byte[] seed : e.getValue()) {
          Files.write(d.resolve("seed-" + i++), seed);
        }
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      }
    }
  }

  /** The seeds by target name. */
  public static Map<String, List<byte[]>> seeds() {
    Map<String, List<byte[]>> m = new LinkedHashMap<>();
    List<byte[]> all = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      NdArray f32 = field(arena, DType.FLOAT32, 6, 10, 12);
      NdArray f64 = field(arena, DType.FLOAT64, 9, 13);
      NdArray f1 = field(arena, DType.FLOAT32, 50);
      NdArray f4 = field(arena, DType.FLOAT64, 2, 3, 4, 5);
      NdArray u16 = field(arena, DType.UINT16, 12, 16);
      NdArray i32 = field(arena, DType.INT32, 40);

      m.put("zfp", List.of(
          Zfp.encode(f32, ZfpOptions.tolerance(1e-3)),
          Zfp.encode(f64, ZfpOptions.rate(8)),
          Zfp.encode(f1, ZfpOptions.precision(12)),
          Zfp.encode(f4, ZfpOptions.reversible()),
          Zfp.encode(i32, ZfpOptions.reversible())));
      m.put("sperr", List.of(
          Sperr.encode(f32, SperrOptions.pwe(1e-3)),
          Sperr.encode(f64, SperrOptions.psnr(60)),
          Sperr.encode(f32, SperrOptions.rate(4).withChunks(3, 5, 6))));
      m.put("sz3", List.of(
          prefixed(0, Sz3.encode(f32, Sz3Options.tolerance(1e-3))),
          prefixed(1, Sz3.encode(f64, Sz3Options.relative(1e-4))),
          prefixed(0, Sz3.encode(f1, Sz3Options.absOrRel(1e-2, 1e-3))),
          prefixed(1, Sz3.encode(f4, Sz3Options.tolerance(0)))));
      m.put("lerc", List.of(
          Lerc.encode(u16, LercOptions.lossless()),
          Lerc.encode(f32, LercOptions.tolerance(1e-3)),
          Lerc.encode(f64, LercOptions.lossless().withVersion(2)),
          deflate(Lerc.encode(u16, LercOptions.lossless())))); // GDAL's LERC_DEFLATE
      List<byte[]> szip = new ArrayList<>();
      for (int i = 0; i < FuzzTargets.SZIP_OPTIONS.size(); i++) {
        SzipOptions o = FuzzTargets.SZIP_OPTIONS.get(i);
        NdArray src = switch (o.bitsPerPixel()) {
          case 8 -> field(arena, DType.UINT8, 128);
          case 16 -> u16;
          case 32 -> field(arena, DType.UINT32, 128);
          default -> field(arena, DType.FLOAT64, 64);
        };
        szip.add(prefixed(i, Szip.encode(src.segment(), o)));
      }
      m.put("szip", szip);
      List<byte[]> aec = new ArrayList<>();
      for (int i = 0; i < FuzzTargets.AEC_OPTIONS.size(); i++) {
        AecOptions o = FuzzTargets.AEC_OPTIONS.get(i);
        int bytesPerSample = o.bitsPerSample() <= 8 ? 1 : o.bitsPerSample() <= 16 ? 2
            : (o.flags() & org.scicodecs.szip.AEC.DATA_3BYTE) != 0 && o.bitsPerSample() <= 24 ? 3 : 4;
        byte[] raw = new byte[FuzzTargets.AEC_OUT];
        for (int k = 0; k < raw.length; k++) {
          raw[k] = (byte) ((k / bytesPerSample) * 7 + (k % bytesPerSample == 0 ? k % 5 : 0));
        }
        if (o.bitsPerSample() < 8) {
          for (int k = 0; k < raw.length; k++) {
            raw[k] &= (byte) ((1 << o.bitsPerSample()) - 1);
          }
        }
        aec.add(prefixed(i, Aec.encode(MemorySegment.ofArray(raw), o)));
      }
      m.put("aec", aec);
      m.put("pcodec", List.of(
          Pcodec.encode(i32, PcodecOptions.defaults()),
          Pcodec.encode(f64, PcodecOptions.level(4)),
          Pcodec.encode(u16, PcodecOptions.level(12))));
    }
    for (String target : List.of("zfp", "sperr", "lerc", "pcodec")) {
      all.addAll(m.get(target));
    }
    m.put("check", all);
    return m;
  }

  private static byte[] deflate(byte[] b) {
    java.util.zip.Deflater d = new java.util.zip.Deflater();
    d.setInput(b);
    d.finish();
    byte[] out = new byte[b.length + 64];
    int n = d.deflate(out);
    d.end();
    return java.util.Arrays.copyOf(out, n);
  }

  private static byte[] prefixed(int selector, byte[] stream) {
    byte[] b = new byte[stream.length + 1];
    b[0] = (byte) selector;
    System.arraycopy(stream, 0, b, 1, stream.length);
    return b;
  }

  /** A smooth, deterministic array with some noise, in any dtype. */
  static NdArray field(Arena arena, DType dtype, long... shape) {
    NdArray a = NdArray.allocate(arena, dtype, shape);
    MemorySegment s = a.segment();
    for (long i = 0; i < a.size(); i++) {
      double v = 100 * Math.sin(i * 0.05) + 40 * Math.cos(i * 0.013) + ((i * 2654435761L) % 17) * 0.1 + 150;
      switch (dtype) {
        case FLOAT32 -> s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (v / 100));
        case FLOAT64 -> s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v / 100);
        case UINT8 -> s.setAtIndex(ValueLayout.JAVA_BYTE, i, (byte) v);
        case UINT16 -> s.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) (v * 20));
        case UINT32, INT32 -> s.setAtIndex(ValueLayout.JAVA_INT, i, (int) (v * 1000));
        default -> throw new IllegalArgumentException(dtype.toString());
      }
    }
    return a;
  }
}
