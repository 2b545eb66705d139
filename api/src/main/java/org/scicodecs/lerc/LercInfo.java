package org.scicodecs.lerc;

import org.scicodecs.DType;

/**
 * What a LERC blob says about itself ({@code lerc_getBlobInfo}), read without decoding.
 *
 * <p>Thread-safe: an immutable record.
 *
 * {@snippet :
 * LercInfo info = Lerc.readInfo(blob);
 * long[] shape = info.shape(); // the shape decode returns
 * }
 *
 * @param version the codec version (0 for Lerc1)
 * @param dtype the value type
 * @param depth values per pixel
 * @param cols columns
 * @param rows rows
 * @param bands bands
 * @param validPixels valid pixels in the first band
 * @param blobSize bytes of all bands' blobs
 * @param masks validity masks: 0, 1 (shared) or one per band
 * @param zMin the smallest value
 * @param zMax the largest value
 * @param maxZError the encoder's error bound
 */
public record LercInfo(
    int version,
    DType dtype,
    int depth,
    int cols,
    int rows,
    int bands,
    int validPixels,
    int blobSize,
    int masks,
    double zMin,
    double zMax,
    double maxZError) {

  /**
   * The shape of the decoded array, as imagecodecs returns it: {@code (bands, rows, cols[, depth])}
   * for several bands, else {@code (rows, cols[, depth])}.
   */
  public long[] shape() {
    if (bands > 1) {
      return depth > 1 ? new long[] {bands, rows, cols, depth} : new long[] {bands, rows, cols};
    }
    return depth > 1 ? new long[] {rows, cols, depth} : new long[] {rows, cols};
  }

  /** The shape of the masks: {@code (rows, cols)} or {@code (masks, rows, cols)}; null if none. */
  public long[] maskShape() {
    if (masks == 0) {
      return null;
    }
    return masks == 1 ? new long[] {rows, cols} : new long[] {masks, rows, cols};
  }
}
