package org.scicodecs.lerc;

import org.scicodecs.NdArray;

/**
 * A decoded LERC raster and its validity masks (uint8, 1 = valid), or null when the blob has none.
 * Invalid pixels read as 0.
 *
 * <p>Thread-safe: an immutable record over the caller's memory.
 *
 * {@snippet :
 * LercDecoded d = Lerc.decode(blob, arena);
 * boolean valid = d.masks() == null || d.masks().getDouble(0, 0) != 0;
 * }
 *
 * @param data the raster
 * @param masks the masks, or null
 */
public record LercDecoded(NdArray data, NdArray masks) {}
