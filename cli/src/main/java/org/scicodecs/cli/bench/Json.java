package org.scicodecs.cli.bench;

import java.util.Collection;
import java.util.Map;

/**
 * A small JSON writer for the benchmark's report and the jobs handed to Python: maps, lists,
 * strings, numbers, booleans and null. Non-finite numbers, which JSON cannot represent, are
 * written as null.
 *
 * <p>Thread-safe: stateless.
 *
 * {@snippet :
 * String text = Json.write(Map.of("ratio", 12.5, "codec", "zfp")); // {"ratio": 12.5, "codec": "zfp"}
 * }
 */
public final class Json {
  private Json() {}

  /** The value as indented JSON text. */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, 0);
    return sb.append('\n').toString();
  }

  private static void write(StringBuilder sb, Object v, int indent) {
    switch (v) {
      case null -> sb.append("null");
      case String s -> string(sb, s);
      case Boolean b -> sb.append(b);
      case Double d -> sb.append(Double.isFinite(d) ? number(d) : "null");
      case Float f -> sb.append(Float.isFinite(f) ? number(f) : "null");
      case Number n -> sb.append(n);
      case Map<?, ?> m -> {
        if (m.isEmpty()) {
          sb.append("{}");
          return;
        }
        sb.append("{\n");
        int i = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          sb.append("  ".repeat(indent + 1));
          string(sb, String.valueOf(e.getKey()));
          sb.append(": ");
          write(sb, e.getValue(), indent + 1);
          sb.append(++i < m.size() ? ",\n" : "\n");
        }
        sb.append("  ".repeat(indent)).append('}');
      }
      case Collection<?> c -> {
        boolean flat = c.stream().noneMatch(x -> x instanceof Map || x instanceof Collection);
        sb.append('[');
        int i = 0;
        for (Object x : c) {
          if (!flat) {
            sb.append('\n').append("  ".repeat(indent + 1));
          }
          write(sb, x, indent + 1);
          if (++i < c.size()) {
            sb.append(flat ? ", " : ",");
          }
        }
        if (!flat && !c.isEmpty()) {
          sb.append('\n').append("  ".repeat(indent));
        }
        sb.append(']');
      }
      case long[] a -> {
        sb.append('[');
        for (int i = 0; i < a.length; i++) {
          sb.append(i == 0 ? "" : ", ").append(a[i]);
        }
        sb.append(']');
      }
      default -> string(sb, v.toString());
    }
  }

  private static String number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d) + ".0";
    }
    return Double.toString(d).replace("E", "e");
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
