package org.scicodecs.tests.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.lerc.Lerc;
import org.scicodecs.lerc.LercDecoded;
import org.scicodecs.lerc.LercOptions;
import org.scicodecs.sperr.Sperr;
import org.scicodecs.sperr.SperrOptions;
import org.scicodecs.sz3.Sz3;
import org.scicodecs.sz3.Sz3Options;
import org.scicodecs.zfp.Zfp;
import org.scicodecs.zfp.ZfpOptions;

/**
 * The error-bound audit: every bounded mode (zfp tolerance, SZ3 absolute, SPERR pwe, LERC
 * tolerance) on real data from {@code ../shared/data} and on adversarial data — constant, a single
 * spike, a huge dynamic range, NaN and infinities present — at bounds from 1e-1 to 1e-6 of the
 * data's range and at absolute bounds. Every case must end one of two ways: the bound holds on
 * every finite value (non-finite values handled as the codec documents; for float32 data to within
 * float32 rounding of the value and of the bound), or the encoder refuses
 * with an {@link IllegalArgumentException} that says why. Which codec refuses what:
 *
 * <ul>
 *   <li>zfp: NaN/infinity in lossy modes (it would turn them into finite values), and a tolerance
 *       below what its integer block transform can keep for the data's largest magnitude;
 *   <li>SPERR: NaN/infinity (its encoder crashes on them), and a pwe that would need more than 2^56
 *       quantization steps or exceeds 2^60 (SPERR 0.8.5 crashes on those too);
 *   <li>SZ3: nothing — NaN and infinities come back bit-exact;
 *   <li>LERC: NaN beside numbers in a pixel's depth (it would decode as -3.4e38); a NaN pixel
 *       becomes invalid in the returned mask (value 0), infinities are kept.
 * </ul>
 */
class ErrorBoundAuditTest {
  interface Codec {
    NdArray roundTrip(NdArray data, double tolerance, Arena arena);
  }

  static final Map<String, Codec> CODECS = new TreeMap<>(Map.of(
      "zfp", (d, t, a) -> Zfp.decode(MemorySegment.ofArray(Zfp.encode(d, ZfpOptions.tolerance(t))), a),
      "sperr", (d, t, a) -> Sperr.decode(MemorySegment.ofArray(Sperr.encode(d, SperrOptions.pwe(t))), a),
      "sz3", (d, t, a) -> Sz3.decode(MemorySegment.ofArray(Sz3.encode(d, Sz3Options.tolerance(t))), d.dtype(), a),
      "lerc", (d, t, a) -> {
        LercDecoded r = Lerc.decode(MemorySegment.ofArray(Lerc.encode(d, LercOptions.tolerance(t))), a);
        return masked(r, d, a);
      }));

  @Test
  void everyBoundedModeHoldsItsBoundOrRefuses() {
    List<String> broken = new ArrayList<>();
    int held = 0, refused = 0;
    StringBuilder report = new StringBuilder();
    try (Arena arena = Arena.ofConfined()) {
      Map<String, NdArray> data = datasets(arena);
      for (var d : data.entrySet()) {
        double range = range(d.getValue());
        List<Double> tolerances = new ArrayList<>();
        for (double rel : new double[] {1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6}) {
          tolerances.add(range > 0 ? rel * range : rel);
        }
        tolerances.add(1e-3); // absolute: meets the spike and the huge range head-on
        for (var c : CODECS.entrySet()) {
          for (double tol : tolerances) {
            String name = c.getKey() + " " + d.getKey() + " tol=" + (float) tol;
            NdArray out;
            try {
              out = c.getValue().roundTrip(d.getValue(), tol, arena);
            } catch (IllegalArgumentException e) {
              refused++;
              // Only the documented refusals, each saying why (not some other argument error).
              assertTrue(e.getMessage().matches("(?s).*(NaN|is Infinity|is -Infinity|tolerance|pwe).*"),
                  name + ": not a documented refusal: " + e.getMessage());
              report.append(name).append(": refused: ").append(e.getMessage()).append('\n');
              continue;
            }
            String problem = compare(d.getValue(), out, tol, c.getKey());
            if (problem != null) {
              broken.add(name + ": " + problem);
            } else {
              held++;
            }
          }
        }
      }
    }
    System.out.print("ErrorBoundAuditTest: " + held + " held, " + refused + " refused\n" + report);
    assertEquals(List.of(), broken, "cases where a bound broke silently");
    assertTrue(held > 100, "the audit ran");
  }

