package org.scicodecs.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.scicodecs.DType;

/**
 * A parsed command line: positional arguments and option values, checked against the options the
 * command (and its codec) accepts. {@code --name value}, {@code --name=value} and flags may appear
 * anywhere after the command; {@code --} ends the options.
 *
 * <p>Codec adapters read their options from here with typed getters; benchmark sweeps build
 * {@code Params} directly ({@link #of}), so every benchmarked setting is literally a command line
 * that {@code scicodecs encode} accepts.
 *
 * <p>Thread-safe: immutable after parsing.
 *
 * {@snippet :
 * Params p = Params.parse(List.of("--tolerance", "1e-3", "in.npy", "out.zfp"), specs, "encode zfp");
 * Double tolerance = p.number("tolerance"); // 0.001, or null when absent
 * }
 */
public final class Params {
  /** The dtype names the help shows. */
  public static final String DTYPE_NAMES =
      Arrays.stream(DType.values()).map(DType::numpyName).collect(Collectors.joining(", "));

  private final List<String> positionals;
  private final Map<String, List<String>> values;

  private Params(List<String> positionals, Map<String, List<String>> values) {
    this.positionals = List.copyOf(positionals);
    this.values = values;
  }

  /**
   * Parses a command's arguments.
   *
   * @param args the arguments after the command (and codec) names
   * @param specs the options accepted
   * @param context how errors name the command, e.g. {@code "encode zfp"}
   * @throws CliException (usage) for an unknown option, a missing or bad value, or a repeat
   */
  public static Params parse(List<String> args, List<OptionSpec> specs, String context) {
    Map<String, OptionSpec> byName = new LinkedHashMap<>();
    for (OptionSpec s : specs) {
      byName.put(s.name(), s);
    }
    List<String> positionals = new ArrayList<>();
    Map<String, List<String>> values = new LinkedHashMap<>();
    boolean optionsEnded = false;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (optionsEnded || !a.startsWith("--") || a.equals("-")) {
        if (!optionsEnded && a.startsWith("-") && a.length() > 1 && !isNumber(a)) {
          throw CliException.usage(
              "unknown option '" + a + "' for '" + context + "' (options are spelt --name; "
                  + describe(specs) + ")");
        }
        positionals.add(a);
        continue;
      }
      if (a.equals("--")) {
        optionsEnded = true;
        continue;
      }
      String name = a.substring(2);
      String inline = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        inline = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      OptionSpec spec = byName.get(name);
      if (spec == null) {
        throw CliException.usage(
            "unknown option --" + name + " for '" + context + "' (" + describe(specs) + ")");
      }
      String value;
      if (spec.kind() == OptionSpec.Kind.FLAG) {
        if (inline != null) {
          throw CliException.usage("--" + name + " takes no value (got '" + inline + "')");
        }
        value = "true";
      } else if (inline != null) {
        value = inline;
      } else {
        if (i + 1 >= args.size()) {
          throw CliException.usage("--" + name + " needs a value: " + spec.synopsis());
        }
        value = args.get(++i);
      }
      List<String> list = values.computeIfAbsent(name, k -> new ArrayList<>());
      if (!list.isEmpty() && !spec.repeatable()) {
        throw CliException.usage("--" + name + " is given twice");
      }
      list.add(spec.check(value));
    }
    return new Params(positionals, values);
  }

  /** Parameters for a benchmark setting or a test: option name to value, already valid. */
  public static Params of(Map<String, String> options) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    options.forEach((k, v) -> values.put(k, List.of(v)));
    return new Params(List.of(), values);
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String describe(List<OptionSpec> specs) {
    if (specs.isEmpty()) {
      return "it takes no options";
    }
    return "its options: "
        + specs.stream().map(s -> "--" + s.name()).collect(Collectors.joining(", "));
  }

  /** The positional arguments, in order. */
  public List<String> positionals() {
    return positionals;
  }

  /**
   * Exactly {@code names.length} positional arguments, or a usage error naming the missing ones.
   */
  public List<String> positionals(String context, String... names) {
    if (positionals.size() < names.length) {
      List<String> missing = Arrays.asList(names).subList(positionals.size(), names.length);
      throw CliException.usage(
          "'" + context + "' needs " + String.join(" and ", missing)
              + " (usage: scicodecs " + context + " [options] " + String.join(" ", names) + ")");
    }
    if (positionals.size() > names.length) {
      throw CliException.usage(
          "'" + context + "' takes " + String.join(" ", names) + ", got extra argument '"
              + positionals.get(names.length) + "'");
    }
    return positionals;
  }

  /** Whether the option was given. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** Whether the flag was given. */
  public boolean flag(String name) {
    return values.containsKey(name);
  }

  /** The option's value, or null. */
  public String text(String name) {
    List<String> v = values.get(name);
    return v == null ? null : v.getFirst();
  }

  /** Every value of a repeatable option (empty when absent). */
  public List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  /** A number option's value, or null. */
  public Double number(String name) {
    String v = text(name);
    return v == null ? null : Double.parseDouble(v);
  }

  /** A whole-number option's value, or null; a usage error if it does not fit an int. */
  public Integer integer(String name) {
    String v = text(name);
    if (v == null) {
      return null;
    }
    long l = Long.parseLong(v);
    if (l != (int) l) {
      throw CliException.usage("bad value for --" + name + ": " + v + " is too large");
    }
    return (int) l;
  }

  /** A shape option's value, or null. */
  public long[] shape(String name) {
    String v = text(name);
    return v == null ? null : OptionSpec.parseShape(name, v);
  }

  /** A dtype option's value, or null. */
  public DType dtype(String name) {
    String v = text(name);
    return v == null ? null : DType.fromNumpy(v);
  }

  /**
   * The options as given, for reports: {@code --tolerance 0.001 --version 4}, leaving out the
   * named ones.
   */
  public String commandLine(String... leaveOut) {
    List<String> skip = List.of(leaveOut);
    StringBuilder sb = new StringBuilder();
    values.forEach(
        (k, list) -> {
          if (skip.contains(k)) {
            return;
          }
          for (String v : list) {
            sb.append(sb.isEmpty() ? "" : " ").append("--").append(k);
            if (!v.equals("true")) {
              sb.append(' ').append(v);
            }
          }
        });
    return sb.toString();
  }

  /** Option names to their (first) values. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    values.forEach((k, v) -> m.put(k, v.getFirst()));
    return m;
  }
}
