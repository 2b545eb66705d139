package org.scicodecs.cli.codec;

import java.util.Map;

/**
 * The imagecodecs calls that do what one benchmark setting does, for the side-by-side timing:
 * {@code imagecodecs.<encodeFunction>(data, **encodeArgs)} and {@code
 * imagecodecs.<decodeFunction>(stream, **decodeArgs)}. Argument values are numbers, strings,
 * booleans or lists of them; the strings {@code "$shape"}, {@code "$dtype"} and {@code "$nbytes"}
 * stand for the data's shape, dtype and byte size.
 *
 * <p>Thread-safe: an immutable record.
 *
 * {@snippet :
 * PythonCall zfp = new PythonCall("zfp_encode", Map.of("level", 0.001, "mode", "a"),
 *     "zfp_decode", Map.of());
 * }
 *
 * @param encodeFunction imagecodecs' encoder, e.g. {@code "zfp_encode"}
 * @param encodeArgs its keyword arguments
 * @param decodeFunction imagecodecs' decoder
 * @param decodeArgs its keyword arguments
 */
public record PythonCall(
    String encodeFunction,
    Map<String, Object> encodeArgs,
    String decodeFunction,
    Map<String, Object> decodeArgs) {
  /** Copies the maps. */
  public PythonCall {
    encodeArgs = Map.copyOf(encodeArgs);
    decodeArgs = Map.copyOf(decodeArgs);
  }
}
