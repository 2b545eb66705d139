package org.scicodecs.zfp;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * One zfp library's functions: the CPU build ({@code libzfp.so}) or the CUDA build ({@code
 * libzfp-cuda.so}), which export the same C API. The downcall handles come from the generated
 * bindings of each ({@code org.scicodecs.bindings.zfp} and {@code ...zfp.cuda}), so the codec code
 * is written once and runs on either.
 *
 * <p>Thread-safe: immutable; the handles are shared.
 */
final class ZfpLibrary {
  /** The CPU build, with OpenMP. */
  static final ZfpLibrary CPU =
      new ZfpLibrary(
          org.scicodecs.bindings.zfp.zfp_h.class, org.scicodecs.bindings.zfp.bitstream_h.class);

  private final MethodHandle zfp_stream_open;
  private final MethodHandle zfp_stream_close;
  private final MethodHandle zfp_field_alloc;
  private final MethodHandle zfp_field_free;
  private final MethodHandle zfp_field_set_pointer;
  private final MethodHandle zfp_field_set_type;
  private final MethodHandle zfp_field_set_size_1d;
  private final MethodHandle zfp_field_set_size_2d;
  private final MethodHandle zfp_field_set_size_3d;
  private final MethodHandle zfp_field_set_size_4d;
  private final MethodHandle zfp_field_set_stride_1d;
  private final MethodHandle zfp_field_set_stride_2d;
  private final MethodHandle zfp_field_set_stride_3d;
  private final MethodHandle zfp_field_set_stride_4d;
  private final MethodHandle zfp_stream_set_reversible;
  private final MethodHandle zfp_stream_set_precision;
  private final MethodHandle zfp_stream_set_rate;
  private final MethodHandle zfp_stream_set_accuracy;
  private final MethodHandle zfp_stream_set_params;
  private final MethodHandle zfp_stream_set_execution;
  private final MethodHandle zfp_stream_set_omp_threads;
  private final MethodHandle zfp_stream_set_omp_chunk_size;
  private final MethodHandle zfp_stream_params;
  private final MethodHandle zfp_stream_compression_mode;
  private final MethodHandle zfp_stream_maximum_size;
  private final MethodHandle zfp_stream_set_bit_stream;
  private final MethodHandle zfp_stream_rewind;
  private final MethodHandle zfp_write_header;
  private final MethodHandle zfp_read_header;
  private final MethodHandle zfp_compress;
  private final MethodHandle zfp_decompress;
  private final MethodHandle stream_open;
  private final MethodHandle stream_close;

