package org.scicodecs.zfp;

/**
 * ZFP's constants, mirroring imagecodecs' {@code ZFP} class: execution policies, compression modes
 * and header parts, with zfp's own numeric values.
 *
 * <p>Thread-safe: constants only.
 *
 * {@snippet :
 * if (ZFP.available()) {
 *   ZfpOptions o = ZfpOptions.tolerance(1e-3).withExecution(ZFP.EXEC.OMP).withThreads(4);
 *   int mode = ZFP.MODE.FIXED_ACCURACY.value(); // 4, zfp_mode_fixed_accuracy
 * }
 * }
 */
public final class ZFP {
  private ZFP() {}

  /** Whether the zfp library can be loaded (same as {@link Zfp#available()}). */
  public static boolean available() {
    return Zfp.available();
  }

  /** Execution policies ({@code zfp_exec_policy}). */
  public enum EXEC {
    /** One thread. */
    SERIAL(0),
    /** OpenMP threads (compression only; zfp decompresses serially). */
    OMP(1),
    /** zfp's CUDA backend (needs libzfp-cuda.so and a GPU). */
    CUDA(2);

    private final int value;

    EXEC(int value) {
      this.value = value;
    }

    /** zfp's number for the policy. */
    public int value() {
      return value;
    }
  }

  /** Compression modes ({@code zfp_mode}). */
  public enum MODE {
    /** Not set (an invalid stream). */
    NONE(0),
    /** Expert mode: minbits, maxbits, maxprec, minexp. */
    EXPERT(1),
    /** Fixed rate: bits per value. */
    FIXED_RATE(2),
    /** Fixed precision: bit planes. */
    FIXED_PRECISION(3),
    /** Fixed accuracy: absolute error tolerance. */
    FIXED_ACCURACY(4),
    /** Lossless. */
    REVERSIBLE(5);

    private final int value;

    MODE(int value) {
      this.value = value;
    }

    /** zfp's number for the mode. */
    public int value() {
      return value;
    }

    /** The mode for zfp's number. */
    public static MODE of(int value) {
      for (MODE m : values()) {
        if (m.value == value) {
          return m;
        }
      }
      throw new IllegalArgumentException("unknown zfp mode " + value);
    }
  }

  /** The parts of a zfp header ({@code ZFP_HEADER_*} bit masks). */
  public static final class HEADER {
    /** The magic bytes "zfp" and the codec version. */
    public static final int MAGIC = 1;

    /** The field metadata: type and dimensions. */
    public static final int META = 2;

    /** The compression mode and its parameters. */
    public static final int MODE = 4;

    /** Everything: what {@link ZfpOptions#header()} true writes. */
    public static final int FULL = 7;

    private HEADER() {}
  }
}
