package org.scicodecs.cli;

import java.util.List;
import org.scicodecs.cli.bench.BenchCommand;
import org.scicodecs.cli.codec.CodecAdapter;
import org.scicodecs.cli.codec.Codecs;

/**
 * The command's help texts: {@code scicodecs --help} (commands, codecs, exit statuses), each
 * command's, and each codec's ({@code scicodecs encode zfp --help}, {@code scicodecs help zfp}).
 *
 * <p>Thread-safe: stateless.
 *
 * {@snippet :
 * System.out.print(Help.main());
 * }
 */
public final class Help {
  private Help() {}

  /** Whether the arguments ask for help ({@code -h} or {@code --help}). */
  public static boolean wanted(List<String> args) {
    for (String a : args) {
      if (a.equals("--")) {
        return false;
      }
      if (a.equals("-h") || a.equals("--help")) {
        return true;
      }
    }
    return false;
  }

  /** {@code scicodecs --help}. */
  public static String main() {
    StringBuilder sb = new StringBuilder();
    sb.append("""
        scicodecs - scientific compression codecs (the imagecodecs family) from the JVM

        Usage:
          scicodecs encode CODEC [options] IN OUT   compress the array IN into the stream OUT
          scicodecs decode CODEC [options] IN OUT   decompress the stream IN into the array OUT
          scicodecs check FILE                      which codecs recognise FILE, and what its header says
          scicodecs bench [--data FILE.npy ...] [--codecs LIST] [--out DIR]
                                                    ratio, error, PSNR and MB/s of every codec over a
                                                    sweep of settings: table, JSON and PNG plots
          scicodecs demo [--out DIR]                bench on built-in data: a 3-D float32 field and a
                                                    uint16 image stack
          scicodecs codecs                          the codecs, whether available, and what they take
          scicodecs help [COMMAND | CODEC]          help for a command or a codec's options
          scicodecs version                         versions of scicodecs, Java and the codecs

        Arrays are NumPy .npy files (format 1-3, little-endian; Fortran order is read as such, output
        is C order) or raw little-endian C-order files with --shape and --dtype. A decoded OUT whose
        name ends in .npy is written as .npy, any other name as raw data. Files are memory-mapped, so
        they may be larger than the JVM's heap. OUT appears only when complete: a failed run leaves
        no partial file. Streams hold only the codec's bytes, as imagecodecs writes them.

        Codecs:
        """);
    for (CodecAdapter c : Codecs.ALL) {
      sb.append(String.format("  %-7s %s%n", c.name(), c.summary()));
    }
    sb.append("""

        Options are the requested API's parameter names: scicodecs help CODEC lists a codec's.
        Examples:
          scicodecs encode zfp --tolerance 1e-3 field.npy field.zfp
          scicodecs decode zfp field.zfp field2.npy
          scicodecs encode szip --coding nn image.u16 image.szip --shape 512,512 --dtype uint16
          scicodecs decode szip image.szip image.npy --shape 512,512 --dtype uint16

        Exit status:
        """);
    for (ExitCode e : ExitCode.values()) {
      sb.append(wrap(String.format("  %d  %s", e.status(), e.meaning()), 96, "     "));
    }
    sb.append("""

        Errors are one line on stderr. A progress bar is drawn on stderr only on a terminal.
        Environment: SCICODECS_JAVA_OPTS (extra JVM options for scripts/scicodecs, e.g. -Xmx8g),
        SCICODECS_PYTHON (the Python with imagecodecs for bench/demo), SCICODECS_DEBUG=1 (stack traces).
        """);
    return sb.toString();
  }

  /** A command's help. */
  public static String command(String name) {
    return switch (name) {
      case "encode" -> """
          Usage: scicodecs encode CODEC [options] IN OUT

          Compresses the array IN (.npy, or raw with --shape and --dtype) with CODEC into OUT.
          Common options:
          """ + options(EncodeCommand.COMMON) + "\nCODEC's options: scicodecs encode CODEC --help ("
          + Codecs.names() + ")\n";
      case "decode" -> """
          Usage: scicodecs decode CODEC [options] IN OUT

          Decompresses the CODEC stream IN into the array OUT (.npy if OUT ends in .npy, else raw).
          Streams that record their dtype and shape need no options; the others need --shape and
          --dtype (and, for szip and aec, the options they were encoded with).
          Common options:
          """ + options(DecodeCommand.COMMON) + "\nCODEC's options: scicodecs decode CODEC --help ("
          + Codecs.names() + ")\n";
      case "check" -> """
          Usage: scicodecs check FILE

          Says which codecs recognise FILE and what the stream's header says (dtype, shape, mode).
          Exit status 0 if a codec recognises it, 1 if none does.
          """;
      case "bench" -> """
          Usage: scicodecs bench [options]

          Runs every available codec over a short sweep of settings on each data set: compression
          ratio, max abs error, PSNR, encode and decode MB/s (10^6 uncompressed bytes per second,
          median of --reps runs). Prints a table; writes results.json, results.txt and, per data
          set, NAME-ratio-vs-error.png and NAME-throughput.png to --out. Where Python imagecodecs
          is installed (scripts/setup-interop), the same settings are timed there in the same run.
          Options:
          """ + options(BenchCommand.BENCH_OPTIONS);
      case "demo" -> """
          Usage: scicodecs demo [options]

          The main job on built-in data: a 128^3 float32 temperature field and a 64 x 256 x 256
          uint16 detector stack, generated deterministically into --out as field.npy and stack.npy,
          compressed with every available codec (scicodecs bench on them).
          Options:
          """ + options(BenchCommand.DEMO_OPTIONS);
      case "codecs" -> "Usage: scicodecs codecs\n\nLists the codecs, whether each is available, and what they encode (versions: scicodecs version).\n";
      case "version" -> "Usage: scicodecs version\n\nPrints the versions of scicodecs, Java and every codec library.\n";
      default -> main();
    };
  }

  /** A codec's help: what it takes and its encode and decode options. */
  public static String codec(CodecAdapter c) {
    StringBuilder sb = new StringBuilder();
    sb.append(c.name()).append(": ").append(c.summary()).append('\n');
    sb.append("Library: ").append(c.version()).append(c.available() ? "" : " (not available)").append('\n');
    sb.append("Encodes: ").append(c.accepts()).append("\n\n");
    sb.append("scicodecs encode ").append(c.name()).append(" [options] IN OUT\n");
    sb.append(options(c.encodeOptions()));
    sb.append(options(EncodeCommand.COMMON));
    sb.append("\nscicodecs decode ").append(c.name()).append(" [options] IN OUT\n");
    sb.append(options(c.decodeOptions()));
    sb.append(options(DecodeCommand.COMMON));
    return sb.toString();
  }

  /** Breaks a line at spaces before {@code width} columns; continuation lines get the indent. */
  static String wrap(String line, int width, String indent) {
    StringBuilder sb = new StringBuilder();
    String rest = line;
    while (rest.length() > width) {
      int cut = rest.lastIndexOf(' ', width);
      if (cut <= indent.length()) {
        break;
      }
      sb.append(rest, 0, cut).append('\n');
      rest = indent + rest.substring(cut + 1);
    }
    return sb.append(rest).append('\n').toString();
  }

  static String options(List<OptionSpec> specs) {
    StringBuilder sb = new StringBuilder();
    for (OptionSpec s : specs) {
      sb.append(String.format("  %-28s %s%s%n", s.synopsis(), s.help(), s.repeatable() ? " (repeatable)" : ""));
    }
    return sb.toString();
  }
}
