package org.scicodecs.tests.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.lerc.Lerc;
import org.scicodecs.pcodec.Pcodec;
import org.scicodecs.sperr.Sperr;
import org.scicodecs.sz3.Sz3;
import org.scicodecs.szip.Aec;
import org.scicodecs.szip.Szip;
import org.scicodecs.zfp.Zfp;

/** The harness itself: literals, batches, errors, crashes, time limits, skip or fail. */
class ImagecodecsHarnessTest {
  @TempDir Path dir;

  @Test
  void javaValuesRenderAsPythonLiterals() {
    assertEquals("None", ImagecodecsHarness.literal(null));
    assertEquals("True", ImagecodecsHarness.literal(true));
    assertEquals("-7", ImagecodecsHarness.literal(-7L));
    assertEquals("0.01", ImagecodecsHarness.literal(0.01));
    assertEquals("1.0E-4", ImagecodecsHarness.literal(1e-4));
    assertEquals("-float('inf')", ImagecodecsHarness.literal(Double.NEGATIVE_INFINITY));
    assertEquals("'it\\'s\\n\\\\'", ImagecodecsHarness.literal("it's\n\\"));
    assertEquals("numpy.dtype('<f4')", ImagecodecsHarness.literal(DType.FLOAT32));
    assertEquals("(3,)", ImagecodecsHarness.literal(new long[] {3}));
    assertEquals("(16, 1200, 28, 0)", ImagecodecsHarness.literal(new int[] {16, 1200, 28, 0}));
    assertEquals("()", ImagecodecsHarness.literal(new Object[0]));
    assertEquals("[1, 'a', None]", ImagecodecsHarness.literal(java.util.Arrays.asList(1, "a", null)));
    assertEquals("b'\\x00\\xff'", ImagecodecsHarness.literal(new byte[] {0, -1}));
    assertEquals("(numpy.float32)", ImagecodecsHarness.literal(ImagecodecsHarness.expr("numpy.float32")));
    assertEquals("{'level': 0.5, 'header': False}", ImagecodecsHarness.literal(map("level", 0.5, "header", false)));
    assertThrows(IllegalArgumentException.class, () -> ImagecodecsHarness.literal(new Object()));
  }

  @Test
  void literalsMeanTheSameValuesInPython() {
    ImagecodecsHarness py = ImagecodecsHarness.open(dir);
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("none", null);
    values.put("flag", false);
    values.put("big", Long.MIN_VALUE);
    values.put("tolerance", 0.1);
    values.put("tiny", Double.MIN_VALUE);
    values.put("nan", Double.NaN);
    values.put("text", "tab\t'quote' \"dq\" \\ ü \u0001");
    values.put("shape", new long[] {4, 5, 6});
    values.put("one", new int[] {9});
    values.put("list", List.of(1.5, "x"));
    values.put("raw", new byte[] {1, 2, (byte) 0xFE});
    values.put("dtype", DType.UINT16);
    values.put("nested", map("level", new int[] {1, 2}, "mode", "c"));
    String printed =
        py.run(
            """
            print(repr(none), flag, big, repr(tolerance), repr(tiny), nan != nan)
            print(ascii(text))
            print(shape, one, list, raw, dtype.str, sorted(nested.items()))
            """,
            values);
    assertEquals(
        """
        None False -9223372036854775808 0.1 5e-324 True
        'tab\\t\\'quote\\' "dq" \\\\ \\xfc \\x01'
        (4, 5, 6) (9,) [1.5, 'x'] b'\\x01\\x02\\xfe' <u2 [('level', (1, 2)), ('mode', 'c')]
        """,
        printed);
  }

