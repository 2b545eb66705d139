package org.scicodecs.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.scicodecs.cli.codec.ArraySpec;
import org.scicodecs.cli.codec.Support;

/**
 * The benchmark's outputs in text and JSON: a table per data set with one row per codec setting
 * (ratio, max error, PSNR, encode and decode MB/s) and, where imagecodecs ran, its numbers for the
 * same setting side by side; and the same results, with everything about the run, as JSON.
 *
 * <p>Thread-safe: immutable after construction.
 *
 * {@snippet :
 * Report r = new Report(datasets, javaResults, pythonResults, info);
 * System.out.print(r.table());
 * Files.writeString(dir.resolve("results.json"), r.json());
 * }
 *
 * @param datasets the data sets, in order
 * @param java the Java measurements
 * @param python the imagecodecs measurements (empty if it did not run)
 * @param info facts about the run (versions, machine, options) for the JSON
 */
public record Report(
    List<Dataset> datasets, List<Measurement> java, List<Measurement> python, Map<String, Object> info) {

  /** The imagecodecs measurement of the same data set, codec and setting, or null. */
  public Measurement pythonFor(Measurement m) {
    for (Measurement p : python) {
      if (p.dataset().equals(m.dataset()) && p.codec().equals(m.codec())
          && p.setting().equals(m.setting())) {
        return p;
      }
    }
    return null;
  }

  /** The table, one block per data set. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    boolean withPython = !python.isEmpty();
    for (Dataset ds : datasets) {
      List<Measurement> rows = java.stream().filter(m -> m.dataset().equals(ds.name())).toList();
      sb.append(describe(ds)).append('\n');
      if (rows.isEmpty()) {
        sb.append("  (no codec applies to ").append(ds.data().dtype()).append(" data)\n\n");
        continue;
      }
      int w = Math.max(7, rows.stream().mapToInt(m -> settingText(m).length()).max().orElse(7));
      w = Math.min(w, 36);
      String head = String.format(Locale.ROOT, "  %-7s %-" + w + "s %8s %10s %7s %9s %9s",
          "codec", "setting", "ratio", "max error", "PSNR", "enc MB/s", "dec MB/s");
      if (withPython) {
        String left = String.format(Locale.ROOT, "  %-7s %-" + w + "s %s", "", "",
            "scicodecs (Java)");
        sb.append(left).append(" ".repeat(Math.max(1, head.length() - left.length() + 3)))
            .append("imagecodecs (Python)\n");
        head += String.format(Locale.ROOT, " | %8s %9s %9s", "ratio", "enc MB/s", "dec MB/s");
      }
      sb.append(head).append('\n');
      for (Measurement m : rows) {
        String setting = settingText(m);
        if (setting.length() > w) {
          setting = setting.substring(0, w - 1) + "~";
        }
        if (!m.ok()) {
          sb.append(String.format(Locale.ROOT, "  %-7s %-" + w + "s failed: %s%n", m.codec(), setting,
              m.error()));
          continue;
        }
        sb.append(String.format(Locale.ROOT, "  %-7s %-" + w + "s %8s %10s %7s %9s %9s",
            m.codec(), setting, ratio(m.ratio()), error(m.maxAbsError()), psnr(m.psnr()),
            rate(m.encodeMBps()), rate(m.decodeMBps())));
        if (withPython) {
          Measurement p = pythonFor(m);
          if (p == null) {
            sb.append(" | -");
          } else if (!p.ok()) {
            sb.append(" | failed: ").append(shorten(p.error(), 60));
          } else {
            sb.append(String.format(Locale.ROOT, " | %8s %9s %9s", ratio(p.ratio()),
                rate(p.encodeMBps()), rate(p.decodeMBps())));
          }
        }
        sb.append('\n');
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** {@code field: float32 (128, 128, 128), 8.39 MB, values -1.2 to 3.4 (field.npy)}. */
  public static String describe(Dataset ds) {
    return String.format(Locale.ROOT, "%s: %s, %s, values %s to %s (%s)", ds.name(),
        new ArraySpec(ds.data().dtype(), ds.data().shape()), megabytes(ds.data().byteSize()),
        Support.sig(ds.stats().min(), 4), Support.sig(ds.stats().max(), 4), ds.file().getFileName());
  }

  static String settingText(Measurement m) {
    return m.setting().isEmpty() ? "(defaults)" : m.setting();
  }

  /** Bytes as MB (10^6) with 3 significant digits. */
  public static String megabytes(long bytes) {
    return Support.sig(bytes / 1e6) + " MB";
  }

  static String ratio(double r) {
    return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, r >= 100 ? "%.0f" : "%.2f", r);
  }

  static String error(double e) {
    if (e == 0) {
      return "0";
    }
    return Double.isNaN(e) ? "-" : String.format(Locale.ROOT, "%.2e", e);
  }

  static String psnr(double db) {
    if (Double.isInfinite(db)) {
      return "exact";
    }
    return Double.isNaN(db) ? "-" : String.format(Locale.ROOT, "%.1f", db);
  }

  static String rate(double mbps) {
    if (!Double.isFinite(mbps)) {
      return "-";
    }
    return String.format(Locale.ROOT, mbps >= 100 ? "%.0f" : "%.1f", mbps);
  }

  private static String shorten(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "~";
  }

  /** Everything as JSON. */
  public String json() {
    Map<String, Object> root = new LinkedHashMap<>(info);
    List<Object> sets = new ArrayList<>();
    for (Dataset ds : datasets) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("name", ds.name());
      d.put("file", ds.file().toAbsolutePath().toString());
      d.put("dtype", ds.data().dtype().numpyName());
      d.put("shape", ds.data().shape());
      d.put("bytes", ds.data().byteSize());
      d.put("min", ds.stats().min());
      d.put("max", ds.stats().max());
      sets.add(d);
    }
    root.put("datasets", sets);
    List<Object> results = new ArrayList<>();
    for (List<Measurement> list : List.of(java, python)) {
      for (Measurement m : list) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("dataset", m.dataset());
        r.put("codec", m.codec());
        r.put("setting", m.setting());
        r.put("implementation", m.implementation());
        r.put("ok", m.ok());
        if (m.ok()) {
          r.put("raw_bytes", m.rawBytes());
          r.put("encoded_bytes", m.encodedBytes());
          r.put("ratio", m.ratio());
          r.put("max_abs_error", m.maxAbsError());
          r.put("exact", m.exact());
          r.put("psnr_db", m.psnr());
          r.put("encode_seconds", m.encodeSeconds());
          r.put("decode_seconds", m.decodeSeconds());
          r.put("encode_mb_per_s", m.encodeMBps());
          r.put("decode_mb_per_s", m.decodeMBps());
          r.put("timed_reps", m.reps());
        } else {
          r.put("error", m.error());
        }
        results.add(r);
      }
    }
    root.put("results", results);
    return Json.write(root);
  }
}
