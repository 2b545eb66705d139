package org.scicodecs.cli.bench;

/**
 * One benchmark result: a codec setting on a data set, timed in one implementation.
 *
 * <p>Thread-safe: an immutable record.
 *
 * {@snippet :
 * double mbPerSecond = m.encodeMBps(); // uncompressed megabytes (10^6 bytes) per second
 * }
 *
 * @param dataset the data set's name
 * @param codec the codec's name
 * @param setting the codec options, as the command line spells them (empty: the defaults)
 * @param implementation {@link #SCICODECS} or {@link #IMAGECODECS}
 * @param rawBytes the uncompressed size
 * @param encodedBytes the stream's size (0 on error)
 * @param maxAbsError the largest absolute difference after the round trip (NaN on error)
 * @param psnr peak signal-to-noise ratio in dB over the data's value range; infinite when exact
 * @param encodeSeconds median encode time
 * @param decodeSeconds median decode time
 * @param reps how many timed round trips the medians are of
 * @param error why the setting failed, or null
 */
public record Measurement(
    String dataset,
    String codec,
    String setting,
    String implementation,
    long rawBytes,
    long encodedBytes,
    double maxAbsError,
    double psnr,
    double encodeSeconds,
    double decodeSeconds,
    int reps,
    String error) {

  /** The Java library through the command's own code path. */
  public static final String SCICODECS = "scicodecs";

  /** Python imagecodecs, timed in the same run. */
  public static final String IMAGECODECS = "imagecodecs";

  /** A failed setting. */
  public static Measurement failed(
      String dataset, String codec, String setting, String implementation, long rawBytes, String error) {
    return new Measurement(dataset, codec, setting, implementation, rawBytes, 0, Double.NaN,
        Double.NaN, Double.NaN, Double.NaN, 0, error);
  }

  /** Whether the setting ran. */
  public boolean ok() {
    return error == null;
  }

  /** Uncompressed bytes per stream byte. */
  public double ratio() {
    return encodedBytes > 0 ? (double) rawBytes / encodedBytes : Double.NaN;
  }

  /** Encode throughput in uncompressed MB (10^6 bytes) per second. */
  public double encodeMBps() {
    return rawBytes / encodeSeconds / 1e6;
  }

  /** Decode throughput in uncompressed MB (10^6 bytes) per second. */
  public double decodeMBps() {
    return rawBytes / decodeSeconds / 1e6;
  }

  /** Whether the round trip reproduced the data exactly. */
  public boolean exact() {
    return ok() && maxAbsError == 0;
  }
}
