package org.scicodecs.nativelib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibrariesTest {

  @Test
  void missingLibraryNamesItselfThePathsTriedAndTheFix() {
    String name = "scicodecs-test-no-such-library";
    assertFalse(NativeLibraries.isAvailable(name));
    var e = assertThrows(NativeLibraryException.class, () -> NativeLibraries.load(name));
    assertEquals(name, e.library());
    String message = e.getMessage();
    assertTrue(message.contains("lib" + name + ".so"), message);
    assertTrue(message.contains("/native/linux-x86_64/lib" + name + ".so"), message);
    assertTrue(message.contains("system search"), message);
    assertTrue(message.contains(NativeLibraries.PATH_PROPERTY), message);
    assertTrue(message.contains("scripts/build-native"), message);
    assertEquals(2, e.attempts().size(), e.attempts().toString());
    // The failure is remembered: the same exception, not a second attempt.
    assertSame(e, assertThrows(NativeLibraryException.class, () -> NativeLibraries.load(name)));
  }

  @Test
  void lookupIsLazyAndReportsTheFailureOnFirstUse() {
    var lookup = NativeLibraries.lookup("scicodecs-test-lazy-missing");
    var e = assertThrows(NativeLibraryException.class, () -> lookup.find("anything"));
    assertTrue(e.getMessage().contains("scicodecs-test-lazy-missing"));
  }

  @Test
  void brokenFileInOverrideDirectoryReportsTheDynamicLinkersReason(@TempDir Path dir)
      throws Exception {
    String name = "scicodecs-test-broken";
    // An ELF file the dynamic linker refuses: a position-independent executable.
    Path executable = Path.of("/bin/true");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(executable), "no /bin/true");
    Files.copy(executable, dir.resolve(System.mapLibraryName(name) + ".1"));
    String old = System.getProperty(NativeLibraries.PATH_PROPERTY);
    System.setProperty(NativeLibraries.PATH_PROPERTY, dir.toString());
    try {
      var e = assertThrows(NativeLibraryException.class, () -> NativeLibraries.load(name));
      String first = e.attempts().get(0);
      assertTrue(first.startsWith(dir.resolve("lib" + name + ".so.1").toString()), first);
      // dlerror's own words, not just "cannot open library"
      assertTrue(first.contains("cannot dynamically load"), first);
    } finally {
      if (old == null) {
        System.clearProperty(NativeLibraries.PATH_PROPERTY);
      } else {
        System.setProperty(NativeLibraries.PATH_PROPERTY, old);
      }
    }
  }

  @Test
  void versionedNamesCompareNumerically() {
    assertTrue(NativeLibraries.compareVersions("libzfp.so.1.10", "libzfp.so.1.9") > 0);
    assertTrue(NativeLibraries.compareVersions("libzfp.so.2", "libzfp.so.1.0.1") > 0);
    assertTrue(NativeLibraries.compareVersions("libzfp.so.1", "libzfp.so.1.0") < 0);
  }

  @Test
  void bundledLibrariesExistForThisPlatform() {
    assertEquals("linux-x86_64", NativeLibraries.PLATFORM);
  }

  @Test
  void bundledLibraryCompiledForMissingCpuFeaturesIsRefusedBeforeLoading() {
    // The default build compiles SPERR with -mavx2 -mfma (libraries.properties: SPERR.cpu).
    assertEquals(java.util.List.of("avx2", "fma"),
        NativeLibraries.missingCpuFeatures("SPERR", "fpu sse sse2 ssse3"));
    assertEquals(java.util.List.of(), NativeLibraries.missingCpuFeatures("SPERR", "sse2 avx2 fma"));
    assertEquals(java.util.List.of(), NativeLibraries.missingCpuFeatures("zfp", "fpu"));
  }
}
