package org.scicodecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.scicodecs.internal.NativeCodec;
import org.scicodecs.lerc.Lerc;
import org.scicodecs.pcodec.Pcodec;
import org.scicodecs.sperr.Sperr;
import org.scicodecs.sz3.Sz3;
import org.scicodecs.szip.Aec;
import org.scicodecs.szip.Szip;
import org.scicodecs.zfp.Zfp;
import org.scicodecs.zfp.ZfpException;

class AvailabilityAndVersionTest {

  static Stream<Arguments> codecs() {
    return Stream.of(
        codec("zfp", Zfp::available, Zfp::version, "zfp 1.0.1"),
        codec("sperr", Sperr::available, Sperr::version, "sperr 0.8.5"),
        codec("sz3", Sz3::available, Sz3::version, "sz3 3.3.2"),
        codec("lerc", Lerc::available, Lerc::version, "lerc 4.0.0"),
        codec("szip", Szip::available, Szip::version, "libaec 1.1.4"),
        codec("aec", Aec::available, Aec::version, "libaec 1.1.4"),
        codec("pcodec", Pcodec::available, Pcodec::version, "pcodec 1.0.3"));
  }

  private static Arguments codec(
      String name, BooleanSupplier available, Supplier<String> version, String pinned) {
    return Arguments.of(name, available, version, pinned);
  }

  /** The bundled libraries are the pinned upstream versions (native-build/THIRD-PARTY.md). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("codecs")
  void bundledLibraryIsAvailableAndReportsThePinnedVersion(
      String name, BooleanSupplier available, Supplier<String> version, String pinned) {
    assertTrue(available.getAsBoolean(), name + " should load from the bundled jar resources");
    assertEquals(pinned, version.get());
  }

  @Test
  void missingLibraryIsUnavailableReportsNaAndThrowsTheCodecsException() {
    var codec = new NativeCodec("zfp", "scicodecs-test-missing-zfp", ZfpException::new);
    assertEquals(false, codec.available());
    assertEquals("zfp n/a", codec.version(() -> "1.0"));
    var e = assertThrows(ZfpException.class, codec::require);
    assertEquals("zfp", e.codec());
    assertTrue(e.getMessage().contains("libscicodecs-test-missing-zfp.so"), e.getMessage());
    assertTrue(e.getMessage().contains("Tried:"), e.getMessage());
  }

  @Test
  void libraryWithoutAVersionSaysUnknown() {
    var codec = new NativeCodec("zfp", "zfp", ZfpException::new);
    assertEquals("zfp unknown", codec.version(() -> null));
  }
}
