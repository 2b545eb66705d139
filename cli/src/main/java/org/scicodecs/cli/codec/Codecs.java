package org.scicodecs.cli.codec;

import java.util.List;
import java.util.stream.Collectors;
import org.scicodecs.cli.CliException;

/**
 * The codecs the command knows, in the order it lists and benchmarks them. <strong>This list is the
 * one place a codec is registered</strong>: a new codec is a {@link CodecAdapter} class plus one
 * entry here.
 *
 * <p>Thread-safe: an immutable list of stateless adapters.
 *
 * {@snippet :
 * CodecAdapter zfp = Codecs.get("zfp");
 * for (CodecAdapter c : Codecs.ALL) {
 *   System.out.println(c.name() + " " + c.version());
 * }
 * }
 */
public final class Codecs {
  /** Every codec, in the order the command lists them. */
  public static final List<CodecAdapter> ALL =
      List.of(
          new ZfpAdapter(),
          new SperrAdapter(),
          new Sz3Adapter(),
          new LercAdapter(),
          new SzipAdapter(),
          new AecAdapter(),
          new PcodecAdapter(),
          new FloatpredAdapter(),
          new JetrawAdapter());

  private Codecs() {}

  /**
   * The codec with this name (case-insensitive).
   *
   * @throws CliException (usage) naming the known codecs
   */
  public static CodecAdapter get(String name) {
    for (CodecAdapter c : ALL) {
      if (c.name().equalsIgnoreCase(name)) {
        return c;
      }
    }
    throw CliException.usage("unknown codec '" + name + "' (codecs: " + names() + ")");
  }

  /** {@code "zfp, sperr, ..."}. */
  public static String names() {
    return ALL.stream().map(CodecAdapter::name).collect(Collectors.joining(", "));
  }
}
