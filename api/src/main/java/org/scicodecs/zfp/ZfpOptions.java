package org.scicodecs.zfp;

/**
 * How to compress with zfp: one mode with its parameters, whether to write the full header, and
 * how to execute. Immutable; validated on construction.
 *
 * <p>Thread-safe: an immutable record.
 *
 * {@snippet :
 * ZfpOptions lossless = ZfpOptions.reversible();
 * ZfpOptions bounded = ZfpOptions.tolerance(0.1);           // |error| <= 0.1
 * ZfpOptions compact = ZfpOptions.rate(8).withHeader(false); // 8 bits per value, no metadata
 * ZfpOptions parallel = bounded.withExecution(ZFP.EXEC.OMP).withThreads(4);
 * ZfpOptions likePython = ZfpOptions.of(null, null, 0.1);    // zfp_encode(data, tolerance=0.1)
 * }
 *
 * @param mode the compression mode (never NONE)
 * @param rate bits per value, for FIXED_RATE (else 0)
 * @param precision bit planes 1..64, for FIXED_PRECISION (else 0)
 * @param tolerance absolute error tolerance, for FIXED_ACCURACY (else 0)
 * @param minBits expert: minimum bits per block
 * @param maxBits expert: maximum bits per block
 * @param maxPrec expert: maximum bit planes
 * @param minExp expert: smallest bit plane exponent coded
 * @param header true: full header (dtype, shape, mode) so decoding needs nothing else; false:
 *     magic and mode only, as imagecodecs' {@code header=False}, and decoding needs dtype and shape
 * @param execution SERIAL, OMP or CUDA
 * @param threads OpenMP threads (0: OpenMP's default), for OMP
 * @param chunkSize OpenMP chunk size in blocks (0: zfp's default), for OMP
 */
