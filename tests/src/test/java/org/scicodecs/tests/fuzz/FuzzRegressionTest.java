package org.scicodecs.tests.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.scicodecs.DecodeLimits;

/**
 * The fuzz targets in {@code mvn verify}: each runs on its seeds (valid streams; decoding them must
 * not throw at all) and on every committed regression input under {@code
 * src/test/resources/fuzz-regressions/<target>/} — the inputs the fuzzer found (crashes, hangs,
 * unexpected exceptions), kept so that each finding stays fixed. Coverage-guided fuzzing itself runs
 * in {@code scripts/fuzz}.
 */
class FuzzRegressionTest {
  static final Path REGRESSIONS = Path.of("src/test/resources/fuzz-regressions");

  @BeforeAll
  static void limit() {
    System.setProperty(DecodeLimits.PROPERTY, Long.toString(64L << 20));
  }

  @TestFactory
  Stream<DynamicTest> seedsDecode() {
    List<DynamicTest> tests = new ArrayList<>();
    SeedCorpus.seeds().forEach((target, seeds) -> {
      for (int i = 0; i < seeds.size(); i++) {
        byte[] seed = seeds.get(i);
        tests.add(DynamicTest.dynamicTest(target + " seed " + i, () -> {
          assertTrue(seed.length > 1, "seed is a stream");
          FuzzTargets.ALL.get(target).accept(seed); // a valid stream: no exception at all
        }));
      }
    });
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> committedFindingsStayFixed() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (String target : FuzzTargets.names()) {
      Path dir = REGRESSIONS.resolve(target);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.sorted().toList()) {
          tests.add(DynamicTest.dynamicTest(target + " " + f.getFileName(),
              () -> FuzzTargets.run(target, Files.readAllBytes(f))));
        }
      }
    }
    assertFalse(FuzzTargets.names().isEmpty());
    return tests.stream();
  }
}
