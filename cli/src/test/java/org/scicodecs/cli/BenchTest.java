package org.scicodecs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scicodecs.cli.Cli.java;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scicodecs.DType;

/**
 * {@code bench} and {@code demo}: the table, the JSON and the plots, and that their numbers are
 * those of the real commands (the stream size of a benchmarked setting is the size {@code encode}
 * writes for the same options).
 */
class BenchTest {
  @TempDir Path dir;

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private static void png(Path p) throws IOException {
    byte[] b = Files.readAllBytes(p);
    assertTrue(b.length > 1000, p + " is " + b.length + " bytes");
    assertArrayEquals(PNG, java.util.Arrays.copyOf(b, 8), p + " is not a PNG");
  }

  /** The JSON object of one result: the text between the braces around its setting. */
  private static String result(String json, String codec, String setting, String implementation) {
    Matcher m = Pattern.compile("\\{[^{}]*\"codec\": \"" + codec + "\",\\s*\"setting\": \""
        + Pattern.quote(setting) + "\",\\s*\"implementation\": \"" + implementation + "\"[^{}]*}")
        .matcher(json);
    assertTrue(m.find(), () -> codec + " " + setting + " " + implementation + " not in\n" + json);
    return m.group();
  }

  private static double number(String obj, String key) {
    Matcher m = Pattern.compile("\"" + key + "\": ([-0-9.eE]+|null)").matcher(obj);
    assertTrue(m.find(), () -> key + " not in " + obj);
    return m.group(1).equals("null") ? Double.NaN : Double.parseDouble(m.group(1));
  }

  @Test
  void benchWritesTableJsonAndPlotsWithTheCommandsNumbers() throws IOException {
    Path f = Cli.field(dir.resolve("field.npy"), DType.FLOAT32, 24, 32, 32);
    Path u = Cli.ints(dir.resolve("img.npy"), DType.UINT16, 4, 64, 64);
    Cli.Result r = java(dir, "bench", "--data", f.toString(), "--data", u.toString(),
        "--codecs", "zfp,lerc,pcodec", "--reps", "1", "--no-python", "--out", "res").expect(0);
    String out = r.out();
    assertTrue(out.contains("imagecodecs side by side: skipped, not asked for (--no-python)"), out);
    assertTrue(out.contains("field: float32 (24, 32, 32)"), out);
    assertTrue(out.contains("  zfp     --tolerance "), out);
    assertTrue(out.contains("  lerc    --tolerance 0 "), out);
    assertTrue(out.contains("note: img: zfp do not take uint16 3-D data"), out);
    Path res = dir.resolve("res");
    for (String p : new String[] {"field-ratio-vs-error.png", "field-throughput.png",
        "img-ratio-vs-error.png", "img-throughput.png"}) {
      png(res.resolve(p));
    }
    String json = Files.readString(res.resolve("results.json"));
    assertEquals(out.substring(out.indexOf("\nfield: ") + 1, out.indexOf("note: ")),
        Files.readString(res.resolve("results.txt")) + "", "results.txt is the printed table");

    // A bounded setting holds its bound, and its stream is what `encode` writes.
    Matcher tol = Pattern.compile("zfp {5}--tolerance (\\S+)").matcher(out);
    assertTrue(tol.find(), out);
    String t = tol.group(1);
    String zfp = result(json, "zfp", "--tolerance " + t, "scicodecs");
    assertTrue(number(zfp, "max_abs_error") <= Double.parseDouble(t), zfp);
    java(dir, "encode", "zfp", "--tolerance", t, f.toString(), "z.zfp").expect(0);
    assertEquals(Files.size(dir.resolve("z.zfp")), (long) number(zfp, "encoded_bytes"), zfp);
    assertEquals(24 * 32 * 32 * 4 / (double) Files.size(dir.resolve("z.zfp")), number(zfp, "ratio"), 1e-9);
    assertTrue(number(zfp, "encode_mb_per_s") > 0 && number(zfp, "decode_mb_per_s") > 0, zfp);

    String lossless = result(json, "pcodec", "--level 8", "scicodecs");
    assertEquals(0, number(lossless, "max_abs_error"));
    assertTrue(lossless.contains("\"exact\": true"), lossless);
    java(dir, "encode", "pcodec", "--level", "8", u.toString(), "u.pco").expect(0);
    String onImage = json.substring(json.indexOf("\"dataset\": \"img\""));
    assertEquals(Files.size(dir.resolve("u.pco")),
        (long) number(result(onImage, "pcodec", "--level 8", "scicodecs"), "encoded_bytes"));
  }