  @Test
  void arraysCrossBothWaysAndVersionsAreKnown() {
    ImagecodecsHarness py = ImagecodecsHarness.open(dir);
    try (Arena arena = Arena.ofConfined()) {
      double[] values = new double[3 * 4 * 5];
      for (int i = 0; i < values.length; i++) {
        values[i] = Math.sin(i) * 100;
      }
      NdArray a = NdArray.of(values, 3, 4, 5);
      Path npy = py.save("a", a);

      ImagecodecsHarness.Batch batch = py.batch();
      ImagecodecsHarness.Job sum = batch.exec("print(float(load(src).sum()), load(src).shape)", Map.of("src", npy));
      ImagecodecsHarness.Job transposed =
          batch.exec("save(out, load(src).transpose(2, 0, 1) * 2)", Map.of("src", npy, "out", dir.resolve("t.npy")));
      ImagecodecsHarness.Job encoded = batch.encode("zfp_encode", npy, Map.of("mode", "R"));
      ImagecodecsHarness.Job decoded = batch.decode("zfp_decode", encoded.path(), Map.of());
      int before = py.processCount();
      batch.execute();
      assertEquals(before + 1, py.processCount(), "one Python process per batch");

      double total = 0;
      for (double v : values) {
        total += v;
      }
      assertEquals(total, Double.parseDouble(sum.text().split(" ")[0]), 1e-9);
      assertTrue(sum.text().strip().endsWith("(3, 4, 5)"), sum.text());
      assertTrue(transposed.ok());
      NdArray t = ImagecodecsHarness.load(dir.resolve("t.npy"), arena);
      assertArrayEquals(new long[] {5, 3, 4}, t.shape());
      assertEquals(2 * a.getDouble(1, 2, 3), t.getDouble(3, 1, 2));
      assertTrue(Zfp.check(encoded.bytes()));
      assertEquals(-1, a.segment().mismatch(decoded.array(arena).segment()), "reversible round trip");

      // The single-job forms.
      byte[] stream = py.encode("zfp_encode", npy, Map.of("level", 8.0, "mode", "r"));
      NdArray fromJava = Zfp.decode(stream);
      NdArray fromPython = ImagecodecsHarness.load(py.decode("zfp_decode", stream, Map.of()), arena);
      assertEquals(-1, fromJava.segment().mismatch(fromPython.segment()));
      assertEquals("6\n", py.run("print(2 * 3)"));
    }

    Map<String, String> v = py.versions();
    for (String key : List.of("python", "numpy", "imagecodecs", "zfp", "sperr", "sz3", "lerc", "aec", "pcodec")) {
      assertTrue(v.containsKey(key), "no " + key + " version in " + v);
    }
    Map<String, Supplier<String>> ours = new LinkedHashMap<>();
    ours.put("zfp", Zfp::version);
    ours.put("sperr", Sperr::version);
    ours.put("sz3", Sz3::version);
    ours.put("lerc", Lerc::version);
    ours.put("aec", Aec::version);
    ours.put("szip", Szip::version);
    ours.put("pcodec", Pcodec::version);
    StringBuilder table = new StringBuilder("interop: python " + v.get("python") + ", numpy " + v.get("numpy")
        + ", imagecodecs " + v.get("imagecodecs") + "\n");
    for (var e : ours.entrySet()) {
      String theirs = v.get(e.getKey());
      String mine = e.getValue().get();
      table.append(String.format("  %-7s imagecodecs: %-14s scicodecs: %-14s %s%n",
          e.getKey(), theirs, mine, mine.equals(theirs) ? "same" : "DIFFERENT"));
    }
    System.out.print(table);
  }

  @Test
  void aPythonErrorFailsOnlyItsJobAndShowsTheTraceback() {
    ImagecodecsHarness py = ImagecodecsHarness.open(dir);
    ImagecodecsHarness.Batch batch = py.batch();
    ImagecodecsHarness.Job before = batch.exec("print('before')", Map.of());
    ImagecodecsHarness.Job bad = batch.exec("def f():\n    raise ValueError('boom')\nf()", Map.of());
    ImagecodecsHarness.Job badDecode = batch.decode("zfp_decode", py.save("junk", new byte[] {1, 2, 3}), Map.of());
    ImagecodecsHarness.Job after = batch.exec("print('after')", Map.of());
    assertThrows(IllegalStateException.class, bad::ok);
    batch.execute();
    assertEquals("before\n", before.text());
    assertEquals("after\n", after.text());
    String traceback = bad.expectError();
    assertTrue(traceback.contains("Traceback") && traceback.contains("ValueError: boom"), traceback);
    assertTrue(traceback.contains("in f"), traceback);
    AssertionFailedError e = assertThrows(AssertionFailedError.class, bad::text);
    assertTrue(e.getMessage().contains("job #1 exec") && e.getMessage().contains("ValueError: boom"), e.getMessage());
    assertFalse(badDecode.ok());
    e = assertThrows(AssertionFailedError.class, badDecode::bytes);
    assertTrue(e.getMessage().contains("zfp_decode(junk-"), e.getMessage());
    assertTrue(e.getMessage().contains("Error"), e.getMessage());
    assertThrows(AssertionFailedError.class, after::expectError);
  }

