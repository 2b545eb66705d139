package org.scicodecs.jetraw;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.nativelib.NativeLibraries;
import org.scicodecs.pcodec.Pcodec;
import org.scicodecs.pcodec.PcodecOptions;
import org.scicodecs.zfp.Zfp;
import org.scicodecs.zfp.ZfpOptions;

/**
 * Run in a fresh JVM by {@link JetrawLoadingTest}, so that nothing is loaded beforehand: prints one
 * {@code key=value} line per fact about JETRAW (and, after it, other codecs), newlines escaped.
 */
public final class JetrawProbeMain {
  private JetrawProbeMain() {}

  public static void main(String[] args) {
    print("available", Jetraw.available());
    print("version", Jetraw.version());
    print("check", Jetraw.check(new byte[] {1, 2, 3}));
    print("location", NativeLibraries.location("jetraw").map(Path::toString).orElse("none"));
    NdArray frame = NdArray.of(new short[64], DType.UINT16, 8, 8);
    attempt("encode", () -> Jetraw.encode(frame, "500202_fast_bin1x"));
    attempt("decode", () -> Jetraw.decode(MemorySegment.ofArray(new byte[8]), frame));
    attempt("init", Jetraw::init);
    attempt("initPath", () -> Jetraw.init(Path.of("calibration.dat")));
    attempt("setLogLevel", () -> Jetraw.setLogLevel(1));
    // Other codecs, loaded after JETRAW failed (or not), still work.
    float[] data = new float[256];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) Math.sin(i / 10.0);
    }
    attempt("zfp", () -> {
      byte[] s = Zfp.encode(NdArray.of(data, 16, 16), ZfpOptions.reversible());
      float[] back = new float[256];
      Zfp.decode(MemorySegment.ofArray(s), NdArray.of(back, 16, 16));
      if (!Arrays.equals(data, back)) {
        throw new AssertionError("zfp round trip differs");
      }
    });
    attempt("pcodec", () -> {
      int[] column = new int[1000];
      Arrays.setAll(column, i -> i * i);
      byte[] s = Pcodec.encode(NdArray.of(column), PcodecOptions.defaults());
      int[] back = new int[1000];
      Pcodec.decode(MemorySegment.ofArray(s), NdArray.of(back));
      if (!Arrays.equals(column, back)) {
        throw new AssertionError("pcodec round trip differs");
      }
    });
  }

  private interface Action {
    void run() throws Exception;
  }

  private static void attempt(String key, Action action) {
    try {
      action.run();
      print(key, "ok");
    } catch (Exception | Error e) {
      print(key, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static void print(String key, Object value) {
    System.out.println(key + "=" + String.valueOf(value).replace("\n", "\\n"));
  }
}