  private ZfpLibrary(Class<?> zfpHeader, Class<?> bitstreamHeader) {
    zfp_stream_open = handle(zfpHeader, "zfp_stream_open");
    zfp_stream_close = handle(zfpHeader, "zfp_stream_close");
    zfp_field_alloc = handle(zfpHeader, "zfp_field_alloc");
    zfp_field_free = handle(zfpHeader, "zfp_field_free");
    zfp_field_set_pointer = handle(zfpHeader, "zfp_field_set_pointer");
    zfp_field_set_type = handle(zfpHeader, "zfp_field_set_type");
    zfp_field_set_size_1d = handle(zfpHeader, "zfp_field_set_size_1d");
    zfp_field_set_size_2d = handle(zfpHeader, "zfp_field_set_size_2d");
    zfp_field_set_size_3d = handle(zfpHeader, "zfp_field_set_size_3d");
    zfp_field_set_size_4d = handle(zfpHeader, "zfp_field_set_size_4d");
    zfp_field_set_stride_1d = handle(zfpHeader, "zfp_field_set_stride_1d");
    zfp_field_set_stride_2d = handle(zfpHeader, "zfp_field_set_stride_2d");
    zfp_field_set_stride_3d = handle(zfpHeader, "zfp_field_set_stride_3d");
    zfp_field_set_stride_4d = handle(zfpHeader, "zfp_field_set_stride_4d");
    zfp_stream_set_reversible = handle(zfpHeader, "zfp_stream_set_reversible");
    zfp_stream_set_precision = handle(zfpHeader, "zfp_stream_set_precision");
    zfp_stream_set_rate = handle(zfpHeader, "zfp_stream_set_rate");
    zfp_stream_set_accuracy = handle(zfpHeader, "zfp_stream_set_accuracy");
    zfp_stream_set_params = handle(zfpHeader, "zfp_stream_set_params");
    zfp_stream_set_execution = handle(zfpHeader, "zfp_stream_set_execution");
    zfp_stream_set_omp_threads = handle(zfpHeader, "zfp_stream_set_omp_threads");
    zfp_stream_set_omp_chunk_size = handle(zfpHeader, "zfp_stream_set_omp_chunk_size");
    zfp_stream_params = handle(zfpHeader, "zfp_stream_params");
    zfp_stream_compression_mode = handle(zfpHeader, "zfp_stream_compression_mode");
    zfp_stream_maximum_size = handle(zfpHeader, "zfp_stream_maximum_size");
    zfp_stream_set_bit_stream = handle(zfpHeader, "zfp_stream_set_bit_stream");
    zfp_stream_rewind = handle(zfpHeader, "zfp_stream_rewind");
    zfp_write_header = handle(zfpHeader, "zfp_write_header");
    zfp_read_header = handle(zfpHeader, "zfp_read_header");
    zfp_compress = handle(zfpHeader, "zfp_compress");
    zfp_decompress = handle(zfpHeader, "zfp_decompress");
    stream_open = handle(bitstreamHeader, "stream_open");
    stream_close = handle(bitstreamHeader, "stream_close");
  }

  /** The CUDA build: created on first use, after its library has loaded. */
  static ZfpLibrary cuda() {
    return CudaHolder.CUDA;
  }

  private static final class CudaHolder {
    static final ZfpLibrary CUDA =
        new ZfpLibrary(
            org.scicodecs.bindings.zfp.cuda.zfp_h.class,
            org.scicodecs.bindings.zfp.cuda.bitstream_h.class);
  }

