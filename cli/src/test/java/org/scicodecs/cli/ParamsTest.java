package org.scicodecs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.scicodecs.DType;
import org.scicodecs.cli.codec.Codecs;
import org.scicodecs.cli.codec.Support;

/** Command-line parsing and the codec registry, in process. */
class ParamsTest {
  private static final List<OptionSpec> SPECS = List.of(
      OptionSpec.number("tolerance", "T", ""), OptionSpec.integer("level", "L", ""),
      OptionSpec.shape("shape", ""), OptionSpec.dtype("dtype", ""), OptionSpec.flag("quiet", ""),
      OptionSpec.choice("mode", "", "rate", "pwe"));

  @Test
  void optionsAnywhereInBothSpellings() {
    Params p = Params.parse(List.of("in.npy", "--tolerance=-1e-3", "--shape", "(4, 5, 6)", "out",
        "--quiet", "--mode", "PWE", "--", "--level"), SPECS, "encode x");
    assertEquals(List.of("in.npy", "out", "--level"), p.positionals());
    assertEquals(-1e-3, p.number("tolerance"));
    assertArrayEquals(new long[] {4, 5, 6}, p.shape("shape"));
    assertTrue(p.flag("quiet"));
    assertEquals("pwe", p.text("mode"));
    assertNull(p.integer("level"));
    assertEquals("--tolerance -1e-3 --mode pwe", p.commandLine("shape", "quiet"));
    assertArrayEquals(new long[] {5}, Params.parse(List.of("--shape", "5,"), SPECS, "x").shape("shape"));
    assertArrayEquals(new long[] {2, 3}, Params.parse(List.of("--shape", "2x3"), SPECS, "x").shape("shape"));
    assertEquals(DType.UINT16, Params.parse(List.of("--dtype", "<u2"), SPECS, "x").dtype("dtype"));
  }

  @Test
  void errorsAreUsageErrorsNamingTheOption() {
    CliException e = assertThrows(CliException.class,
        () -> Params.parse(List.of("--level", "1.5"), SPECS, "encode x"));
    assertEquals(ExitCode.USAGE, e.code());
    assertEquals("bad value for --level: '1.5' is not a whole number", e.getMessage());
    assertTrue(assertThrows(CliException.class, () -> Params.parse(List.of("--tolerance", "nan"), SPECS, "x"))
        .getMessage().contains("not a number"));
    assertTrue(assertThrows(CliException.class, () -> Params.parse(List.of("--quiet=1"), SPECS, "x"))
        .getMessage().contains("takes no value"));
    assertTrue(assertThrows(CliException.class, () -> Params.parse(List.of("--speed", "1"), SPECS, "encode x"))
        .getMessage().contains("unknown option --speed for 'encode x' (its options: --tolerance, --level"));
  }

  @Test
  void registryAndNumberFormats() {
    assertEquals("zfp, sperr, sz3, lerc, szip, aec, pcodec, floatpred, jetraw", Codecs.names());
    assertEquals("zfp", Codecs.get("ZFP").name());
    assertEquals(ExitCode.USAGE, assertThrows(CliException.class, () -> Codecs.get("gzip")).code());
    assertEquals("0.00238", Support.sig(0.0023814));
    assertEquals("4095", Support.sig(4095, 4));
    assertEquals("2.38e-7", Support.sig(2.3814e-7));
    assertEquals("1.23e8", Support.sig(1.2345e8));
    assertEquals(1.23e8, Double.parseDouble(Support.sig(1.2345e8)));
  }
}
