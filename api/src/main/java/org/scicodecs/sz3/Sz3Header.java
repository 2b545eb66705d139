package org.scicodecs.sz3;

import java.util.Arrays;

/**
 * What an SZ3 stream records about itself, read by {@link Sz3#readHeader} from the 16-byte header
 * and the trailing configuration block. The element type is not among it: the {@code sz3c} C
 * wrapper (which imagecodecs uses too) never sets SZ3's {@code dataType} field, so it reads
 * "float" also for float64 data.
 *
 * <p>Thread-safe: an immutable record (the shape array is copied in and out).
 *
 * {@snippet :
 * Sz3Header header = Sz3.readHeader(stream);
 * long[] shape = header.shape(); // slowest axis first, as NdArray shapes are
 * }
 *
 * @param version SZ3's data-format version, e.g. {@code "3.3.2"}
 * @param payloadSize bytes of compressed payload after the 16-byte header
 * @param shape the dimensions, slowest first (SZ3 records them so, 1 to 4 of them; a 5-D array
 *     is recorded with its first two axes merged)
 * @param errorBoundMode SZ3's own error-bound number ({@code EB_ABS}=0, {@code EB_REL}=1, PSNR=2,
 *     L2NORM=3, ABS_AND_REL=4, ABS_OR_REL=5; not the wrapper's {@link SZ3.MODE} numbers)
 * @param recordedDataType the stream's {@code dataType} byte (0 float, 1 double, ...): meaningful
 *     only for streams written by SZ3's own tools, always 0 from the C wrapper
 */
public record Sz3Header(
    String version, long payloadSize, long[] shape, int errorBoundMode, int recordedDataType) {

  /** Copies the shape. */
  public Sz3Header {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The number of values. */
  public long size() {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sz3Header h
        && version.equals(h.version)
        && payloadSize == h.payloadSize
        && Arrays.equals(shape, h.shape)
        && errorBoundMode == h.errorBoundMode
        && recordedDataType == h.recordedDataType;
  }

  @Override
  public int hashCode() {
    return version.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return "Sz3Header[version=" + version + ", payloadSize=" + payloadSize + ", shape="
        + Arrays.toString(shape) + ", errorBoundMode=" + errorBoundMode + ", recordedDataType="
        + recordedDataType + "]";
  }
}
