package org.scicodecs.cli.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The benchmark's PNG plots (XChart, drawn headless): per data set, compression ratio against the
 * largest absolute error for every codec (lossless settings are horizontal dashed lines: their error
 * is 0), and encode/decode throughput per codec setting, scicodecs next to imagecodecs where it
 * ran.
 *
 * <p>Thread-safe: stateless (XChart renders into a fresh image per call).
 *
 * {@snippet :
 * List<Path> files = Plots.write(report, outDir); // field-ratio-vs-error.png, field-throughput.png, ...
 * }
 */
public final class Plots {
  private Plots() {}

  /** Writes both plots for every data set into {@code dir}; returns the files written. */
  public static List<Path> write(Report report, Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Dataset ds : report.datasets()) {
      List<Measurement> rows =
          report.java().stream().filter(m -> m.dataset().equals(ds.name()) && m.ok()).toList();
      if (rows.isEmpty()) {
        continue;
      }
      Path ratio = dir.resolve(ds.name() + "-ratio-vs-error.png");
      BitmapEncoder.saveBitmap(ratioVsError(ds, rows), ratio.toString(), BitmapEncoder.BitmapFormat.PNG);
      files.add(ratio);
      Path speed = dir.resolve(ds.name() + "-throughput.png");
      BitmapEncoder.saveBitmap(throughput(ds, rows, report), speed.toString(), BitmapEncoder.BitmapFormat.PNG);
      files.add(speed);
    }
    return files;
  }

  /** One colour per codec, so its lossy points and lossless line match. */
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x9467bd), new Color(0x2ca02c),
    new Color(0x8c564b), new Color(0x7f7f7f), new Color(0xd62728), new Color(0x17becf),
    new Color(0xbcbd22), new Color(0xe377c2)
  };

  private static final org.knowm.xchart.style.markers.Marker[] MARKERS = {
    SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
    SeriesMarkers.TRIANGLE_DOWN
  };

  static XYChart ratioVsError(Dataset ds, List<Measurement> rows) {
    XYChart chart = new XYChartBuilder().width(900).height(560)
        .title(ds.name() + " (" + ds.data().dtype() + " " + org.scicodecs.cli.codec.ArraySpec.shapeText(ds.data().shape())
            + "): compression ratio vs max abs error")
        .xAxisTitle("max absolute error (log)").yAxisTitle("compression ratio").build();
    Styler st = chart.getStyler();
    chart.getStyler().setXAxisLogarithmic(true);
    st.setLegendPosition(Styler.LegendPosition.OutsideE);
    st.setChartBackgroundColor(Color.WHITE);
    st.setChartTitleFont(st.getChartTitleFont().deriveFont(13f));
    chart.getStyler().setMarkerSize(8);

    // Lossy points per codec and mode (the option that sets the error: --tolerance, --rate, ...).
    Map<String, List<Measurement>> lossy = new LinkedHashMap<>();
    Map<String, List<Measurement>> lossless = new LinkedHashMap<>();
    Map<String, Integer> codecIndex = new LinkedHashMap<>();
    double minErr = Double.POSITIVE_INFINITY;
    double maxErr = 0;
    double minRatio = Double.POSITIVE_INFINITY;
    double maxRatio = 0;
    for (Measurement m : rows) {
      codecIndex.putIfAbsent(m.codec(), codecIndex.size());
      if (m.maxAbsError() > 0 && Double.isFinite(m.maxAbsError())) {
        lossy.computeIfAbsent(m.codec() + " " + mode(m), k -> new ArrayList<>()).add(m);
        minErr = Math.min(minErr, m.maxAbsError());
        maxErr = Math.max(maxErr, m.maxAbsError());
      } else if (m.exact()) {
        lossless.computeIfAbsent(m.codec(), k -> new ArrayList<>()).add(m);
      } else {
        continue;
      }
      minRatio = Math.min(minRatio, m.ratio());
      maxRatio = Math.max(maxRatio, m.ratio());
    }
    if (maxErr == 0) {
      minErr = 1e-3 * ds.stats().range();
      maxErr = ds.stats().range();
    }
    // A log ratio axis only where the ratios span a decade; XChart draws no labels on less.
    chart.getStyler().setYAxisLogarithmic(maxRatio > 10 * minRatio);
    double left = minErr / 3;
    double right = maxErr * 3;
    Map<String, Integer> modes = new LinkedHashMap<>();
    for (var e : lossy.entrySet()) {
      List<Measurement> pts = new ArrayList<>(e.getValue());
      pts.sort((a, b) -> Double.compare(a.maxAbsError(), b.maxAbsError()));
      double[] x = pts.stream().mapToDouble(Measurement::maxAbsError).toArray();
      double[] y = pts.stream().mapToDouble(Measurement::ratio).toArray();
      XYSeries s = chart.addSeries(e.getKey(), x, y);
      String codec = pts.getFirst().codec();
      int mode = modes.merge(codec, 1, Integer::sum) - 1;
      s.setMarker(MARKERS[mode % MARKERS.length]);
      Color c = PALETTE[codecIndex.get(codec) % PALETTE.length];
      s.setLineColor(c);
      s.setMarkerColor(c);
    }
    for (var e : lossless.entrySet()) {
      double best = e.getValue().stream().mapToDouble(Measurement::ratio).max().orElse(1);
      XYSeries s = chart.addSeries(
          e.getKey() + " lossless (" + Report.ratio(best) + "x)", new double[] {left, right},
          new double[] {best, best});
      s.setMarker(SeriesMarkers.NONE);
      s.setLineStyle(SeriesLines.DASH_DASH);
      s.setLineColor(PALETTE[codecIndex.get(e.getKey()) % PALETTE.length]);
    }
    return chart;
  }

  /** The setting's options without their values: {@code --tolerance}, {@code --coding --rsi}. */
  private static String mode(Measurement m) {
    String modes = java.util.Arrays.stream(m.setting().split(" "))
        .filter(w -> w.startsWith("--")).reduce((a, b) -> a + " " + b).orElse("");
    return modes.isEmpty() ? "(defaults)" : modes;
  }

  static CategoryChart throughput(Dataset ds, List<Measurement> rows, Report report) {
    CategoryChart chart = new CategoryChartBuilder().width(Math.max(900, 70 * rows.size() + 300))
        .height(620).title(ds.name() + ": encode and decode throughput (uncompressed MB/s, log)")
        .yAxisTitle("MB/s").build();
    Styler st = chart.getStyler();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setXAxisLabelRotation(60);
    st.setLegendPosition(Styler.LegendPosition.OutsideE);
    st.setChartBackgroundColor(Color.WHITE);
    st.setChartTitleFont(st.getChartTitleFont().deriveFont(13f));
    List<String> cats = new ArrayList<>();
    List<Double> enc = new ArrayList<>();
    List<Double> dec = new ArrayList<>();
    List<Double> pyEnc = new ArrayList<>();
    List<Double> pyDec = new ArrayList<>();
    boolean python = false;
    double min = Double.POSITIVE_INFINITY;
    for (Measurement m : rows) {
      cats.add(m.codec() + " " + Report.settingText(m));
      enc.add(m.encodeMBps());
      dec.add(m.decodeMBps());
      min = Math.min(min, Math.min(m.encodeMBps(), m.decodeMBps()));
      Measurement p = report.pythonFor(m);
      if (p != null && p.ok()) {
        python = true;
        pyEnc.add(p.encodeMBps());
        pyDec.add(p.decodeMBps());
        min = Math.min(min, Math.min(p.encodeMBps(), p.decodeMBps()));
      } else {
        pyEnc.add(null);
        pyDec.add(null);
      }
    }
    // Log bars start at the axis minimum; missing values sit there with no height.
    double floor = Math.pow(10, Math.floor(Math.log10(min)));
    chart.getStyler().setYAxisMin(floor);
    chart.addSeries("encode (scicodecs)", cats, enc);
    chart.addSeries("decode (scicodecs)", cats, dec);
    if (python) {
      chart.addSeries("encode (imagecodecs)", cats, pyEnc.stream().map(v -> v == null ? floor : v).toList());
      chart.addSeries("decode (imagecodecs)", cats, pyDec.stream().map(v -> v == null ? floor : v).toList());
    }
    return chart;
  }
}
