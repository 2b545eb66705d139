package org.scicodecs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * An n-dimensional view of memory: a {@link MemorySegment}, an element type, a shape and strides
 * counted in elements. Row-major (C order) by default, like NumPy: the last axis varies fastest.
 *
 * <p>The memory can be a Java array (no copy: {@link #of(float[], long...)}), an {@link Arena}
 * allocation ({@link #allocate}), a memory-mapped file ({@link #map(Path, FileChannel.MapMode,
 * long, DType, Arena, long...)}) or any other segment, for example one from other native code.
 * Views ({@link #transpose}, {@link #slice}) share the memory; strides must not be negative.
 * Element {@code [i0, i1, ...]} is at element offset {@code i0*strides[0] + i1*strides[1] + ...}
 * from the start of the segment.
 *
 * <p>Thread safety: the view itself is immutable; whether its memory may be used from several
 * threads is decided by the segment's arena (heap and global/shared/auto segments: yes; confined:
 * only by the owner thread).
 *
 * {@snippet :
 * float[] data = new float[64 * 128];
 * NdArray image = NdArray.of(data, 64, 128); // wraps the array, no copy
 * NdArray columns = image.transpose();        // shape (128, 64), strides (1, 128)
 * try (Arena arena = Arena.ofConfined()) {
 *   NdArray copy = columns.toContiguous(arena); // C order, off-heap
 * }
 * }
 */
public final class NdArray {
  /** NumPy's limit on the number of dimensions. */
  public static final int MAX_DIMENSIONS = 32;

  private final MemorySegment segment;
  private final DType dtype;
  private final long[] shape;
  private final long[] strides;

  private NdArray(MemorySegment segment, DType dtype, long[] shape, long[] strides) {
    if (segment == null || dtype == null) {
      throw new IllegalArgumentException("segment and dtype must not be null");
    }
    if (shape.length < 1 || shape.length > MAX_DIMENSIONS) {
      throw new IllegalArgumentException(
          "shape must have 1 to " + MAX_DIMENSIONS + " dimensions, got " + shape.length);
    }
    if (strides.length != shape.length) {
      throw new IllegalArgumentException(
          "strides " + Arrays.toString(strides) + " do not match shape " + Arrays.toString(shape));
    }
    long size = 1;
    long lastElement = 0;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative size");
      }
      if (strides[i] < 0) {
        throw new IllegalArgumentException(
            "strides " + Arrays.toString(strides) + " are negative; use a contiguous copy");
      }
      size = multiply(size, shape[i], shape);
    }
    if (size > 0) {
      for (int i = 0; i < shape.length; i++) {
        lastElement = add(lastElement, multiply(shape[i] - 1, strides[i], shape), shape);
      }
      long needed = multiply(lastElement + 1, dtype.byteSize(), shape);
      if (segment.byteSize() < needed) {
        throw new IllegalArgumentException(
            "segment of "
                + segment.byteSize()
                + " bytes is too small for a "
                + dtype
                + " array of shape "
                + Arrays.toString(shape)
                + " and strides "
                + Arrays.toString(strides)
                + ": it needs "
                + needed
                + " bytes");
      }
    }
    if (segment.address() % dtype.byteSize() != 0) {
      throw new IllegalArgumentException(
          "segment address is not aligned to the " + dtype.byteSize() + "-byte elements of " + dtype);
    }
    this.segment = segment;
    this.dtype = dtype;
    this.shape = shape;
    this.strides = strides;
  }

  // ---- factories -------------------------------------------------------------------------

  /**
   * A C-contiguous array over the first {@code product(shape) * dtype.byteSize()} bytes of a
   * segment.
   *
   * @throws IllegalArgumentException if the segment is too small, misaligned, or the shape invalid
   */
  public static NdArray of(MemorySegment segment, DType dtype, long... shape) {
    long[] s = shape.clone();
    return new NdArray(segment, dtype, s, contiguousStrides(s));
  }

  /**
   * An array with explicit element strides over a segment (for example a view prepared by other
   * code). Every addressed element must lie inside the segment.
   */
  public static NdArray of(MemorySegment segment, DType dtype, long[] shape, long[] strides) {
    return new NdArray(segment, dtype, shape.clone(), strides.clone());
  }

  /** A float32 array over a Java array, without copying; no shape means one dimension. */
  public static NdArray of(float[] data, long... shape) {
    return ofHeap(MemorySegment.ofArray(data), DType.FLOAT32, data.length, shape);
  }

  /** A float64 array over a Java array, without copying; no shape means one dimension. */
  public static NdArray of(double[] data, long... shape) {
    return ofHeap(MemorySegment.ofArray(data), DType.FLOAT64, data.length, shape);
  }

  /** An int8 array over a Java array, without copying; no shape means one dimension. */
  public static NdArray of(byte[] data, long... shape) {
    return of(data, DType.INT8, shape);
  }

  /** An int16 array over a Java array, without copying; no shape means one dimension. */
  public static NdArray of(short[] data, long... shape) {
    return of(data, DType.INT16, shape);
  }

  /** An int32 array over a Java array, without copying; no shape means one dimension. */
  public static NdArray of(int[] data, long... shape) {
    return of(data, DType.INT32, shape);
  }

  /** An int64 array over a Java array, without copying; no shape means one dimension. */
  public static NdArray of(long[] data, long... shape) {
    return of(data, DType.INT64, shape);
  }

  /** A one-byte array (INT8 or UINT8) over a Java array, without copying. */
  public static NdArray of(byte[] data, DType dtype, long... shape) {
    return ofHeap(MemorySegment.ofArray(data), requireSize(dtype, 1), data.length, shape);
  }

  /** A two-byte array (INT16, UINT16 or FLOAT16 bits) over a Java array, without copying. */
  public static NdArray of(short[] data, DType dtype, long... shape) {
    return ofHeap(MemorySegment.ofArray(data), requireSize(dtype, 2), data.length, shape);
  }

  /** A four-byte integer array (INT32 or UINT32) over a Java array, without copying. */
  public static NdArray of(int[] data, DType dtype, long... shape) {
    return ofHeap(MemorySegment.ofArray(data), requireInteger(dtype, 4), data.length, shape);
  }

  /** An eight-byte integer array (INT64 or UINT64) over a Java array, without copying. */
  public static NdArray of(long[] data, DType dtype, long... shape) {
    return ofHeap(MemorySegment.ofArray(data), requireInteger(dtype, 8), data.length, shape);
  }

  /**
   * A new C-contiguous array, with memory from the allocator (for example an {@link Arena}),
   * aligned to its elements and zero-filled as the allocator does.
   */
  public static NdArray allocate(SegmentAllocator allocator, DType dtype, long... shape) {
    long[] s = shape.clone();
    long bytes = multiply(sizeOf(s), dtype.byteSize(), s);
    return new NdArray(
        allocator.allocate(bytes, Math.max(8, dtype.byteSize())), dtype, s, contiguousStrides(s));
  }

  /**
   * Maps part of a file as a C-contiguous array. The mapping lives as long as the arena; in {@link
   * FileChannel.MapMode#READ_WRITE} mode a shorter file is extended to hold the array, so this is
   * also how to decode straight into a new file.
   *
   * @param file the file; opened for reading, and for writing unless the mode is READ_ONLY
   * @param mode READ_ONLY or READ_WRITE
   * @param offset where the array starts in the file, in bytes
   * @throws UncheckedIOException if the file cannot be opened or mapped
   */
  public static NdArray map(
      Path file, FileChannel.MapMode mode, long offset, DType dtype, Arena arena, long... shape) {
    var options =
        mode == FileChannel.MapMode.READ_ONLY
            ? new StandardOpenOption[] {StandardOpenOption.READ}
            : new StandardOpenOption[] {
              StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE
            };
    try (FileChannel channel = FileChannel.open(file, options)) {
      return map(channel, mode, offset, dtype, arena, shape);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map " + file, e);
    }
  }

  /** Maps part of an open file channel as a C-contiguous array (see {@link #map(Path, FileChannel.MapMode, long, DType, Arena, long...)}). */
  public static NdArray map(
      FileChannel channel,
      FileChannel.MapMode mode,
      long offset,
      DType dtype,
      Arena arena,
      long... shape) {
    long[] s = shape.clone();
    long bytes = multiply(sizeOf(s), dtype.byteSize(), s);
    try {
      return new NdArray(channel.map(mode, offset, bytes, arena), dtype, s, contiguousStrides(s));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map " + bytes + " bytes at offset " + offset, e);
    }
  }

  // ---- properties ------------------------------------------------------------------------

  /** The memory; element [0, ..., 0] is at its start. */
  public MemorySegment segment() {
    return segment;
  }

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** The size of each axis (a copy). */
  public long[] shape() {
    return shape.clone();
  }

  /** The size of one axis; negative axes count from the end. */
  public long shape(int axis) {
    return shape[axis(axis)];
  }

  /** The distance, in elements, between neighbours along each axis (a copy). */
  public long[] strides() {
    return strides.clone();
  }

  /** The number of dimensions. */
  public int ndim() {
    return shape.length;
  }

  /** The number of elements. */
  public long size() {
    return sizeOf(shape);
  }

  /** The number of bytes the elements take when contiguous: {@code size() * dtype.byteSize()}. */
  public long byteSize() {
    return size() * dtype.byteSize();
  }

  /** Whether the elements are contiguous in C order (row-major, no gaps). */
  public boolean isContiguous() {
    long expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1 && strides[i] != expected) {
        return false;
      }
      expected *= shape[i];
    }
    return true;
  }

  /** The segment slice holding exactly the elements, for a contiguous array. */
  public MemorySegment contiguousSegment() {
    if (!isContiguous()) {
      throw new IllegalStateException("array " + this + " is not contiguous");
    }
    return segment.asSlice(0, byteSize());
  }

  // ---- views -----------------------------------------------------------------------------

  /** The same memory seen with the axes reversed (a matrix transpose for 2-D arrays). */
  public NdArray transpose() {
    int[] axes = new int[shape.length];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = axes.length - 1 - i;
    }
    return transpose(axes);
  }

  /** The same memory seen with the axes permuted: new axis i is old axis {@code axes[i]}. */
  public NdArray transpose(int... axes) {
    if (axes.length != shape.length) {
      throw new IllegalArgumentException(
          "axes " + Arrays.toString(axes) + " must name each of the " + shape.length + " axes once");
    }
    long[] s = new long[axes.length];
    long[] st = new long[axes.length];
    boolean[] seen = new boolean[axes.length];
    for (int i = 0; i < axes.length; i++) {
      int a = axis(axes[i]);
      if (seen[a]) {
        throw new IllegalArgumentException("axes " + Arrays.toString(axes) + " repeat axis " + a);
      }
      seen[a] = true;
      s[i] = shape[a];
      st[i] = strides[a];
    }
    return new NdArray(segment, dtype, s, st);
  }

  /**
   * Elements {@code start, start+step, ...} below {@code stop} along one axis (Python's {@code
   * start:stop:step} with a positive step).
   */
  public NdArray slice(int axis, long start, long stop, long step) {
    int a = axis(axis);
    if (step < 1) {
      throw new IllegalArgumentException("step must be positive, got " + step);
    }
    if (start < 0 || stop > shape[a] || start > stop) {
      throw new IllegalArgumentException(
          "slice " + start + ":" + stop + " is outside axis " + a + " of length " + shape[a]);
    }
    long[] s = shape.clone();
    long[] st = strides.clone();
    s[a] = (stop - start + step - 1) / step;
    st[a] = strides[a] * step;
    long offset = s[a] == 0 ? 0 : start * strides[a] * dtype.byteSize();
    return new NdArray(segment.asSlice(offset), dtype, s, st);
  }

  /** The same contiguous memory with another shape of the same size. */
  public NdArray reshape(long... newShape) {
    long[] s = newShape.clone();
    if (sizeOf(s) != size()) {
      throw new IllegalArgumentException(
          "cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(s));
    }
    return new NdArray(contiguousSegment(), dtype, s, contiguousStrides(s));
  }

  // ---- elements --------------------------------------------------------------------------

  /** The element offset, in elements from the segment start, of an index. */
  public long offset(long... index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException(
          "index " + Arrays.toString(index) + " needs " + shape.length + " coordinates");
    }
    long offset = 0;
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        throw new IndexOutOfBoundsException(
            "index " + Arrays.toString(index) + " is outside shape " + Arrays.toString(shape));
      }
      offset += index[i] * strides[i];
    }
    return offset;
  }

  /**
   * The element at an index as a double (unsigned integers as their unsigned value, float16
   * converted; int64 values beyond 2^53 are rounded).
   */
  public double getDouble(long... index) {
    return readDouble(offset(index));
  }

  /**
   * The element at position {@code i} of C (row-major) order as a double, whatever the strides;
   * convenient for comparing arrays of different layouts.
   */
  public double getDoubleFlat(long i) {
    long offset = 0;
    long rest = i;
    for (int d = shape.length - 1; d >= 0; d--) {
      offset += (rest % shape[d]) * strides[d];
      rest /= shape[d];
    }
    return readDouble(offset);
  }

  private double readDouble(long element) {
    long at = element * dtype.byteSize();
    return switch (dtype) {
      case INT8 -> segment.get(ValueLayout.JAVA_BYTE, at);
      case UINT8 -> Byte.toUnsignedInt(segment.get(ValueLayout.JAVA_BYTE, at));
      case INT16 -> segment.get(ValueLayout.JAVA_SHORT_UNALIGNED, at);
      case UINT16 -> Short.toUnsignedInt(segment.get(ValueLayout.JAVA_SHORT_UNALIGNED, at));
      case FLOAT16 -> Float.float16ToFloat(segment.get(ValueLayout.JAVA_SHORT_UNALIGNED, at));
      case INT32 -> segment.get(ValueLayout.JAVA_INT_UNALIGNED, at);
      case UINT32 -> Integer.toUnsignedLong(segment.get(ValueLayout.JAVA_INT_UNALIGNED, at));
      case INT64 -> segment.get(ValueLayout.JAVA_LONG_UNALIGNED, at);
      case UINT64 -> unsignedToDouble(segment.get(ValueLayout.JAVA_LONG_UNALIGNED, at));
      case FLOAT32 -> segment.get(ValueLayout.JAVA_FLOAT_UNALIGNED, at);
      case FLOAT64 -> segment.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, at);
    };
  }

  private static double unsignedToDouble(long v) {
    double d = (double) (v >>> 1) * 2.0;
    return d + (v & 1);
  }

  /**
   * Copies the elements into another array of the same shape and dtype, whatever both layouts
   * are. The arrays must not overlap.
   */
  public void copyTo(NdArray destination) {
    if (destination.dtype != dtype || !Arrays.equals(destination.shape, shape)) {
      throw new IllegalArgumentException(
          "cannot copy " + this + " into " + destination + ": shape and dtype must be equal");
    }
    if (isContiguous() && destination.isContiguous()) {
      MemorySegment.copy(segment, 0, destination.segment, 0, byteSize());
      return;
    }
    copyAxis(destination, 0, 0, 0);
  }

  private void copyAxis(NdArray dst, int axis, long srcOffset, long dstOffset) {
    long itemsize = dtype.byteSize();
    if (axis == shape.length - 1) {
      if (strides[axis] == 1 && dst.strides[axis] == 1) {
        MemorySegment.copy(
            segment, srcOffset * itemsize, dst.segment, dstOffset * itemsize, shape[axis] * itemsize);
        return;
      }
      for (long i = 0; i < shape[axis]; i++) {
        MemorySegment.copy(
            segment,
            (srcOffset + i * strides[axis]) * itemsize,
            dst.segment,
            (dstOffset + i * dst.strides[axis]) * itemsize,
            itemsize);
      }
      return;
    }
    for (long i = 0; i < shape[axis]; i++) {
      copyAxis(dst, axis + 1, srcOffset + i * strides[axis], dstOffset + i * dst.strides[axis]);
    }
  }

  /** This array if it is C-contiguous, else a C-contiguous copy from the allocator. */
  public NdArray toContiguous(SegmentAllocator allocator) {
    if (isContiguous()) {
      return this;
    }
    NdArray copy = allocate(allocator, dtype, shape);
    copyTo(copy);
    return copy;
  }

  @Override
  public String toString() {
    return "NdArray[" + dtype + " " + Arrays.toString(shape) + " strides " + Arrays.toString(strides) + "]";
  }

  // ---- helpers ---------------------------------------------------------------------------

  /** C-order strides for a shape. */
  public static long[] contiguousStrides(long[] shape) {
    long[] strides = new long[shape.length];
    long stride = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = stride;
      stride = shape[i] == 0 ? stride : multiply(stride, shape[i], shape);
    }
    return strides;
  }

  private static NdArray ofHeap(MemorySegment segment, DType dtype, long length, long[] shape) {
    long[] s = shape.length == 0 ? new long[] {length} : shape.clone();
    if (sizeOf(s) != length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(s) + " holds " + sizeOf(s) + " elements, the array " + length);
    }
    return new NdArray(segment, dtype, s, contiguousStrides(s));
  }

  private static DType requireSize(DType dtype, int size) {
    if (dtype.byteSize() != size) {
      throw new IllegalArgumentException(
          "dtype " + dtype + " has " + dtype.byteSize() + "-byte elements, the Java array " + size);
    }
    return dtype;
  }

  private static DType requireInteger(DType dtype, int size) {
    if (!dtype.isInteger()) {
      throw new IllegalArgumentException(
          "dtype " + dtype + " does not fit a Java integer array; use float[] or double[]");
    }
    return requireSize(dtype, size);
  }

  private int axis(int axis) {
    int a = axis < 0 ? axis + shape.length : axis;
    if (a < 0 || a >= shape.length) {
      throw new IllegalArgumentException("axis " + axis + " is outside " + shape.length + " dimensions");
    }
    return a;
  }

  private static long sizeOf(long[] shape) {
    long size = 1;
    for (long s : shape) {
      if (s < 0) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative size");
      }
      size = multiply(size, s, shape);
    }
    return size;
  }

  private static long multiply(long a, long b, long[] shape) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " overflows 64 bits", e);
    }
  }

  private static long add(long a, long b, long[] shape) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " overflows 64 bits", e);
    }
  }
}
