package org.scicodecs.cli;

import java.util.List;
import java.util.Locale;

/**
 * One command-line option: its name (without the leading {@code --}), what its value looks like,
 * and one line of help. Values are checked against the kind when the command line is parsed, so a
 * bad value is reported before any file is touched.
 *
 * <p>Thread-safe: an immutable record.
 *
 * {@snippet :
 * OptionSpec rate = OptionSpec.number("rate", "BITS", "fixed rate: compressed bits per value");
 * OptionSpec mode = OptionSpec.choice("mode", "sperr's mode", "rate", "psnr", "pwe");
 * }
 *
 * @param name the name without {@code --}, e.g. {@code "pixels-per-block"}
 * @param kind what the value must be
 * @param metavar how the help shows the value, e.g. {@code "BITS"}; null for a flag
 * @param choices the allowed values of a {@link Kind#CHOICE}, else empty
 * @param help one line of help
 * @param repeatable whether the option may be given more than once (its values accumulate)
 */
public record OptionSpec(
    String name, Kind kind, String metavar, List<String> choices, String help, boolean repeatable) {

  /** What an option's value must be. */
  public enum Kind {
    /** No value: present or not. */
    FLAG,
    /** Any text. */
    TEXT,
    /** One of {@link OptionSpec#choices()}, case-insensitive. */
    CHOICE,
    /** A finite decimal number. */
    NUMBER,
    /** A whole number. */
    INTEGER,
    /** Comma- or x-separated non-negative whole numbers: {@code 64,256,256} or {@code 64x256x256}. */
    SHAPE,
    /** A NumPy dtype name: {@code float32}, {@code f4}, {@code <u2}, ... */
    DTYPE
  }

  /** Copies the choices. */
  public OptionSpec {
    choices = List.copyOf(choices);
  }

  /** An option without a value. */
  public static OptionSpec flag(String name, String help) {
    return new OptionSpec(name, Kind.FLAG, null, List.of(), help, false);
  }

  /** An option with a decimal number value. */
  public static OptionSpec number(String name, String metavar, String help) {
    return new OptionSpec(name, Kind.NUMBER, metavar, List.of(), help, false);
  }

  /** An option with a whole number value. */
  public static OptionSpec integer(String name, String metavar, String help) {
    return new OptionSpec(name, Kind.INTEGER, metavar, List.of(), help, false);
  }

  /** An option with a text value. */
  public static OptionSpec text(String name, String metavar, String help) {
    return new OptionSpec(name, Kind.TEXT, metavar, List.of(), help, false);
  }

  /** An option with one of a few values. */
  public static OptionSpec choice(String name, String help, String... choices) {
    return new OptionSpec(
        name, Kind.CHOICE, String.join("|", choices), List.of(choices), help, false);
  }

  /** An option with a shape value. */
  public static OptionSpec shape(String name, String help) {
    return new OptionSpec(name, Kind.SHAPE, "N,N,...", List.of(), help, false);
  }

  /** An option with a dtype value. */
  public static OptionSpec dtype(String name, String help) {
    return new OptionSpec(name, Kind.DTYPE, "DTYPE", List.of(), help, false);
  }

  /** The same option, allowed more than once. */
  public OptionSpec asRepeatable() {
    return new OptionSpec(name, kind, metavar, choices, help, true);
  }

  /** {@code --name METAVAR} as the help shows it. */
  public String synopsis() {
    return "--" + name + (metavar == null ? "" : " " + metavar);
  }

  /**
   * Checks a value against the kind and returns it normalised (choices in lower case).
   *
   * @throws CliException (usage) naming the option and saying what was expected
   */
  public String check(String value) {
    String v = value.strip();
    String bad = "bad value for --" + name + ": '" + value + "' ";
    switch (kind) {
      case FLAG -> {
        return "true";
      }
      case TEXT -> {
        if (v.isEmpty()) {
          throw CliException.usage(bad + "is empty");
        }
        return v;
      }
      case CHOICE -> {
        String lower = v.toLowerCase(Locale.ROOT);
        if (!choices.contains(lower)) {
          throw CliException.usage(bad + "is not one of " + String.join(", ", choices));
        }
        return lower;
      }
      case NUMBER -> {
        try {
          double d = Double.parseDouble(v);
          if (!Double.isFinite(d) || v.endsWith("d") || v.endsWith("f") || v.endsWith("D")
              || v.endsWith("F")) {
            throw new NumberFormatException();
          }
        } catch (NumberFormatException e) {
          throw CliException.usage(bad + "is not a number");
        }
        return v;
      }
      case INTEGER -> {
        try {
          Long.parseLong(v);
        } catch (NumberFormatException e) {
          throw CliException.usage(bad + "is not a whole number");
        }
        return v;
      }
      case SHAPE -> {
        parseShape(name, v);
        return v;
      }
      case DTYPE -> {
        try {
          org.scicodecs.DType.fromNumpy(v);
        } catch (IllegalArgumentException e) {
          throw CliException.usage(bad + "is not a supported dtype (" + Params.DTYPE_NAMES + ")");
        }
        return v;
      }
      default -> throw new AssertionError(kind);
    }
  }

  /** Parses {@code 64,256,256}, {@code 64x256x256} or {@code (64, 256, 256)}. */
  static long[] parseShape(String name, String value) {
    String v = value.strip();
    if (v.startsWith("(") && v.endsWith(")")) {
      v = v.substring(1, v.length() - 1);
    }
    String[] parts = v.split("\\s*[,x]\\s*", -1);
    if (parts.length > 1 && parts[parts.length - 1].isEmpty()) {
      parts = java.util.Arrays.copyOf(parts, parts.length - 1); // "(5,)" as NumPy writes 1-D
    }
    long[] shape = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        shape[i] = Long.parseLong(parts[i].strip());
      } catch (NumberFormatException e) {
        shape[i] = -1;
      }
      if (shape[i] < 0) {
        throw CliException.usage(
            "bad value for --" + name + ": '" + value
                + "' is not a shape (whole numbers separated by commas, e.g. 64,256,256)");
      }
    }
    return shape;
  }
}
