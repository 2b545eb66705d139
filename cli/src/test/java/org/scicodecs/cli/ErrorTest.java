package org.scicodecs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scicodecs.cli.Cli.java;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scicodecs.DType;

/**
 * Every error the issue names, in a child process: the exit status of its kind, one line on stderr
 * that says what is wrong, and no output file — not even a partial or temporary one — after a
 * failed encode or decode.
 */
class ErrorTest {
  @TempDir Path dir;
  Path field;

  @BeforeEach
  void data() {
    field = Cli.field(dir.resolve("f.npy"), DType.FLOAT32, 16, 16, 16);
  }

  private void onlyInputsLeft(String... names) {
    List<String> expected = Arrays.stream(names).sorted().toList();
    assertEquals(expected, Cli.list(dir), "nothing else in the directory");
  }

  @Test
  void unknownCommandCodecAndOption() {
    java(dir, "compress", "zfp", "f.npy", "o").fails(2, "unknown command 'compress'");
    java(dir, "encode", "zpf", "f.npy", "o.zfp").fails(2, "unknown codec 'zpf'", "zfp, sperr, sz3");
    java(dir, "encode", "pcodec", "--tolerance", "1", "f.npy", "o.pco")
        .fails(2, "unknown option --tolerance for 'encode pcodec'", "--level");
    java(dir, "decode", "zfp", "-x", "a", "b").fails(2, "unknown option '-x'");
    java(dir).fails(2, "no command");
    onlyInputsLeft("f.npy");
  }

  @Test
  void badOptionValues() {
    java(dir, "encode", "zfp", "--tolerance", "abc", "f.npy", "o.zfp")
        .fails(2, "bad value for --tolerance: 'abc' is not a number");
    java(dir, "encode", "zfp", "--rate", "-1", "f.npy", "o.zfp").fails(2, "zfp: rate must be");
    java(dir, "encode", "zfp", "--rate", "4", "--tolerance", "1", "f.npy", "o.zfp")
        .fails(2, "at most one of rate, precision, tolerance");
    java(dir, "encode", "pcodec", "--level", "13", "f.npy", "o.pco").fails(2, "level must be 0..12");
    java(dir, "encode", "sperr", "--mode", "fast", "f.npy", "o.sperr")
        .fails(2, "bad value for --mode: 'fast' is not one of rate, bpp, psnr, pwe");
    java(dir, "encode", "sperr", "f.npy", "o.sperr").fails(2, "sperr needs --tolerance T, or --mode and --quality");
    java(dir, "encode", "szip", "--pixels-per-block", "7", "f.npy", "o.szip").fails(2, "szip encodes integer");
    java(dir, "encode", "zfp", "--tolerance", "f.npy", "o.zfp").fails(2, "bad value for --tolerance: 'f.npy'");
    java(dir, "encode", "zfp", "--tolerance", "1", "f.npy").fails(2, "'encode zfp' needs OUT");
    java(dir, "encode", "zfp", "f.npy", "o.zfp", "--tolerance").fails(2, "--tolerance needs a value");
    java(dir, "encode", "zfp", "--shape", "4,x", "f.npy", "o.zfp").fails(2, "bad value for --shape");
    java(dir, "decode", "sz3", "--dtype", "float128", "a", "b").fails(2, "bad value for --dtype");
    java(dir, "encode", "zfp", "--tolerance", "1", "--tolerance", "2", "f.npy", "o").fails(2, "given twice");
    onlyInputsLeft("f.npy");
  }

  @Test
  void dataTheCodecDoesNotTake() {
    Cli.ints(dir.resolve("u.npy"), DType.UINT16, 10, 10);
    java(dir, "encode", "zfp", "u.npy", "u.zfp").fails(2, "zfp encodes float32, float64, int32 or int64", "uint16 (10, 10)");
    Cli.field(dir.resolve("one.npy"), DType.FLOAT32, 100);
    java(dir, "encode", "sperr", "--tolerance", "0.1", "one.npy", "o.sperr").fails(2, "2 or 3 dimensions");
    onlyInputsLeft("f.npy", "u.npy", "one.npy");
  }

  @Test
  void missingFilesAndDirectories() {
    java(dir, "encode", "zfp", "nothere.npy", "o.zfp").fails(3, "nothere.npy: no such file");
    java(dir, "decode", "zfp", "nothere.zfp", "o.npy").fails(3, "nothere.zfp: no such file");
    java(dir, "check", "nothere").fails(3, "no such file");
    java(dir, "encode", "zfp", "f.npy", "no/such/dir/o.zfp").fails(3, "no such directory");
    java(dir, "encode", "zfp", "f.npy", dir.toString()).fails(3, "is a directory");
    onlyInputsLeft("f.npy");
  }

  @Test
  void rawShapeAndDtypeMustFitTheFile() throws IOException {
    Files.write(dir.resolve("r.bin"), new byte[1000]);
    java(dir, "encode", "zfp", "r.bin", "o.zfp").fails(2, "r.bin is not a .npy file", "--shape and --dtype");
    java(dir, "encode", "zfp", "--shape", "10,10", "r.bin", "o.zfp").fails(2, "--dtype");
    java(dir, "encode", "zfp", "--shape", "10,10", "--dtype", "float32", "r.bin", "o.zfp")
        .fails(2, "r.bin has 1000 bytes", "needs 400");
    java(dir, "encode", "zfp", "--shape", "16,16", "--dtype", "float64", "f.npy", "o.zfp")
        .fails(2, "is a .npy file holding float32 (16, 16, 16)");
    onlyInputsLeft("f.npy", "r.bin");
  }

