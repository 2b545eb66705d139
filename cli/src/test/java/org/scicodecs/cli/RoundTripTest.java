package org.scicodecs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scicodecs.cli.Cli.java;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.io.Npy;

/**
 * encode then decode through .npy (and raw) files, per codec, in a child process: lossless
 * settings give the same array back, bounded ones stay within their bound, and streams that record
 * their shape and dtype decode without options.
 */
class RoundTripTest {
  @TempDir Path dir;

  private Path roundTrip(Path in, String codec, String[] encodeOptions, String... decodeOptions) {
    Path stream = dir.resolve("s." + codec);
    Path out = dir.resolve("out-" + codec + ".npy");
    String[] enc = concat(new String[] {"encode", codec}, encodeOptions, new String[] {in.toString(), stream.toString()});
    Cli.Result r = java(dir, enc).expect(0);
    assertTrue(r.out().contains("ratio"), r.out());
    assertEquals("", r.err(), "nothing on stderr when all is well (and no progress bar off a terminal)");
    String[] dec = concat(new String[] {"decode", codec}, decodeOptions, new String[] {stream.toString(), out.toString()});
    java(dir, dec).expect(0);
    return out;
  }

  private static String[] concat(String[]... parts) {
    return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }

  @Test
  void zfpToleranceAndReversibleFromTheHeaderAlone() {
    Path in = Cli.field(dir.resolve("f.npy"), DType.FLOAT32, 16, 24, 32);
    Path out = roundTrip(in, "zfp", new String[] {"--tolerance", "1e-3"});
    double err = Cli.maxError(in, out);
    assertTrue(err <= 1e-3 && err > 0, "max error " + err);
    assertEquals(0, Cli.maxError(in, roundTrip(in, "zfp", new String[0])), "reversible by default");
    Path d = Cli.field(dir.resolve("d.npy"), DType.FLOAT64, 40, 50);
    assertTrue(Cli.maxError(d, roundTrip(d, "zfp", new String[] {"--rate", "32"})) < 1e-3);
    Path i = Cli.ints(dir.resolve("i.npy"), DType.INT32, 30, 30);
    assertEquals(0, Cli.maxError(i, roundTrip(i, "zfp", new String[0])));
  }

  @Test
  void zfpWithoutHeaderNeedsShapeAndDtype() {
    Path in = Cli.field(dir.resolve("f.npy"), DType.FLOAT32, 8, 16, 16);
    Path stream = dir.resolve("f.zfp");
    java(dir, "encode", "zfp", "--precision", "20", "--no-header", in.toString(), stream.toString()).expect(0);
    java(dir, "decode", "zfp", stream.toString(), "o.npy").fails(1, "--shape and --dtype");
    java(dir, "decode", "zfp", "--shape", "8,16,16", stream.toString(), "o.npy").fails(2, "--dtype");
    java(dir, "decode", "zfp", "--shape", "8,16,16", "--dtype", "float32", stream.toString(), "o.npy").expect(0);
    assertTrue(Cli.maxError(in, dir.resolve("o.npy")) < 1e-3);
  }

  @Test
  void sperrPointwiseErrorIn3dAnd2dWithAndWithoutHeader() {
    Path in = Cli.field(dir.resolve("f.npy"), DType.FLOAT32, 20, 24, 28);
    double err = Cli.maxError(in, roundTrip(in, "sperr", new String[] {"--tolerance", "1e-2", "--chunks", "10,12,14"}, "--threads", "2"));
    assertTrue(err <= 1e-2, "max error " + err);
    Path two = Cli.field(dir.resolve("g.npy"), DType.FLOAT64, 48, 40);
    assertTrue(Cli.maxError(two, roundTrip(two, "sperr", new String[] {"--mode", "pwe", "--quality", "1e-4"})) <= 1e-4);
    Path bare = roundTrip(two, "sperr", new String[] {"--tolerance", "1e-3", "--no-header"},
        "--shape", "48,40", "--dtype", "float64");
    assertTrue(Cli.maxError(two, bare) <= 1e-3);
  }

  @Test
  void sz3NeedsTheDtypeOnDecoding() {
    Path in = Cli.field(dir.resolve("f.npy"), DType.FLOAT64, 30, 40);
    Path stream = dir.resolve("f.sz3");
    java(dir, "encode", "sz3", "--tolerance", "1e-4", in.toString(), stream.toString()).expect(0);
    java(dir, "decode", "sz3", stream.toString(), "o.npy").fails(2, "--dtype", "not the dtype");
    assertEquals(java.util.List.of("f.npy", "f.sz3"), Cli.list(dir), "no output after a usage error");
    java(dir, "decode", "sz3", "--dtype", "float64", stream.toString(), "o.npy").expect(0);
    assertTrue(Cli.maxError(in, dir.resolve("o.npy")) <= 1e-4);
    java(dir, "decode", "sz3", "--dtype", "float64", "--shape", "40,30", stream.toString(), "p.npy")
        .fails(1, "shape");
  }