  @Test
  void aCrashingPythonNamesTheJobItWasRunning() {
    ImagecodecsHarness py = ImagecodecsHarness.open(dir);
    ImagecodecsHarness.Batch batch = py.batch();
    batch.exec("print('fine')", Map.of());
    batch.exec("import os, sys\nprint('about to abort', file=sys.stderr, flush=True)\nos.abort()", Map.of());
    batch.exec("print('never')", Map.of());
    AssertionFailedError e = assertThrows(AssertionFailedError.class, batch::execute);
    assertTrue(e.getMessage().contains("SIGABRT") && e.getMessage().contains("while running job #1"), e.getMessage());
    assertTrue(e.getMessage().contains("about to abort"), e.getMessage());
  }

  @Test
  void aHangingPythonIsKilledAtTheTimeLimit() {
    ImagecodecsHarness py = ImagecodecsHarness.open(dir).timeout(Duration.ofMillis(1500));
    ImagecodecsHarness.Batch batch = py.batch();
    batch.exec("import time\ntime.sleep(120)", Map.of());
    long start = System.nanoTime();
    AssertionFailedError e = assertThrows(AssertionFailedError.class, batch::execute);
    assertTrue(e.getMessage().contains("python did not finish within 1 s"), e.getMessage());
    if (e.getMessage().contains("while running")) { // unless Python was still starting
      assertTrue(e.getMessage().contains("while running job #0 exec: import time"), e.getMessage());
    }
    assertTrue(System.nanoTime() - start < 30e9, "killed promptly");
  }

  @Test
  void missingPythonSkipsOrFailsAsConfigured() {
    Path nowhere = dir.resolve("no-such-venv/bin/python");
    TestAbortedException skipped =
        assertThrows(TestAbortedException.class, () -> ImagecodecsHarness.open(dir, nowhere, false));
    assertTrue(skipped.getMessage().contains("run scripts/setup-interop"), skipped.getMessage());
    AssertionFailedError failed =
        assertThrows(AssertionFailedError.class, () -> ImagecodecsHarness.open(dir, nowhere, true));
    assertTrue(failed.getMessage().contains(nowhere.toString()), failed.getMessage());
  }

  @Test
  void pythonWithoutImagecodecsSkipsOrFailsAsConfigured() throws Exception {
    Path real = ImagecodecsHarness.open(dir).python();
    // The same interpreter, isolated from its site-packages: numpy and imagecodecs do not import.
    Path isolated = dir.resolve("isolated-python");
    Files.writeString(isolated, "#!/bin/sh\nexec '" + real + "' -I -S \"$@\"\n");
    Files.setPosixFilePermissions(isolated, PosixFilePermissions.fromString("rwx------"));
    TestAbortedException skipped =
        assertThrows(
            TestAbortedException.class,
            () -> ImagecodecsHarness.open(dir, isolated, false).run("print(1)"));
    assertTrue(skipped.getMessage().contains("cannot import numpy and imagecodecs"), skipped.getMessage());
    AssertionFailedError failed =
        assertThrows(
            AssertionFailedError.class, () -> ImagecodecsHarness.open(dir, isolated, true).versions());
    assertTrue(failed.getMessage().contains("ModuleNotFoundError"), failed.getMessage());
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