  @Test
  void aPythonThatDoesNotWorkIsOneLineAndTheBenchCarriesOn() {
    Path f = Cli.field(dir.resolve("f.npy"), DType.FLOAT64, 16, 16);
    Cli.Result r = java(dir, "bench", "--data", f.toString(), "--codecs", "pcodec", "--reps", "1",
        "--python", dir.resolve("no-python").toString(), "--out", "o").expect(0);
    assertTrue(r.out().contains("imagecodecs side by side: skipped, no Python with imagecodecs"), r.out());
    assertTrue(r.out().contains("  pcodec  --level 4"), r.out());
  }

  @Test
  void imagecodecsTimedSideBySideWhereInstalled() throws IOException {
    Path python = Path.of(System.getenv().getOrDefault("SCICODECS_CACHE",
        System.getProperty("user.home") + "/.cache/scicodecs"), "venv-interop", "bin", "python");
    boolean required = Boolean.getBoolean("scicodecs.interop.required");
    Assumptions.assumeTrue(required || Files.isExecutable(python),
        "no imagecodecs venv at " + python + " (scripts/setup-interop)");
    Path f = Cli.field(dir.resolve("f.npy"), DType.FLOAT32, 20, 24, 28);
    Cli.Result r = java(dir, "bench", "--data", f.toString(), "--codecs", "zfp,sz3", "--reps", "1",
        "--python", python.toString(), "--out", "o").expect(0);
    assertTrue(r.out().contains("imagecodecs (Python)"), r.out());
    String json = Files.readString(dir.resolve("o/results.json"));
    // Same zfp version on both sides: the same options give the same stream size.
    Matcher tol = Pattern.compile("zfp {5}(--tolerance \\S+)").matcher(r.out());
    assertTrue(tol.find(), r.out());
    String java = result(json, "zfp", tol.group(1), "scicodecs");
    String py = result(json, "zfp", tol.group(1), "imagecodecs");
    assertEquals(number(java, "encoded_bytes"), number(py, "encoded_bytes"), py);
    assertTrue(number(py, "max_abs_error") <= Double.parseDouble(tol.group(1).split(" ")[1]), py);
    String sz3 = result(json, "sz3", tol.group(1), "imagecodecs");
    assertTrue(sz3.contains("\"ok\": true"), sz3);
  }

  @Test
  void quickDemoWritesItsDataResultsAndPlots() throws IOException {
    Cli.Result r = java(dir, "demo", "--quick", "--no-python", "--out", "d").expect(0);
    assertTrue(r.out().contains("field: float32 (48, 48, 48)"), r.out());
    assertTrue(r.out().contains("stack: uint16 (8, 96, 96)"), r.out());
    assertTrue(r.out().contains("demo finished in"), r.out());
    Path d = dir.resolve("d");
    assertArrayEquals(new long[] {48, 48, 48}, Cli.header(d.resolve("field.npy")).shape());
    png(d.resolve("stack-throughput.png"));
    png(d.resolve("field-ratio-vs-error.png"));
    String json = Files.readString(d.resolve("results.json"));
    for (String c : new String[] {"zfp", "sperr", "sz3", "lerc", "szip", "aec", "pcodec"}) {
      assertTrue(json.contains("\"codec\": \"" + c + "\""), c);
    }
    assertTrue(!json.contains("\"ok\": false"), "every demo setting runs:\n" + r.out());
  }

  @Test
  void demoDataIsDeterministic() throws IOException {
    java(dir, "demo", "--quick", "--no-python", "--codecs", "pcodec", "--out", "a").expect(0);
    java(dir, "demo", "--quick", "--no-python", "--codecs", "pcodec", "--out", "b").expect(0);
    for (String f : new String[] {"field.npy", "stack.npy"}) {
      assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)), f);
    }
  }
}
