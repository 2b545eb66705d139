package org.scicodecs.szip;

/**
 * libaec's flags and status codes ({@code AEC_*} in libaec.h), mirroring imagecodecs' {@code AEC}.
 *
 * <p>Thread-safe: constants only.
 *
 * {@snippet :
 * int flags = AEC.DATA_PREPROCESS | AEC.DATA_SIGNED; // signed samples, with prediction
 * }
 */
public final class AEC {
  /** Samples are signed (two's complement). */
  public static final int DATA_SIGNED = 1;

  /** 17–24-bit samples are stored in 3 bytes. */
  public static final int DATA_3BYTE = 2;

  /** Samples are stored most significant byte first. */
  public static final int DATA_MSB = 4;

  /** The unit-delay predictor (preprocessing) is on. */
  public static final int DATA_PREPROCESS = 8;

  /** The restricted set of code options (for 1–4-bit samples). */
  public static final int RESTRICTED = 16;

  /** Pad each reference sample interval to a byte boundary. */
  public static final int PAD_RSI = 32;

  /** Allow block sizes other than 8, 16, 32 and 64. */
  public static final int NOT_ENFORCE = 64;

  /** Status codes. */
  public static final int OK = 0,
      CONF_ERROR = -1,
      STREAM_ERROR = -2,
      DATA_ERROR = -3,
      MEM_ERROR = -4,
      RSI_OFFSETS_ERROR = -5;

  private AEC() {}

  /** The name of a status code, as imagecodecs reports it. */
  static String statusName(int status) {
    return switch (status) {
      case OK -> "AEC_OK";
      case CONF_ERROR -> "AEC_CONF_ERROR";
      case STREAM_ERROR -> "AEC_STREAM_ERROR";
      case DATA_ERROR -> "AEC_DATA_ERROR";
      case MEM_ERROR -> "AEC_MEM_ERROR";
      case RSI_OFFSETS_ERROR -> "AEC_RSI_OFFSETS_ERROR";
      default -> "unknown status " + status;
    };
  }
}