  /** Null if every finite input value is within tol and non-finite ones are handled as documented. */
  static String compare(NdArray in, NdArray out, double tol, String codec) {
    long[] shape = in.shape();
    long[] idx = new long[shape.length];
    double maxErr = 0;
    for (long i = 0, n = in.size(); i < n; i++) {
      double u = in.getDouble(idx), v = out.getDouble(idx);
      if (Double.isNaN(u)) {
        boolean ok = codec.equals("lerc") ? v == LERC_INVALID : Double.isNaN(v);
        if (!ok) {
          return "NaN at " + i + " decoded as " + v;
        }
      } else if (Double.isInfinite(u)) {
        if (u != v) {
          return u + " at " + i + " decoded as " + v;
        }
      } else {
        double err = Math.abs(u - v);
        // For float32 data the codecs work to float32 rounding: SPERR bounds its double
        // reconstruction, then rounds it to float32 (half an ulp of the value); SZ3 holds the bound
        // as a float32 (half an ulp of the bound). imagecodecs gives the same values.
        double slack = in.dtype() == DType.FLOAT32 ? (Math.ulp((float) u) + Math.ulp((float) tol)) / 2 : 0;
        if (!(err <= tol + slack)) { // also catches a NaN out
          maxErr = Double.isNaN(err) ? Double.POSITIVE_INFINITY : Math.max(maxErr, err);
        }
      }
      for (int d = shape.length - 1; d >= 0 && ++idx[d] == shape[d]; d--) {
        idx[d] = 0;
      }
    }
    return maxErr > 0 ? "max |error| " + maxErr + " > " + tol : null;
  }

  /** LERC's decoded values with invalid pixels (its mask) replaced by a marker the check expects. */
  static final double LERC_INVALID = -Double.MAX_VALUE;

  static NdArray masked(LercDecoded r, NdArray like, Arena arena) {
    NdArray out = NdArray.allocate(arena, DType.FLOAT64, like.shape());
    NdArray data = r.data().reshape(out.size());
    for (long i = 0; i < out.size(); i++) {
      out.segment().setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i, data.getDouble(i));
    }
    if (r.masks() != null) {
      MemorySegment m = r.masks().segment();
      long pixels = m.byteSize();
      long depth = like.size() / pixels;
      for (long p = 0; p < pixels; p++) {
        if (m.get(java.lang.foreign.ValueLayout.JAVA_BYTE, p) == 0) {
          for (long k = 0; k < depth; k++) {
            out.segment().setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, p * depth + k, LERC_INVALID);
          }
        }
      }
    }
    return out;
  }

  static double range(NdArray a) {
    double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
    for (long i = 0; i < a.size(); i++) {
      double v = a.dtype() == DType.FLOAT32
          ? a.segment().getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i)
          : a.segment().getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i);
      if (Double.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    return hi - lo;
  }

  /** Real fields from ../shared/data (when present) and adversarial ones, float32 and float64. */
  static Map<String, NdArray> datasets(Arena arena) {
    Map<String, NdArray> m = new TreeMap<>();
    Path shared = Path.of(System.getProperty("scicodecs.shared.data", "../../shared/data"));
    addRaw(m, arena, shared.resolve("grads-gcm-model/T_5x7x46x72.f32"), "gcm-T", 35, 46, 72);
    addRaw(m, arena, shared.resolve("lerc-testdata/california_400x400_f32.raw"), "california", 400, 400);
    addRaw(m, arena, shared.resolve("mpl-sample-dem-mri/topobathy_91x120_f32le.raw"), "topobathy", 91, 120);
    addRaw(m, arena, shared.resolve("sperr-turbulence/vorticity.128_128_41"), "vorticity", 41, 128, 128);
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      String s = t == DType.FLOAT32 ? "-f32" : "-f64";
      m.put("smooth" + s, generated(arena, t, (i, v) -> v));
      m.put("noisy" + s, generated(arena, t, (i, v) -> v + ((i * 2654435761L) % 1000) * 1e-3));
      m.put("constant" + s, generated(arena, t, (i, v) -> 3.25));
      m.put("spike" + s, generated(arena, t, (i, v) -> i == 777 ? 1e6 : v));
      m.put("dynamic" + s, generated(arena, t, (i, v) -> v * Math.pow(10, (i % 41) - 20)));
      m.put("nan-inf" + s, generated(arena, t, (i, v) -> i == 100 ? Double.NaN
          : i == 2000 ? Double.POSITIVE_INFINITY : i == 3000 ? Double.NEGATIVE_INFINITY : v));
    }
    return m;
  }

  interface Value {
    double at(long i, double smooth);
  }

  static NdArray generated(Arena arena, DType dtype, Value f) {
    NdArray a = NdArray.allocate(arena, dtype, 12, 20, 24);
    for (long i = 0; i < a.size(); i++) {
      double v = f.at(i, Math.sin(i * 0.013) * Math.cos(i * 0.0021) * 50 + 7);
      if (dtype == DType.FLOAT32) {
        a.segment().setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, (float) v);
      } else {
        a.segment().setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i, v);
      }
    }
    return a;
  }

  static void addRaw(Map<String, NdArray> m, Arena arena, Path file, String name, long... shape) {
    if (Files.exists(file)) {
      m.put(name, NdArray.map(file, FileChannel.MapMode.READ_ONLY, 0, DType.FLOAT32, arena, shape));
    }
  }
}
