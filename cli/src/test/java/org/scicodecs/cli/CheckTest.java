package org.scicodecs.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scicodecs.cli.Cli.java;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scicodecs.DType;

/** {@code scicodecs check}: which codec recognises a file and what its header says. */
class CheckTest {
  @TempDir Path dir;

  private String check(String file, int status) {
    String out = java(dir, "check", file).expect(status).out();
    assertTrue(out.startsWith(file + ": "), out);
    return out;
  }

  private static void line(String out, String codec, String... fragments) {
    String line = out.lines().filter(l -> l.startsWith("  " + codec + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + codec + " in\n" + out));
    for (String f : fragments) {
      assertTrue(line.contains(f), () -> "'" + f + "' not in: " + line);
    }
  }

  @Test
  void streamsOfEveryCodecThatRecordsSomething() {
    Path f = Cli.field(dir.resolve("f.npy"), DType.FLOAT32, 12, 20, 24);
    Path i = Cli.ints(dir.resolve("i.npy"), DType.UINT16, 30, 40);
    java(dir, "encode", "zfp", "--tolerance", "0.01", f.toString(), "a.zfp").expect(0);
    java(dir, "encode", "zfp", "--rate", "8", f.toString(), "r.zfp").expect(0);
    java(dir, "encode", "zfp", "--rate", "8", "--no-header", f.toString(), "n.zfp").expect(0);
    java(dir, "encode", "sperr", "--tolerance", "0.01", f.toString(), "a.sperr").expect(0);
    java(dir, "encode", "sz3", "--tolerance", "0.01", f.toString(), "a.sz3").expect(0);
    java(dir, "encode", "lerc", i.toString(), "a.lerc").expect(0);
    java(dir, "encode", "pcodec", i.toString(), "a.pco").expect(0);

    String zfp = check("a.zfp", 0);
    line(zfp, "zfp", "yes", "float32 (12, 20, 24)", "fixed accuracy, tolerance 0.00781 (2^-7)");
    assertFalse(zfp.contains("  lerc "), zfp);
    line(check("r.zfp", 0), "zfp", "yes", "fixed rate, 8 bits per value");
    line(check("n.zfp", 0), "zfp", "yes", "header-less");
    line(check("a.sperr", 0), "sperr", "yes", "float32 (12, 20, 24)");
    line(check("a.sz3", 0), "sz3", "yes", "shape (12, 20, 24)", "3.3.2", "ABS", "--dtype");
    line(check("a.lerc", 0), "lerc", "yes", "uint16 (30, 40)", "Lerc2 codec version 4", "no masks");
    line(check("a.pco", 0), "pcodec", "yes", "uint16, 1200 values", "--shape");
    assertTrue(check("a.pco", 0).contains("szip, aec, floatpred: cannot tell"), check("a.pco", 0));
  }

  @Test
  void npyFilesAndUnknownBytes() throws IOException {
    Cli.field(dir.resolve("f.npy"), DType.FLOAT64, 3, 4);
    assertTrue(check("f.npy", 0).contains("a NumPy .npy file (format 1.0): float64 (3, 4)"));
    Files.writeString(dir.resolve("text.txt"), "plain text, not a stream of any codec\n".repeat(10));
    String out = check("text.txt", 1);
    assertTrue(out.contains("no codec recognises it"), out);
  }
}