  /** The generated binding's downcall handle ({@code name$handle()}) of one function. */
  private static MethodHandle handle(Class<?> header, String name) {
    try {
      return (MethodHandle) header.getMethod(name + "$handle").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("binding " + header.getName() + "." + name + " is missing", e);
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new AssertionError("should not reach here", t);
  }

  MemorySegment zfp_stream_open(MemorySegment stream) {
    try {
      return (MemorySegment) zfp_stream_open.invokeExact(stream);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  void zfp_stream_close(MemorySegment stream) {
    try {
      zfp_stream_close.invokeExact(stream);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  MemorySegment zfp_field_alloc() {
    try {
      return (MemorySegment) zfp_field_alloc.invokeExact();
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  void zfp_field_free(MemorySegment field) {
    try {
      zfp_field_free.invokeExact(field);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  void zfp_field_set_pointer(MemorySegment field, MemorySegment pointer) {
    try {
      zfp_field_set_pointer.invokeExact(field, pointer);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  int zfp_field_set_type(MemorySegment field, int type) {
    try {
      return (int) zfp_field_set_type.invokeExact(field, type);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  void zfp_field_set_size_1d(MemorySegment field, long nx) {
    try {
      zfp_field_set_size_1d.invokeExact(field, nx);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  void zfp_field_set_size_2d(MemorySegment field, long nx, long ny) {
    try {
      zfp_field_set_size_2d.invokeExact(field, nx, ny);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  void zfp_field_set_size_3d(MemorySegment field, long nx, long ny, long nz) {
    try {
      zfp_field_set_size_3d.invokeExact(field, nx, ny, nz);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  void zfp_field_set_size_4d(MemorySegment field, long nx, long ny, long nz, long nw) {
    try {
      zfp_field_set_size_4d.invokeExact(field, nx, ny, nz, nw);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  void zfp_field_set_stride_1d(MemorySegment field, long sx) {
    try {
      zfp_field_set_stride_1d.invokeExact(field, sx);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  void zfp_field_set_stride_2d(MemorySegment field, long sx, long sy) {
    try {
      zfp_field_set_stride_2d.invokeExact(field, sx, sy);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  void zfp_field_set_stride_3d(MemorySegment field, long sx, long sy, long sz) {
    try {
      zfp_field_set_stride_3d.invokeExact(field, sx, sy, sz);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  void zfp_field_set_stride_4d(MemorySegment field, long sx, long sy, long sz, long sw) {
    try {
      zfp_field_set_stride_4d.invokeExact(field, sx, sy, sz, sw);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  void zfp_stream_set_reversible(MemorySegment stream) {
    try {
      zfp_stream_set_reversible.invokeExact(stream);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  int zfp_stream_set_precision(MemorySegment stream, int precision) {
    try {
      return (int) zfp_stream_set_precision.invokeExact(stream, precision);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  double zfp_stream_set_rate(MemorySegment stream, double rate, int type, int dims, int align) {
    try {
      return (double) zfp_stream_set_rate.invokeExact(stream, rate, type, dims, align);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  double zfp_stream_set_accuracy(MemorySegment stream, double tolerance) {
    try {
      return (double) zfp_stream_set_accuracy.invokeExact(stream, tolerance);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  int zfp_stream_set_params(MemorySegment stream, int minbits, int maxbits, int maxprec, int minexp) {
    try {
      return (int) zfp_stream_set_params.invokeExact(stream, minbits, maxbits, maxprec, minexp);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  int zfp_stream_set_execution(MemorySegment stream, int policy) {
    try {
      return (int) zfp_stream_set_execution.invokeExact(stream, policy);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  int zfp_stream_set_omp_threads(MemorySegment stream, int threads) {
    try {
      return (int) zfp_stream_set_omp_threads.invokeExact(stream, threads);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  int zfp_stream_set_omp_chunk_size(MemorySegment stream, int chunk_size) {
    try {
      return (int) zfp_stream_set_omp_chunk_size.invokeExact(stream, chunk_size);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  void zfp_stream_params(MemorySegment stream, MemorySegment minbits, MemorySegment maxbits, MemorySegment maxprec, MemorySegment minexp) {
    try {
      zfp_stream_params.invokeExact(stream, minbits, maxbits, maxprec, minexp);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  int zfp_stream_compression_mode(MemorySegment stream) {
    try {
      return (int) zfp_stream_compression_mode.invokeExact(stream);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  long zfp_stream_maximum_size(MemorySegment stream, MemorySegment field) {
    try {
      return (long) zfp_stream_maximum_size.invokeExact(stream, field);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  void zfp_stream_set_bit_stream(MemorySegment stream, MemorySegment bs) {
    try {
      zfp_stream_set_bit_stream.invokeExact(stream, bs);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  void zfp_stream_rewind(MemorySegment stream) {
    try {
      zfp_stream_rewind.invokeExact(stream);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  long zfp_write_header(MemorySegment stream, MemorySegment field, int mask) {
    try {
      return (long) zfp_write_header.invokeExact(stream, field, mask);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  long zfp_read_header(MemorySegment stream, MemorySegment field, int mask) {
    try {
      return (long) zfp_read_header.invokeExact(stream, field, mask);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  long zfp_compress(MemorySegment stream, MemorySegment field) {
    try {
      return (long) zfp_compress.invokeExact(stream, field);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  long zfp_decompress(MemorySegment stream, MemorySegment field) {
    try {
      return (long) zfp_decompress.invokeExact(stream, field);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  MemorySegment stream_open(MemorySegment buffer, long bytes) {
    try {
      return (MemorySegment) stream_open.invokeExact(buffer, bytes);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  void stream_close(MemorySegment stream) {
    try {
      stream_close.invokeExact(stream);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }
}
