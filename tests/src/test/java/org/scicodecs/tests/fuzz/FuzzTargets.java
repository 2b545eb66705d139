package org.scicodecs.tests.fuzz;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.scicodecs.CodecException;
import org.scicodecs.DType;
import org.scicodecs.OutputTooSmallException;
import org.scicodecs.lerc.Lerc;
import org.scicodecs.pcodec.Pcodec;
import org.scicodecs.sperr.Sperr;
import org.scicodecs.sz3.Sz3;
import org.scicodecs.szip.AEC;
import org.scicodecs.szip.Aec;
import org.scicodecs.szip.AecOptions;
import org.scicodecs.szip.SZIP;
import org.scicodecs.szip.Szip;
import org.scicodecs.szip.SzipOptions;
import org.scicodecs.zfp.Zfp;

/**
 * The fuzz targets: every {@code decode} and {@code check} of the codecs, given arbitrary bytes.
 * Under {@link #run} a target passes when the call returns or throws the codec's {@link
 * CodecException} (or {@link OutputTooSmallException}); any other exception is a finding, and a JVM
 * crash is one too. Called directly ({@link #ALL}), a decode target throws whatever the codec
 * throws: a valid seed must decode without any.
 *
 * <p>Codecs whose decoder needs parameters the stream does not carry read them from the input's
 * first byte (an index into a fixed table of valid parameter sets), the rest is the stream; the
 * seeds ({@link SeedCorpus}) are written the same way. Decoded arrays come from a per-call arena,
 * bounded by {@code DecodeLimits} (the fuzz runs set it to 64 MiB).
 *
 * <p>Used by the Jazzer driver {@link DecodeFuzzer} (coverage-guided, {@code scripts/fuzz}) and by
 * {@link FuzzRegressionTest} (seeds and the committed regression inputs, in {@code mvn verify}).
 */
public final class FuzzTargets {
  private FuzzTargets() {}

  /** SZIP parameter sets (HDF5-style streams with the 4-byte size header). */
  static final List<SzipOptions> SZIP_OPTIONS = List.of(
      new SzipOptions(SZIP.NN | SZIP.LSB, 32, 16, 256, true),
      new SzipOptions(SZIP.EC | SZIP.LSB, 8, 8, 64, true),
      new SzipOptions(SZIP.NN | SZIP.MSB, 16, 32, 128, true),
      new SzipOptions(SZIP.NN | SZIP.LSB, 32, 64, 32, true));

  /** AEC parameter sets. */
  static final List<AecOptions> AEC_OPTIONS = List.of(
      AecOptions.of(16),
      AecOptions.of(8).withFlags(AEC.DATA_PREPROCESS | AEC.DATA_SIGNED),
      AecOptions.of(24).withFlags(AEC.DATA_PREPROCESS | AEC.DATA_3BYTE | AEC.DATA_MSB),
      AecOptions.of(32).withBlockSize(32),
      AecOptions.of(4).withFlags(AEC.RESTRICTED));

  /** Bytes an AEC target decodes into (the stream does not record its size). */
  static final int AEC_OUT = 3072; // whole samples of 1, 2, 3 and 4 bytes

  /** The targets by name. */
  public static final Map<String, Consumer<byte[]>> ALL = Map.of(
      "zfp", FuzzTargets::zfp,
      "sperr", FuzzTargets::sperr,
      "sz3", FuzzTargets::sz3,
      "lerc", FuzzTargets::lerc,
      "szip", FuzzTargets::szip,
      "aec", FuzzTargets::aec,
      "pcodec", FuzzTargets::pcodec,
      "check", FuzzTargets::check);

  /** The target names, sorted. */
  public static List<String> names() {
    return ALL.keySet().stream().sorted().collect(Collectors.toList());
  }

  static void zfp(byte[] data) {
    try (Arena arena = Arena.ofConfined()) {
      Zfp.decode(MemorySegment.ofArray(data), arena);
    }
  }

  static void sperr(byte[] data) {
    try (Arena arena = Arena.ofConfined()) {
      Sperr.decode(MemorySegment.ofArray(data), arena);
    }
  }

  static void sz3(byte[] data) {
    if (data.length == 0) {
      return;
    }
    DType dtype = (data[0] & 1) == 0 ? DType.FLOAT32 : DType.FLOAT64;
    MemorySegment stream = MemorySegment.ofArray(Arrays.copyOfRange(data, 1, data.length));
    try (Arena arena = Arena.ofConfined()) {
      Sz3.decode(stream, dtype, arena);
    }
  }

  static void lerc(byte[] data) {
    try (Arena arena = Arena.ofConfined()) {
      Lerc.decode(MemorySegment.ofArray(data), arena);
    }
  }

  static void szip(byte[] data) {
    if (data.length == 0) {
      return;
    }
    SzipOptions options = SZIP_OPTIONS.get((data[0] & 0xff) % SZIP_OPTIONS.size());
    MemorySegment stream = MemorySegment.ofArray(Arrays.copyOfRange(data, 1, data.length));
    try (Arena arena = Arena.ofConfined()) {
      Szip.decode(stream, options, arena);
    }
  }

  static void aec(byte[] data) {
    if (data.length == 0) {
      return;
    }
    AecOptions options = AEC_OPTIONS.get((data[0] & 0xff) % AEC_OPTIONS.size());
    MemorySegment stream = MemorySegment.ofArray(Arrays.copyOfRange(data, 1, data.length));
    Aec.decode(stream, options, MemorySegment.ofArray(new byte[AEC_OUT]));
  }

  static void pcodec(byte[] data) {
    try (Arena arena = Arena.ofConfined()) {
      Pcodec.decode(MemorySegment.ofArray(data), arena);
    }
  }

  /** Every check and header reader on the same bytes: they answer, or throw the codec's error. */
  static void check(byte[] data) {
    MemorySegment s = MemorySegment.ofArray(data);
    Zfp.check(s);
    Sperr.check(s);
    Sz3.check(s);
    Lerc.check(s);
    Pcodec.check(s);
    expectCodecError(() -> Zfp.readHeader(s));
    expectCodecError(() -> Sperr.readHeader(s));
    expectCodecError(() -> Sz3.readHeader(s));
    expectCodecError(() -> Lerc.readInfo(s));
    expectCodecError(() -> Pcodec.readInfo(s));
  }

  /**
   * Runs a target as the fuzzer does: a codec's own exception is the expected answer to bad
   * bytes; anything else escapes.
   *
   * @return whether the input decoded (false: the codec refused it)
   */
  public static boolean run(String target, byte[] data) {
    return expectCodecError(() -> ALL.get(target).accept(data));
  }

  /** Runs the call; a codec's own exception is the expected answer to bad bytes. */
  private static boolean expectCodecError(Runnable call) {
    try {
      call.run();
      return true;
    } catch (CodecException | OutputTooSmallException expected) {
      return false; // the stream was refused, as it should be
    }
  }
}
