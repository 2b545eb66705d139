package org.scicodecs.cli.codec;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.cli.OptionSpec;
import org.scicodecs.cli.Params;

/**
 * What the {@code scicodecs} command needs from one codec: its command-line options, how to
 * encode and decode with them, what {@code check} says about a file, which settings {@code bench}
 * sweeps, and the imagecodecs calls that do the same. One small class per codec, listed once in
 * {@link Codecs#ALL}; the commands know nothing codec-specific.
 *
 * <p>Conventions: option names are the requested API's parameter names in kebab case ({@code
 * --pixels-per-block}); {@code --shape} and {@code --dtype} belong to the commands (raw input on
 * encode; output on decode, passed here in {@code Params}). Bad option values are {@link
 * org.scicodecs.cli.CliException usage errors} naming the option; a stream the codec refuses is its
 * {@link org.scicodecs.CodecException}.
 *
 * <p>Implementations are stateless and thread-safe.
 *
 * {@snippet :
 * CodecAdapter zfp = Codecs.get("zfp");
 * Encoding enc = zfp.encoder(Params.of(Map.of("tolerance", "0.001")), data);
 * MemorySegment stream = enc.encode(data, arena);
 * }
 */
public interface CodecAdapter {
  /** The codec's name on the command line, e.g. {@code "zfp"}. */
  String name();

  /** One line: what the codec is for. */
  String summary();

  /** Whether the codec's native library can be loaded. Never throws. */
  boolean available();

  /** Why the codec cannot be used, for the one-line error when {@link #available()} is false. */
  default String unavailable() {
    return name() + " is not available: its native library cannot be loaded (scripts/build-native"
        + " builds it; SCICODECS_LIBRARY_PATH points at your own)";
  }

  /** The library's version, e.g. {@code "zfp 1.0.1"}. */
  String version();

  /** The codec's own encode options (the command adds {@code --shape}, {@code --dtype}). */
  List<OptionSpec> encodeOptions();

  /** The codec's own decode options (the command adds {@code --shape}, {@code --dtype}). */
  List<OptionSpec> decodeOptions();

  /** Which arrays the codec encodes, for messages: {@code "float32 or float64, 2-D or 3-D"}. */
  String accepts();

  /** Whether the codec encodes arrays of this dtype and number of dimensions. */
  boolean accepts(DType dtype, int ndim);

  /**
   * Whether {@link Encoding#encode} takes a strided (for example Fortran-order) view without
   * copying it; when false the command hands over a C-order copy.
   */
  default boolean takesStridedInput() {
    return false;
  }

  /**
   * Checks the options and prepares an encode for arrays like {@code data} (some options default
   * from its dtype and shape).
   *
   * @throws org.scicodecs.cli.CliException (usage) for missing, conflicting or invalid options
   */
  Encoding encoder(Params params, NdArray data);

  /**
   * Reads and checks the stream's header and the options, and says what the stream decodes to.
   * Where the stream does not record its dtype or shape, {@code --dtype}/{@code --shape} must be in
   * {@code params} (a usage error names the missing one); where it does, given ones must agree.
   *
   * @throws org.scicodecs.CodecException if the stream is not a valid stream of this codec
   */
  Decoding decoder(MemorySegment stream, Params params);

  /** Whether the bytes are this codec's stream, and what its header says. Never throws. */
  Recognition check(MemorySegment stream);

  /**
   * The benchmark's settings for a data set: a short sweep (a handful of settings, cheapest
   * first), each a set of this codec's encode options; empty if the codec does not apply.
   */
  List<Params> sweep(DataStats stats);

  /**
   * The imagecodecs calls equivalent to encoding with {@code params} and decoding, or null where
   * imagecodecs has none.
   */
  PythonCall python(Params params, ArraySpec data);
}