public record ZfpOptions(
    ZFP.MODE mode,
    double rate,
    int precision,
    double tolerance,
    int minBits,
    int maxBits,
    int maxPrec,
    int minExp,
    boolean header,
    ZFP.EXEC execution,
    int threads,
    int chunkSize) {

  /** zfp's limits: ZFP_MIN_BITS, ZFP_MAX_BITS, ZFP_MAX_PREC, ZFP_MIN_EXP. */
  static final int MIN_BITS = 1, MAX_BITS = 16658, MAX_PREC = 64, MIN_EXP = -1074;

  /** The largest minExp a zfp header can record (0x7fff - 16495). */
  static final int MAX_HEADER_EXP = 0x7fff - 16495;

  /** Validates every parameter; messages name the parameter. */
  public ZfpOptions {
    if (mode == null || mode == ZFP.MODE.NONE) {
      throw new IllegalArgumentException("mode must be one of " + java.util.Arrays.toString(
          java.util.Arrays.copyOfRange(ZFP.MODE.values(), 1, ZFP.MODE.values().length)));
    }
    if (execution == null) {
      throw new IllegalArgumentException("execution must not be null");
    }
    switch (mode) {
      case FIXED_RATE -> {
        if (!(rate > 0) || Double.isInfinite(rate)) {
          throw new IllegalArgumentException("rate must be a positive number of bits per value, got " + rate);
        }
      }
      case FIXED_PRECISION -> {
        if (precision < 1 || precision > MAX_PREC) {
          throw new IllegalArgumentException("precision must be 1.." + MAX_PREC + ", got " + precision);
        }
      }
      case FIXED_ACCURACY -> {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
          throw new IllegalArgumentException("tolerance must be finite and >= 0, got " + tolerance);
        }
      }
      case EXPERT -> {
        if (minBits < MIN_BITS || minBits > MAX_BITS) {
          throw new IllegalArgumentException("minBits must be " + MIN_BITS + ".." + MAX_BITS + ", got " + minBits);
        }
        if (maxBits < minBits || maxBits > MAX_BITS) {
          throw new IllegalArgumentException("maxBits must be minBits.." + MAX_BITS + ", got " + maxBits);
        }
        if (maxPrec < 1 || maxPrec > MAX_PREC) {
          throw new IllegalArgumentException("maxPrec must be 1.." + MAX_PREC + ", got " + maxPrec);
        }
        if (minExp < MIN_EXP || minExp > MAX_HEADER_EXP) {
          // A header records minExp + 16495 in 15 bits: larger values would be read back wrong.
          throw new IllegalArgumentException(
              "minExp must be " + MIN_EXP + ".." + MAX_HEADER_EXP + ", got " + minExp);
        }
      }
      default -> {}
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0, got " + threads);
    }
    if (chunkSize < 0) {
      throw new IllegalArgumentException("chunkSize must be >= 0, got " + chunkSize);
    }
  }

  private static ZfpOptions mode(ZFP.MODE mode, double rate, int precision, double tolerance) {
    return new ZfpOptions(mode, rate, precision, tolerance, 0, 0, 0, 0, true, ZFP.EXEC.SERIAL, 0, 0);
  }

  /** Lossless compression (zfp's reversible mode). */
  public static ZfpOptions reversible() {
    return mode(ZFP.MODE.REVERSIBLE, 0, 0, 0);
  }

  /** Fixed rate: {@code bitsPerValue} compressed bits per value; the size is known in advance. */
  public static ZfpOptions rate(double bitsPerValue) {
    return mode(ZFP.MODE.FIXED_RATE, bitsPerValue, 0, 0);
  }

  /** Fixed precision: {@code bitPlanes} (1..64) uncompressed bit planes per block. */
  public static ZfpOptions precision(int bitPlanes) {
    return mode(ZFP.MODE.FIXED_PRECISION, 0, bitPlanes, 0);
  }

  /** Fixed accuracy: the absolute error stays within {@code tolerance} (floating-point data). */
  public static ZfpOptions tolerance(double tolerance) {
    return mode(ZFP.MODE.FIXED_ACCURACY, 0, 0, tolerance);
  }

  /** Expert mode: zfp's four parameters, as {@code zfp_stream_set_params}. */
  public static ZfpOptions expert(int minBits, int maxBits, int maxPrec, int minExp) {
    return new ZfpOptions(
        ZFP.MODE.EXPERT, 0, 0, 0, minBits, maxBits, maxPrec, minExp, true, ZFP.EXEC.SERIAL, 0, 0);
  }

  /**
   * The requested API's form, {@code zfp_encode(data, rate=, precision=, tolerance=)}: at most one
   * may be given (non-null); none means reversible.
   *
   * @throws IllegalArgumentException if more than one is given
   */
  public static ZfpOptions of(Double rate, Integer precision, Double tolerance) {
    int given = (rate != null ? 1 : 0) + (precision != null ? 1 : 0) + (tolerance != null ? 1 : 0);
    if (given > 1) {
      throw new IllegalArgumentException(
          "give at most one of rate, precision, tolerance (got rate=" + rate + ", precision="
              + precision + ", tolerance=" + tolerance + ")");
    }
    if (rate != null) {
      return rate(rate);
    }
    if (precision != null) {
      return precision(precision);
    }
    if (tolerance != null) {
      return tolerance(tolerance);
    }
    return reversible();
  }

  /** The same options with or without the full header. */
  public ZfpOptions withHeader(boolean fullHeader) {
    return new ZfpOptions(mode, rate, precision, tolerance, minBits, maxBits, maxPrec, minExp,
        fullHeader, execution, threads, chunkSize);
  }

  /** The same options with another execution policy. */
  public ZfpOptions withExecution(ZFP.EXEC policy) {
    return new ZfpOptions(mode, rate, precision, tolerance, minBits, maxBits, maxPrec, minExp,
        header, policy, threads, chunkSize);
  }

  /**
   * The same options with an OpenMP thread count (0: OpenMP's default, all cores), used when the
   * execution is OMP. Unlike imagecodecs' {@code numthreads} (None → 1 thread; more than 1 →
   * OpenMP; clamped to 32), a thread count does not choose the execution here: ask for {@link
   * ZFP.EXEC#OMP} explicitly. Per call; no global OpenMP state is changed.
   */
  public ZfpOptions withThreads(int count) {
    return new ZfpOptions(mode, rate, precision, tolerance, minBits, maxBits, maxPrec, minExp,
        header, execution, count, chunkSize);
  }

  /** The same options with an OpenMP chunk size in blocks (0: zfp's default). */
  public ZfpOptions withChunkSize(int blocks) {
    return new ZfpOptions(mode, rate, precision, tolerance, minBits, maxBits, maxPrec, minExp,
        header, execution, threads, blocks);
  }
}