  @Test
  void invalidAndBigEndianNpyFiles() throws IOException {
    ByteBuffer be = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putFloat(1).putFloat(2).putFloat(3).putFloat(4);
    Cli.npy(dir.resolve("be.npy"), 1, ">f4", false, new long[] {4}, be.array());
    java(dir, "encode", "zfp", "be.npy", "o.zfp").fails(1, "big-endian", "newbyteorder");
    Cli.npy(dir.resolve("short.npy"), 1, "<f4", false, new long[] {100}, new byte[40]);
    java(dir, "encode", "lerc", "short.npy", "o.lerc").fails(1, "truncated");
    onlyInputsLeft("f.npy", "be.npy", "short.npy");
  }

  @Test
  void corruptStreamsFailWithoutLeavingOutput() throws IOException {
    java(dir, "encode", "zfp", "--tolerance", "1e-3", "f.npy", "f.zfp").expect(0);
    byte[] good = Files.readAllBytes(dir.resolve("f.zfp"));
    Files.write(dir.resolve("cut.zfp"), Arrays.copyOf(good, good.length / 2));
    java(dir, "decode", "zfp", "cut.zfp", "o.npy").fails(1, "cut.zfp: zfp:");
    byte[] bad = good.clone();
    bad[0] = 'x';
    Files.write(dir.resolve("bad.zfp"), bad);
    java(dir, "decode", "zfp", "bad.zfp", "o.npy").fails(1, "not a zfp stream");
    java(dir, "decode", "lerc", "f.zfp", "o.npy").fails(1, "lerc:");
    java(dir, "decode", "pcodec", "f.zfp", "o.npy").fails(1, "pco");

    java(dir, "encode", "lerc", "f.npy", "f.lerc").expect(0);
    byte[] lerc = Files.readAllBytes(dir.resolve("f.lerc"));
    Files.write(dir.resolve("cut.lerc"), Arrays.copyOf(lerc, lerc.length - 100));
    java(dir, "decode", "lerc", "cut.lerc", "o.npy").fails(1, "cut.lerc: lerc:");
    java(dir, "encode", "sperr", "--tolerance", "1e-3", "f.npy", "f.sperr").expect(0);
    byte[] sperr = Files.readAllBytes(dir.resolve("f.sperr"));
    Files.write(dir.resolve("cut.sperr"), Arrays.copyOf(sperr, sperr.length - 10));
    java(dir, "decode", "sperr", "cut.sperr", "o.npy").fails(1, "cut.sperr: sperr:");
    Files.write(dir.resolve("empty"), new byte[0]);
    java(dir, "decode", "zfp", "empty", "o.npy").fails(1, "not a zfp stream");
    // Raw SZIP data says nothing about itself: a stream too short for the shape is refused.
    Cli.ints(dir.resolve("u.npy"), DType.UINT16, 32, 32);
    java(dir, "encode", "szip", "u.npy", "u.szip").expect(0);
    java(dir, "decode", "szip", "--shape", "64,64", "--dtype", "uint16", "u.szip", "o.npy").fails(1, "szip");
    onlyInputsLeft("f.npy", "f.zfp", "cut.zfp", "bad.zfp", "f.lerc", "cut.lerc", "f.sperr",
        "cut.sperr", "empty", "u.npy", "u.szip");
  }

  @Test
  void aFailedDecodeLeavesAnExistingOutputAsItWas() throws IOException {
    Files.writeString(dir.resolve("o.npy"), "the previous contents");
    Files.write(dir.resolve("junk.zfp"), new byte[] {'z', 'f', 'p', 1, 2, 3, 4, 5, 6, 7, 8});
    java(dir, "decode", "zfp", "junk.zfp", "o.npy").fails(1, "junk.zfp");
    assertEquals("the previous contents", Files.readString(dir.resolve("o.npy")));
    onlyInputsLeft("f.npy", "o.npy", "junk.zfp");
    // ...and a successful one replaces it.
    java(dir, "encode", "zfp", "f.npy", "f.zfp", "--quiet").expect(0);
    Cli.Result r = java(dir, "decode", "zfp", "f.zfp", "o.npy", "--quiet").expect(0);
    assertEquals("", r.out() + r.err());
    assertArrayEquals(new long[] {16, 16, 16}, Cli.header(dir.resolve("o.npy")).shape());
  }

  @Test
  void helpExitCodesAndVersion() {
    Cli.Result r = java(dir, "--help").expect(0);
    String flat = r.out().replaceAll("\\n {5}", " "); // wrapped lines go on indented by 5
    for (ExitCode e : ExitCode.values()) {
      assertTrue(flat.contains("  " + e.status() + "  " + e.meaning()), "exit code " + e.status());
    }
    for (String c : new String[] {"zfp", "sperr", "sz3", "lerc", "szip", "aec", "pcodec"}) {
      assertTrue(r.out().contains("  " + c + " "), c);
    }
    assertTrue(java(dir, "help", "szip").expect(0).out().contains("--pixels-per-block N"));
    assertTrue(java(dir, "encode", "zfp", "--help").expect(0).out().contains("--tolerance T"));
    assertTrue(java(dir, "help", "sperr").expect(0).out().contains("--quality Q"));
    String version = java(dir, "version").expect(0).out();
    assertTrue(version.contains("zfp 1."), version);
    // this child JVM runs without the Vector API module: the predictor says so, and why
    assertTrue(version.contains(
        "floatpred java, plain loops (the JVM runs without --add-modules jdk.incubator.vector)"), version);
    assertTrue(java(dir, "codecs").expect(0).out().contains("pcodec"));
  }
}
