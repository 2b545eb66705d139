package org.scicodecs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.scicodecs.CodecException;
import org.scicodecs.cli.bench.BenchCommand;
import org.scicodecs.cli.codec.CodecAdapter;
import org.scicodecs.cli.codec.Codecs;
import org.scicodecs.cli.io.Io;

/**
 * The {@code scicodecs} command: encode, decode, check, bench, demo, codecs, help, version (see
 * {@link Help#main()}). Every failure ends as one line on stderr, {@code scicodecs: error: ...},
 * and an {@link ExitCode exit status} of its kind; {@code SCICODECS_DEBUG=1} adds the stack trace.
 *
 * <p>Run it through {@code scripts/scicodecs}, which builds what is missing and starts the JVM with
 * {@code --enable-native-access=ALL-UNNAMED}.
 *
 * <p>Not thread-safe: one command per process.
 *
 * {@snippet :
 * int status = Main.run(new String[] {"check", "field.zfp"}, System.out, System.err);
 * }
 */
public final class Main {
  private Main() {}

  /** Entry point: runs the command and exits with its status. */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true"); // plots are drawn without a display
    int status = run(args, System.out, System.err);
    System.out.flush();
    System.exit(status);
  }

  /** Runs a command line; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> a = Arrays.asList(args);
    try {
      return dispatch(a, out, err);
    } catch (CliException e) {
      return fail(err, e.code(), e.getMessage(), e);
    } catch (CodecException e) {
      return fail(err, ExitCode.CODEC, e.codec() + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      CliException c = Io.error(e.getCause(), null);
      return fail(err, c.code(), c.getMessage(), e);
    } catch (IllegalArgumentException e) {
      return fail(err, ExitCode.CODEC, String.valueOf(e.getMessage()), e);
    } catch (OutOfMemoryError e) {
      return fail(err, ExitCode.CODEC, "out of memory (" + e.getMessage()
          + "); give the JVM more with SCICODECS_JAVA_OPTS=-Xmx...", e);
    } catch (RuntimeException | Error e) {
      return fail(err, ExitCode.CODEC, "internal error: " + e + " (SCICODECS_DEBUG=1 shows where)", e);
    }
  }

  private static int dispatch(List<String> a, PrintStream out, PrintStream err) {
    if (a.isEmpty()) {
      throw CliException.usage("no command given (scicodecs --help lists them)");
    }
    String command = a.getFirst();
    List<String> rest = a.subList(1, a.size());
    return switch (command) {
      case "-h", "--help" -> print(out, Help.main());
      case "help" -> help(rest, out);
      case "-V", "--version", "version" -> print(out, version());
      case "codecs" -> print(out, codecs());
      case "encode" -> EncodeCommand.run(rest, out);
      case "decode" -> DecodeCommand.run(rest, out, err);
      case "check" -> CheckCommand.run(rest, out);
      case "bench" -> Help.wanted(rest) ? print(out, Help.command("bench")) : BenchCommand.run(rest, false, out);
      case "demo" -> Help.wanted(rest) ? print(out, Help.command("demo")) : BenchCommand.run(rest, true, out);
      default -> throw CliException.usage(
          "unknown command '" + command + "' (commands: encode, decode, check, bench, demo, codecs,"
              + " help, version)");
    };
  }

  private static int help(List<String> rest, PrintStream out) {
    if (rest.isEmpty()) {
      return print(out, Help.main());
    }
    String topic = rest.getFirst();
    if (List.of("encode", "decode", "check", "bench", "demo", "codecs", "version").contains(topic)) {
      return print(out, Help.command(topic));
    }
    return print(out, Help.codec(Codecs.get(topic)));
  }

  private static int print(PrintStream out, String text) {
    out.print(text);
    return 0;
  }

  private static int fail(PrintStream err, ExitCode code, String message, Throwable t) {
    String line = message == null ? t.getClass().getName() : message.strip().replaceAll("\\s*\\R\\s*", " ");
    err.println("scicodecs: error: " + line);
    if ("1".equals(System.getenv("SCICODECS_DEBUG"))) {
      t.printStackTrace(err);
    }
    return code.status();
  }

  static String version() {
    StringBuilder sb = new StringBuilder();
    Package p = Main.class.getPackage();
    String v = p.getImplementationVersion();
    sb.append("scicodecs ").append(v == null ? "(development build)" : v).append('\n');
    sb.append(String.format(Locale.ROOT, "Java %s (%s), max heap %d MiB, %d cores%n",
        Runtime.version(), System.getProperty("java.vm.name"),
        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors()));
    int w = nameWidth();
    for (CodecAdapter c : Codecs.ALL) {
      sb.append(String.format("  %-" + w + "s %s%n", c.name(), c.available() ? c.version() : "not available"));
    }
    return sb.toString();
  }

  private static int nameWidth() {
    return Codecs.ALL.stream().mapToInt(c -> c.name().length()).max().orElse(0);
  }

  static String codecs() {
    StringBuilder sb = new StringBuilder();
    int w = nameWidth();
    for (CodecAdapter c : Codecs.ALL) {
      sb.append(String.format("%-" + w + "s %s%s%n", c.name(), c.summary(),
          c.available() ? "" : " [not available]"));
      sb.append(String.format("%-" + w + "s encodes %s%n", "", c.accepts()));
    }
    sb.append("\nscicodecs help CODEC lists a codec's options; scicodecs version, the libraries.\n");
    return sb.toString();
  }

  /** Fails with a codec error unless the codec's library loads. */
  static void requireAvailable(CodecAdapter c) {
    if (!c.available()) {
      throw CliException.codec(c.unavailable(), null);
    }
  }

  /**
   * Runs a codec operation on the stream or array in {@code file}, naming the file in its errors:
   * a codec's refusal or an invalid argument it finds in the data is a codec error.
   */
  static <T> T stream(Path file, Supplier<T> op) {
    try {
      return op.get();
    } catch (CliException e) {
      throw e;
    } catch (CodecException e) {
      throw CliException.codec(file + ": " + e.codec() + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw CliException.codec(file + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw Io.error(e.getCause() instanceof IOException io ? io : new IOException(e), file);
    }
  }

  /** A byte count for people: {@code 8.39 MB}, {@code 512 bytes}. */
  static String bytes(long n) {
    if (n < 10_000) {
      return n + " bytes";
    }
    return org.scicodecs.cli.codec.Support.sig(n / 1e6) + " MB";
  }
}
