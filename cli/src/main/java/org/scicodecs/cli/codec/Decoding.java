package org.scicodecs.cli.codec;

import org.scicodecs.NdArray;

/**
 * A prepared decode: the stream's header is read and checked, the options are complete, and the
 * output's dtype and shape are known, so the command can create the output file at its final size
 * before anything is decoded.
 *
 * <p>Thread-safety: as the codec's {@code decode}; every scicodecs codec is thread-safe.
 *
 * {@snippet :
 * Decoding dec = adapter.decoder(stream, params);
 * NdArray out = Npy.create(tmp, dec.output().dtype(), dec.output().shape(), arena);
 * dec.decodeInto(out);
 * }
 */
public interface Decoding {
  /** The decoded array's dtype and shape. */
  ArraySpec output();

  /** Decodes into {@code out}, a C-contiguous array of {@link #output()}'s dtype and shape. */
  void decodeInto(NdArray out);

  /** A note for the user about what decoding leaves out (LERC's masks, say), or null. */
  default String note() {
    return null;
  }
}
