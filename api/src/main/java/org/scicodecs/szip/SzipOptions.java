package org.scicodecs.szip;

import java.util.Locale;
import org.scicodecs.NdArray;

/**
 * The parameters of an SZIP stream (HDF5's SZIP filter, through libaec), which the stream does not
 * record: the decoder needs the same four values. With {@code header}, a stream starts with its
 * decoded size as a little-endian uint32, as the HDF5 filter and numcodecs write it, so decoding
 * needs no output size.
 *
 * <p>Thread-safe: an immutable record.
 *
 * {@snippet :
 * SzipOptions o = SzipOptions.of("nn", 16, 16, 256);          // the requested API's parameters
 * SzipOptions h = SzipOptions.forArray(image, SZIP.EC, 32);   // imagecodecs' szip_params
 * SzipOptions hdf5 = h.withHeader(true);
 * }
 *
 * @param optionsMask {@link SZIP} bits ({@link SZIP#NN} and {@link SZIP#MSB} matter)
 * @param pixelsPerBlock 1..32 (libaec needs an even number)
 * @param bitsPerPixel 1..32, or 64 (32 and 64 are coded byte by byte)
 * @param pixelsPerScanline 1..4096
 * @param header whether the stream starts with the 4-byte decoded size
 */
public record SzipOptions(
    int optionsMask, int pixelsPerBlock, int bitsPerPixel, int pixelsPerScanline, boolean header) {

  /** Validates the ranges imagecodecs checks; messages name the parameter. */
  public SzipOptions {
    if (pixelsPerBlock <= 0 || pixelsPerBlock > SZIP.MAX_PIXELS_PER_BLOCK) {
      throw new IllegalArgumentException("invalid pixelsPerBlock " + pixelsPerBlock + " (1..32)");
    }
    if (bitsPerPixel <= 0 || (bitsPerPixel > 32 && bitsPerPixel != 64)) {
      throw new IllegalArgumentException("invalid bitsPerPixel " + bitsPerPixel + " (1..32 or 64)");
    }
    if (pixelsPerScanline <= 0 || pixelsPerScanline > SZIP.MAX_PIXELS_PER_SCANLINE) {
      throw new IllegalArgumentException("invalid pixelsPerScanline " + pixelsPerScanline + " (1..4096)");
    }
  }

  /**
   * The requested API's form: coding {@code "ec"} (entropy coding) or {@code "nn"}
   * (nearest-neighbour preprocessing), little-endian samples, no header.
   */
  public static SzipOptions of(String coding, int pixelsPerBlock, int bitsPerPixel, int pixelsPerScanline) {
    int mask = switch (coding == null ? "ec" : coding.toLowerCase(Locale.ROOT)) {
      case "ec" -> SZIP.EC;
      case "nn" -> SZIP.NN;
      default -> throw new IllegalArgumentException("coding must be 'ec' or 'nn', got '" + coding + "'");
    };
    return new SzipOptions(mask | SZIP.LSB, pixelsPerBlock, bitsPerPixel, pixelsPerScanline, false);
  }

  /**
   * Parameters for an array as HDF5 derives them (imagecodecs' {@code szip_params}): bits per
   * pixel from the dtype (times the last axis for 4- or 8-byte pixels of small samples), the
   * scanline from the last axes, LSB set, and pixels per block reduced for small chunks.
   */
  public static SzipOptions forArray(NdArray data, int optionsMask, int pixelsPerBlock) {
    if (pixelsPerBlock < 2 || pixelsPerBlock > 32 || pixelsPerBlock % 2 != 0) {
      throw new IllegalArgumentException("invalid pixelsPerBlock=" + pixelsPerBlock + " (even, 2..32)");
    }
    long[] shape = data.shape();
    int itemsize = data.dtype().byteSize();
    long size = data.size();
    int bitsPerPixel = itemsize * 8;
    long pixelsInLine;
    long pixelsInChunk = size;
    int last = shape.length - 1;
    if (shape.length <= 1) {
      pixelsInLine = size;
    } else if (shape[last] * itemsize == 4 || shape[last] * itemsize == 8) {
      pixelsInLine = shape[last - 1];
      pixelsInChunk = size / shape[last];
      bitsPerPixel *= (int) shape[last];
    } else {
      pixelsInLine = shape[last];
    }
    long pixelsPerScanline;
    if (pixelsInLine < pixelsPerBlock) {
      if (pixelsInChunk < pixelsPerBlock) {
        pixelsPerBlock = (int) Math.max(2, (pixelsInChunk / 2) * 2);
      }
      pixelsPerScanline = pixelsPerBlock;
    } else {
      pixelsPerScanline = pixelsInLine;
    }
    int mask = (optionsMask & ~(SZIP.LSB | SZIP.MSB)) | SZIP.LSB;
    pixelsPerScanline = Math.min(pixelsPerScanline, (long) pixelsPerBlock * SZIP.MAX_BLOCKS_PER_SCANLINE);
    return new SzipOptions(mask, pixelsPerBlock, bitsPerPixel, (int) pixelsPerScanline, false);
  }

  /** The same parameters with or without the 4-byte size header. */
  public SzipOptions withHeader(boolean sizeHeader) {
    return new SzipOptions(optionsMask, pixelsPerBlock, bitsPerPixel, pixelsPerScanline, sizeHeader);
  }
}