  @Test
  void lercLosslessIntegersAndBoundedFloats() {
    Path u = Cli.ints(dir.resolve("u.npy"), DType.UINT16, 6, 40, 50);
    assertEquals(0, Cli.maxError(u, roundTrip(u, "lerc", new String[0])));
    Path planar = roundTrip(u, "lerc", new String[] {"--planar", "--version", "3"});
    assertEquals(0, Cli.maxError(u, planar));
    Path f = Cli.field(dir.resolve("f.npy"), DType.FLOAT32, 50, 60);
    assertTrue(Cli.maxError(f, roundTrip(f, "lerc", new String[] {"--tolerance", "0.01"})) <= 0.01);
  }

  @Test
  void lercSaysWhenNanValuesBecomeMasks() throws IOException {
    Path in = dir.resolve("nan.npy");
    try (Arena arena = Arena.ofConfined()) {
      NdArray a = Npy.create(in, DType.FLOAT32, new long[] {4, 5}, arena);
      for (int i = 0; i < 20; i++) {
        a.segment().setAtIndex(ValueLayout.JAVA_FLOAT, i, i == 7 ? Float.NaN : i);
      }
    }
    java(dir, "encode", "lerc", in.toString(), "nan.lerc").expect(0);
    Cli.Result r = java(dir, "decode", "lerc", "nan.lerc", "back.npy").expect(0);
    assertTrue(r.err().contains("note:") && r.err().contains("decode as 0"), r.err());
  }

  @Test
  void szipAndAecNeedShapeDtypeAndTheirOptions() {
    Path in = Cli.ints(dir.resolve("u.npy"), DType.UINT16, 8, 64, 64);
    java(dir, "encode", "szip", in.toString(), "u.szip").expect(0);
    java(dir, "decode", "szip", "u.szip", "o.npy").fails(2, "--shape and --dtype");
    java(dir, "decode", "szip", "--shape", "8,64,64", "u.szip", "o.npy").fails(2, "--dtype");
    java(dir, "decode", "szip", "--shape", "8,64,64", "--dtype", "uint16", "u.szip", "o.npy").expect(0);
    assertEquals(0, Cli.maxError(in, dir.resolve("o.npy")));
    java(dir, "encode", "szip", "--coding", "ec", "--pixels-per-block", "16", "--header", in.toString(), "e.szip").expect(0);
    java(dir, "decode", "szip", "--coding", "ec", "--pixels-per-block", "16", "--header",
        "--shape", "8,64,64", "--dtype", "uint16", "e.szip", "e.npy").expect(0);
    assertEquals(0, Cli.maxError(in, dir.resolve("e.npy")));

    Path s = Cli.ints(dir.resolve("s.npy"), DType.INT16, 50, 70);
    Path back = roundTrip(s, "aec", new String[] {"--block-size", "16", "--rsi", "64"},
        "--block-size", "16", "--rsi", "64", "--shape", "50,70", "--dtype", "int16");
    assertEquals(0, Cli.maxError(s, back));
  }

  @Test
  void pcodecRecordsCountAndDtypeButNotTheShape() {
    Path in = Cli.ints(dir.resolve("i.npy"), DType.INT32, 20, 30);
    java(dir, "encode", "pcodec", "--level", "12", in.toString(), "i.pco").expect(0);
    java(dir, "decode", "pcodec", "i.pco", "flat.npy").expect(0);
    assertArrayEquals(new long[] {600}, Cli.header(dir.resolve("flat.npy")).shape());
    java(dir, "decode", "pcodec", "--shape", "20,30", "i.pco", "o.npy").expect(0);
    assertEquals(0, Cli.maxError(in, dir.resolve("o.npy")));
    java(dir, "decode", "pcodec", "--shape", "20,31", "i.pco", "x.npy").fails(2, "--shape (20, 31)", "600 values");
    java(dir, "decode", "pcodec", "--dtype", "int64", "i.pco", "x.npy").fails(2, "--dtype int64", "int32");
  }

  @Test
  void floatpredIsExactAndNeedsShapeDtypeAxisAndDist() throws IOException {
    Path in = Cli.field(dir.resolve("f.npy"), DType.FLOAT32, 12, 16, 20);
    java(dir, "encode", "floatpred", "--axis", "-2", "--dist", "2", in.toString(), "p.fp").expect(0);
    assertEquals(12 * 16 * 20 * 4, java.nio.file.Files.size(dir.resolve("p.fp")));
    java(dir, "decode", "floatpred", "p.fp", "x.npy").fails(2, "--shape", "--dtype");
    java(dir, "decode", "floatpred", "--shape", "12,16,20", "--dtype", "float32", "--axis", "-2",
        "--dist", "2", "p.fp", "o.npy").expect(0);
    assertEquals(0, Cli.maxError(in, dir.resolve("o.npy")));
    java(dir, "decode", "floatpred", "--shape", "12,16,21", "--dtype", "float32", "p.fp", "x.npy")
        .fails(2, "bytes");
    java(dir, "encode", "floatpred", "--dist", "3", in.toString(), "y.fp").fails(2, "--dist");
    Path d = Cli.field(dir.resolve("d.npy"), DType.FLOAT64, 30, 40);
    java(dir, "encode", "floatpred", d.toString(), "d.fp").expect(0);
    java(dir, "decode", "floatpred", "--shape", "30,40", "--dtype", "float64", "d.fp", "od.npy").expect(0);
    assertEquals(0, Cli.maxError(d, dir.resolve("od.npy")));
  }

  @Test
  void jetrawWithoutTheSdkSaysHowToGetIt() {
    Path in = Cli.ints(dir.resolve("u.npy"), DType.UINT16, 32, 32);
    java(dir, "encode", "jetraw", "--identifier", "500202_fast_bin1x", in.toString(), "u.jr")
        .fails(1, "SDK");
    assertFalse(java.nio.file.Files.exists(dir.resolve("u.jr")), "no partial output");
  }

  @Test
  void rawFilesInAndOut() throws IOException {
    Path raw = dir.resolve("f.f32");
    ByteBuffer b = ByteBuffer.allocate(4 * 12 * 10).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 120; i++) {
      b.putFloat(i * 0.5f);
    }
    Files.write(raw, b.array());
    java(dir, "encode", "zfp", "--shape", "12,10", "--dtype", "float32", "f.f32", "f.zfp").expect(0);
    java(dir, "decode", "zfp", "f.zfp", "back.f32").expect(0);
    assertArrayEquals(b.array(), Files.readAllBytes(dir.resolve("back.f32")), "raw out is the raw bytes");
    java(dir, "decode", "zfp", "f.zfp", "back.npy").expect(0);
    assertArrayEquals(new long[] {12, 10}, Cli.header(dir.resolve("back.npy")).shape());
  }

  @Test
  void fortranOrderAndNewerNpyVersionsAreRead() throws IOException {
    // A 2x3 float32 array [[0,1,2],[3,4,5]] stored in Fortran order: columns first.
    ByteBuffer f = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : new float[] {0, 3, 1, 4, 2, 5}) {
      f.putFloat(v);
    }
    Path fortran = Cli.npy(dir.resolve("fortran.npy"), 1, "<f4", true, new long[] {2, 3}, f.array());
    for (String codec : new String[] {"zfp", "lerc", "pcodec"}) {
      java(dir, "encode", codec, fortran.toString(), codec + ".s").expect(0);
      java(dir, "decode", codec, "--shape", "2,3", codec + ".s", codec + ".npy").expect(0);
      try (Arena arena = Arena.ofConfined()) {
        NdArray back = Npy.read(dir.resolve(codec + ".npy"), arena);
        assertTrue(back.isContiguous(), "output is C order");
        for (int i = 0; i < 6; i++) {
          assertEquals(i, back.getDoubleFlat(i), codec + " element " + i);
        }
      }
    }
    ByteBuffer c = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(2).putFloat(3);
    Path v3 = Cli.npy(dir.resolve("v3.npy"), 3, "<f4", false, new long[] {3}, c.array());
    java(dir, "encode", "lerc", v3.toString(), "v3.lerc").expect(0);
    // LERC records a 1-D array as one row: (1, 3), which --shape turns back into (3,).
    java(dir, "decode", "lerc", "v3.lerc", "v3row.npy").expect(0);
    assertArrayEquals(new long[] {1, 3}, Cli.header(dir.resolve("v3row.npy")).shape());
    java(dir, "decode", "lerc", "--shape", "3", "v3.lerc", "v3back.npy").expect(0);
    assertEquals(0, Cli.maxError(v3, dir.resolve("v3back.npy")));
    Path v2 = Cli.npy(dir.resolve("v2.npy"), 2, "<f4", false, new long[] {3}, c.array());
    java(dir, "encode", "zfp", v2.toString(), "v2.zfp").expect(0);
    java(dir, "decode", "zfp", "v2.zfp", "v2back.npy").expect(0);
    assertEquals(0, Cli.maxError(v2, dir.resolve("v2back.npy")));
  }
}
