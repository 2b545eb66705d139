package org.scicodecs.floatpred;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ForkJoinTask;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.internal.Check;

/**
 * The floating-point predictor of TIFF Technical Note 3 (TIFF {@code PREDICTOR=3}, and DNG's
 * FloatingPointX2/X4 predictors): imagecodecs' {@code floatpred_encode}, {@code floatpred_decode},
 * {@code floatpred_check}. It does not compress; it rearranges an array so that a general-purpose
 * compressor (zlib, zstd, ...) finds much more to compress, and it is exactly reversible.
 *
 * <p>How it works: the array is cut into rows along {@code axis} — a row is every element that
 * shares the indices before {@code axis}, taken in C order. Within a row of {@code N} elements of
 * {@code B} bytes, the bytes are regrouped into {@code B} planes of {@code N} bytes, most
 * significant byte first (so sign and exponent bytes, which change slowly, sit together), and then
 * every byte of those {@code N*B}, from the last back to the first, has the byte {@code samples}
 * places before it subtracted (mod 256), the first {@code samples} staying as they are. {@code
 * samples} is {@code dist} times the number of elements of one step along {@code axis}: 1 for the
 * last axis, {@code shape[-1]} for the one before it (TIFF's samples per pixel). Decoding undoes
 * both steps. The output has the input's shape and dtype; its bytes are the predicted sequence.
 *
 * <p>Compatibility: the bytes are identical to imagecodecs' (imcd 2026.3.6, checked against the
 * imagecodecs 2026.3.6 wheel and its reference files) for every dtype, shape, layout and {@code
 * dist}. This is pure Java: no native library, {@link #available()} is always true. Differences
 * from imagecodecs, all on the side of refusing less or more clearly:
 *
 * <ul>
 *   <li>{@code axis} may be any axis; imagecodecs takes only the last two. Predicting along axis
 *       {@code k} gives the same bytes as imagecodecs' {@code axis=-2} on the array reshaped to
 *       {@code (shape[0]*...*shape[k-1], shape[k], shape[k+1]*...*shape[-1])}. An axis outside the
 *       array is refused (imagecodecs takes it modulo the number of dimensions).
 *   <li>Empty arrays give empty arrays; imagecodecs refuses some of them.
 *   <li>{@code out} may be any view, strided or not, and may be {@code data} itself (in place).
 *       imagecodecs needs rows of {@code out} to be contiguous and silently returns a new array
 *       when {@code out is data}.
 *   <li>Decoding never writes to its input (imagecodecs sums in its input and undoes it after).
 * </ul>
 *
 * <p>Arrays: any dtype of 2, 4 or 8 bytes — float16, float32, float64 (what the predictor is for)
 * and the 16/32/64-bit integers, which imagecodecs also takes; one-byte types are refused. Data is
 * little-endian, as everywhere in scicodecs. {@code dist} is 1, 2 or 4, and {@code shape[axis]}
 * must be a multiple of it.
 *
 * <p>Output ({@code out}):
 *
 * <ul>
 *   <li>{@code null} or no {@code out} argument: a new C-contiguous array on the Java heap;
 *       {@link #encode(NdArray, int, int, SegmentAllocator)} takes its memory from an allocator.
 *   <li>another array of the same shape and dtype, in any layout (for example a memory-mapped
 *       file or a strided view), not read-only, whose elements do not share memory with each other.
 *   <li>{@code data} itself or an identical view of the same memory (same start, same strides):
 *       computed in place, through a copy of one row at a time.
 *   <li>an array that overlaps {@code data} in any other way: allowed, and computed from a
 *       snapshot of {@code data} (a temporary copy of the whole array).
 * </ul>
 *
 * <p>Speed: this is pure data movement. Rows that are contiguous (the usual case) are transformed
 * straight from the input segment into the output segment; strided rows are gathered into (and
 * scattered from) a temporary row first. Two sets of loops do the same work, with the same bytes:
 *
 * <ul>
 *   <li>the Vector API, when the application runs with {@code --add-modules
 *       jdk.incubator.vector} (an incubator module, hence not required) on hardware with 256-bit
 *       vectors: byte shuffles and lane arithmetic, on 128- and 256-bit vectors, and 512-bit ones
 *       where the processor has AVX-512 VBMI. This is the fast path: add the option wherever speed
 *       matters. The loops are
 *       checked against the plain ones when first loaded and left unused if they differ or fail
 *       to link ({@code -Dscicodecs.floatpred.novector=true} also turns them off); {@link
 *       #vectorized()} says whether they are in use, {@link #loops()} which, or why not.
 *   <li>plain Java, always available: eight elements per step in 64-bit words (bytewise
 *       arithmetic and byte transposes inside longs), 1.5 to 5.4 times slower (measured).
 * </ul>
 *
 * <p>Both work on native memory (allocated or mapped): rows of heap arrays are copied into native
 * scratch rows and back, which keeps the loops fast for native memory in the same JVM (see the
 * source, {@code NATIVE}). Short rows lying one after the other (up to 64-512 bytes, for example
 * points of shape (N, 3) along the last axis) take neither: blocks of them are transformed in heap
 * scratch a whole element at a time, at 0.5-1.9 GB/s (Zen 3), where the per-row set-up of the
 * loops above had cost 80-170 ns a row.
 *
 * <p>Measured on one core of a 2 GHz AMD EPYC (Zen 1), 64 MiB arrays, where {@link
 * MemorySegment#copy} moves 5.2-6.0 GB/s: the vector loops encode at 2.6-4.6 GB/s and decode at
 * 2.2-3.3 GB/s, the plain loops at 0.7-2.1 GB/s both ways; imagecodecs' C loops at 0.24-0.76 GB/s.
 * On one core of a 2.6 GHz AMD EPYC (Zen 5, AVX-512), where the copy moves 16-22 GB/s: the vector
 * loops encode at 5.8-12.0 GB/s and decode at 3.9-10.4 GB/s (scripts/bench-floatpred, README).
 * On one core of an AMD EPYC with AVX2 only (Zen 3), where the copy moves 8.5-9.5 GB/s: 4.0-9.1
 * GB/s encoding, 3.1-6.3 GB/s decoding.
 *
 * <p>The vector loops are fast once the JIT has compiled them: the first seconds of predictor
 * work run several times slower (measured: about 3 s on one thread, up to 11 s with two threads
 * on two busy cores, where the compiler threads get little time). Long-running applications do
 * not notice; for a short benchmark, warm up until the timings settle.
 *
 * <p>Threads: {@link #encode(NdArray, int, int, NdArray, int)} and {@link #decode(NdArray, int,
 * int, NdArray, int)} share the rows out over several threads (the calling thread and the common
 * {@link java.util.concurrent.ForkJoinPool}), at least a megabyte each; one row (prediction along
 * the first axis) stays on one thread. Memory of a shared or automatic arena is slower for the
 * JIT than confined memory (its liveness is checked at every access), so the plain loops take
 * rows of up to 256 KiB of it through confined scratch memory.
 *
 * <p>Temporary memory: none when encoding contiguous rows of native memory; {@code
 * (B-1)*samples} bytes when decoding; up to 16 KiB of heap arrays for short rows; one row for
 * heap arrays, strided rows, in place, or rows of
 * shared memory (plain loops); so as much as the array for a one-row heap array (1-D, or along
 * axis 0); the whole array for an output that partly overlaps the input; per thread.
 *
 * <p>Thread-safe: all methods are static and keep no state; concurrent calls on different output
 * arrays do not interfere.
 *
 * {@snippet :
 * float[] field = new float[512 * 512];                       // e.g. a temperature field
 * NdArray predicted = Floatpred.encode(NdArray.of(field, 512, 512), 1, 1); // along rows
 * byte[] raw = predicted.segment().toArray(ValueLayout.JAVA_BYTE);
 * Deflater deflater = new Deflater(9);
 * deflater.setInput(raw);
 * deflater.finish();
 * byte[] zipped = new byte[raw.length + 1024];
 * int zippedSize = deflater.deflate(zipped);                  // smaller than without predicting
 * deflater.end();
 *
 * Inflater inflater = new Inflater();
 * inflater.setInput(zipped, 0, zippedSize);
 * byte[] unzipped = new byte[raw.length];
 * inflater.inflate(unzipped);                                 // throws DataFormatException
 * inflater.end();
 * float[] restored = new float[field.length];
 * Floatpred.decode(NdArray.of(MemorySegment.ofArray(unzipped), DType.FLOAT32, 512, 512), 1, 1,
 *     NdArray.of(restored, 512, 512));                        // restored equals field
 * }
 */
public final class Floatpred {
  /** Unaligned little-endian words, for all the loops of this package. */
  static final ValueLayout.OfLong LONG =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  static final ValueLayout.OfInt INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfShort SHORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

  /**
   * The class of native segments, allocated or mapped (a subclass). Every loop method of this
   * package, plain or vector, begins with {@code NATIVE.cast} of its segments, so that the JIT
   * knows their class without the type profiles of the JDK's segment accessors: those are shared
   * by the whole JVM, and they see heap segments too, from the application or from the Vector
   * API's own code for {@code reinterpretAsLongs} and the like (which stores vectors into heap
   * segments until the JIT has compiled the caller). With both kinds in the profile, every access
   * is checked: the 512-bit encoding ran at 14-20 GB/s in cache instead of 40-50, and the plain
   * loops on native memory at 0.5-0.9 GB/s instead of 1.4-2.9 after some calls on heap arrays
   * (Zen 5, JDK 25). Hence the loops take native segments only; rows of heap arrays go through
   * native scratch rows ({@link Rows}).
   */
  static final Class<? extends MemorySegment> NATIVE = MemorySegment.NULL.getClass();

  private static final DType[] SUPPORTED = {
    DType.FLOAT16, DType.FLOAT32, DType.FLOAT64,
    DType.INT16, DType.UINT16, DType.INT32, DType.UINT32, DType.INT64, DType.UINT64
  };

  /** The top bit of every byte of a word, and the seven bits below it. */
  private static final long H = 0x8080808080808080L;

  private static final long L7 = 0x7F7F7F7F7F7F7F7FL;
  static final long LO = 0x00000000FFFFFFFFL;
  private static final long HI = 0xFFFFFFFF00000000L;

  /**
   * The Vector API loops when the JVM runs with {@code --add-modules jdk.incubator.vector}, or why
   * not. Last among the fields but {@link #VECTOR}: finding them runs a self-test through this class.
   */
  private static final VectorLoops.Choice LOOPS = VectorLoops.choose();

  /** The Vector API loops, or null: then the plain loops. */
  static final VectorLoops VECTOR = LOOPS.loops();

  private Floatpred() {}

  /**
   * Whether the Vector API loops are in use: the JVM runs with {@code --add-modules
   * jdk.incubator.vector}, has 256-bit vectors, and the loops passed their self-test. Without them
   * the plain loops give the same bytes, 1.5 to 5.4 times slower.
   */
  public static boolean vectorized() {
    return VECTOR != null;
  }

  /**
   * Which loops are in use, or why not the Vector API ones, in words: for logs and bug reports.
   *
   * <pre>{@code
   * System.out.println(Floatpred.loops());
   * // "vector loops, 256-bit", or for example
   * // "plain loops (the JVM runs without --add-modules jdk.incubator.vector)"
   * }</pre>
   */
  public static String loops() {
    return LOOPS.description();
  }

  /** Always true: the predictor is pure Java. */
  public static boolean available() {
    return true;
  }

  /**
   * {@code "floatpred java"}: this pure-Java predictor. It writes the bytes of imagecodecs'
   * {@code imcd} module, whose {@code floatpred_version()} says {@code "imcd 2026.3.6"}.
   */
  public static String version() {
    return "floatpred java";
  }

  /**
   * Always {@link Optional#empty()}, unknown: predicted data is an array of the input's dtype with
   * no signature (imagecodecs' {@code floatpred_check} returns None).
   */
  public static Optional<Boolean> check(MemorySegment data) {
    Check.notNull(data, "data");
    return Optional.empty();
  }

  /** {@link #check(MemorySegment)} for a byte array: always {@link Optional#empty()}. */
  public static Optional<Boolean> check(byte[] data) {
    Check.notNull(data, "data");
    return Optional.empty();
  }

  // ---- encode ------------------------------------------------------------------------------

  /** Predicts along the last axis with distance 1 into a new heap array. */
  public static NdArray encode(NdArray data) {
    return encode(data, -1, 1, (NdArray) null);
  }

  /** Predicts along {@code axis} with distance {@code dist} into a new heap array. */
  public static NdArray encode(NdArray data, int axis, int dist) {
    return encode(data, axis, dist, (NdArray) null);
  }

  /**
   * Predicts along {@code axis} with distance {@code dist} into {@code out} (imagecodecs' {@code
   * floatpred_encode(data, axis=axis, dist=dist, out=out)}).
   *
   * @param data the array: a dtype of 2, 4 or 8 bytes, any shape and layout
   * @param axis the axis to predict along; negative counts from the end (-1 is the last)
   * @param dist 1, 2 or 4: the distance in steps along {@code axis}
   * @param out where to write: an array of the same shape and dtype, {@code data} itself, or null
   *     for a new C-contiguous heap array (see the class description for what is allowed)
   * @return {@code out}, or the new array
   * @throws IllegalArgumentException for an unsupported dtype, an axis outside the array, a
   *     distance other than 1, 2 or 4, or an {@code out} of another shape or dtype, read-only, or
   *     whose elements share memory
   * @throws FloatpredException if {@code shape[axis]} is not a multiple of {@code dist}
   */
  public static NdArray encode(NdArray data, int axis, int dist, NdArray out) {
    return code(VECTOR, true, data, axis, dist, out, null);
  }

  /**
   * {@link #encode(NdArray, int, int, NdArray)} on up to {@code threads} threads: rows (see the
   * class description) are shared out, at least a megabyte to each thread; the bytes are the same
   * as in one thread.
   *
   * {@snippet :
   * try (Arena arena = Arena.ofShared()) {                     // memory other threads may use
   *   NdArray field = NdArray.allocate(arena, DType.FLOAT32, 4096, 4096);
   *   NdArray predicted = NdArray.allocate(arena, DType.FLOAT32, 4096, 4096);
   *   Floatpred.encode(field, -1, 1, predicted, 0);            // one thread per processor
   * }
   * }
   *
   * @param threads 1 for the calling thread alone (what the other methods do), 0 for one per
   *     processor, or the most threads to use (up to 1024): the calling thread and threads of the
   *     common {@link java.util.concurrent.ForkJoinPool}. Memory confined to the calling thread
   *     (an {@link Arena#ofConfined()} arena's) is always done in the calling thread alone.
   * @throws IllegalArgumentException as for {@link #encode(NdArray, int, int, NdArray)}, and for
   *     {@code threads} outside 0..1024
   */
  public static NdArray encode(NdArray data, int axis, int dist, NdArray out, int threads) {
    return code(VECTOR, true, data, axis, dist, out, null, threads);
  }

  /** Predicts into a new C-contiguous array whose memory comes from the allocator. */
  public static NdArray encode(NdArray data, int axis, int dist, SegmentAllocator allocator) {
    return code(VECTOR, true, data, axis, dist, null, Check.notNull(allocator, "allocator"));
  }

  /**
   * Predicts into a new array from the allocator on up to {@code threads} threads (see {@link
   * #encode(NdArray, int, int, NdArray, int)}).
   */
  public static NdArray encode(
      NdArray data, int axis, int dist, SegmentAllocator allocator, int threads) {
    return code(
        VECTOR, true, data, axis, dist, null, Check.notNull(allocator, "allocator"), threads);
  }

  // ---- decode ------------------------------------------------------------------------------

  /** Undoes {@link #encode(NdArray)} (last axis, distance 1) into a new heap array. */
  public static NdArray decode(NdArray data) {
    return decode(data, -1, 1, (NdArray) null);
  }

  /** Undoes the prediction along {@code axis} with distance {@code dist} into a new heap array. */
  public static NdArray decode(NdArray data, int axis, int dist) {
    return decode(data, axis, dist, (NdArray) null);
  }

  /**
   * Undoes the prediction along {@code axis} with distance {@code dist} (imagecodecs' {@code
   * floatpred_decode(data, axis=axis, dist=dist, out=out)}); {@code data} is not modified unless
   * it is {@code out}.
   *
   * @param data predicted data, viewed with the original dtype and shape
   * @param axis and {@code dist}: those used for encoding
   * @param out where to write (as for {@link #encode(NdArray, int, int, NdArray)}), or null
   * @return {@code out}, or the new array
   * @throws IllegalArgumentException as for {@link #encode(NdArray, int, int, NdArray)}
   * @throws FloatpredException if {@code shape[axis]} is not a multiple of {@code dist}
   */
  public static NdArray decode(NdArray data, int axis, int dist, NdArray out) {
    return code(VECTOR, false, data, axis, dist, out, null);
  }

  /**
   * {@link #decode(NdArray, int, int, NdArray)} on up to {@code threads} threads, as {@link
   * #encode(NdArray, int, int, NdArray, int)} does it; the result is the same as in one thread.
   *
   * @throws IllegalArgumentException as for {@link #decode(NdArray, int, int, NdArray)}, and for
   *     {@code threads} outside 0..1024
   */
  public static NdArray decode(NdArray data, int axis, int dist, NdArray out, int threads) {
    return code(VECTOR, false, data, axis, dist, out, null, threads);
  }

  /** Undoes the prediction into a new C-contiguous array whose memory comes from the allocator. */
  public static NdArray decode(NdArray data, int axis, int dist, SegmentAllocator allocator) {
    return code(VECTOR, false, data, axis, dist, null, Check.notNull(allocator, "allocator"));
  }

  /** Undoes the prediction into a new array from the allocator on up to {@code threads} threads. */
  public static NdArray decode(
      NdArray data, int axis, int dist, SegmentAllocator allocator, int threads) {
    return code(
        VECTOR, false, data, axis, dist, null, Check.notNull(allocator, "allocator"), threads);
  }

  /** Whether the vector loops give the plain loops' bytes, both ways, on a few awkward shapes. */
  static boolean selfTest(VectorLoops loops) {
    try (Arena arena = Arena.ofConfined()) {
      for (DType dtype : new DType[] {DType.FLOAT16, DType.FLOAT32, DType.FLOAT64}) {
        // distances 1, 2, 3, 4, 5, 8 and beyond a 64-element block, rows of several blocks
        for (long[] shape : new long[][] {
            {3, 70}, {70, 3}, {2, 9, 5}, {200}, {130, 4}, {3, 100, 2}, {90, 8}}) {
          NdArray data = NdArray.allocate(arena, dtype, shape);
          MemorySegment m = data.segment();
          for (long i = 0; i < m.byteSize(); i++) {
            m.set(BYTE, i, (byte) (i * 37 + (i >> 3) * 11));
          }
          for (int axis = 0; axis < shape.length; axis++) {
            NdArray plain = code(null, true, data, axis, 1, null, arena);
            NdArray fast = code(loops, true, data, axis, 1, null, arena);
            if (plain.segment().mismatch(fast.segment()) != -1
                || code(loops, false, plain, axis, 1, null, arena).segment().mismatch(m) != -1) {
              return false;
            }
          }
        }
      }
      return true;
    }
  }

  // ---- arguments, rows, layouts --------------------------------------------------------------

  /** Encodes or decodes in the calling thread. */
  static NdArray code(
      VectorLoops loops, boolean encode, NdArray data, int axis, int dist, NdArray out,
      SegmentAllocator allocator) {
    return code(loops, encode, data, axis, dist, out, allocator, 1);
  }

  /**
   * Encodes or decodes, with the vector loops, or without them when {@code loops} is null, on up
   * to {@code threads} threads (0: one per processor).
   */
  static NdArray code(
      VectorLoops loops, boolean encode, NdArray data, int axis, int dist, NdArray out,
      SegmentAllocator allocator, int threads) {
    return code(loops, encode, data, axis, dist, out, allocator, threads, MIN_BYTES_PER_THREAD);
  }

  /** As above, at least {@code minBytesPerThread} bytes per thread (tests split tiny arrays). */
  static NdArray code(
      VectorLoops loops, boolean encode, NdArray data, int axis, int dist, NdArray out,
      SegmentAllocator allocator, int threads, long minBytesPerThread) {
    return code(loops, encode, data, axis, dist, out, allocator, threads, minBytesPerThread, true);
  }

  /**
   * As above; {@code smallRows}: whether short rows may go through {@link SmallRows} (the tests
   * also run them through the row kernels).
   */
  static NdArray code(
      VectorLoops loops, boolean encode, NdArray data, int axis, int dist, NdArray out,
      SegmentAllocator allocator, int threads, long minBytesPerThread, boolean smallRows) {
    Check.notNull(data, "data");
    DType dtype = Check.dtype(data.dtype(), "data", "floatpred", SUPPORTED);
    int ndim = data.ndim();
    if (axis < -ndim || axis >= ndim) {
      throw new IllegalArgumentException(
          "axis " + axis + " is outside the " + ndim + " dimensions of " + data);
    }
    int ax = axis < 0 ? axis + ndim : axis;
    if (dist != 1 && dist != 2 && dist != 4) {
      throw new IllegalArgumentException(
          "dist=" + dist + " is not a predictor distance (1, 2 or 4)");
    }
    if (threads < 0 || threads > MAX_THREADS) {
      throw new IllegalArgumentException(
          "threads must be 0 (one per processor) to " + MAX_THREADS + ", got " + threads);
    }
    long[] shape = data.shape();
    if (out == null) {
      out = allocator == null ? heapArray(dtype, shape) : NdArray.allocate(allocator, dtype, shape);
    } else {
      checkOut(data, out);
    }
    if (data.size() == 0) {
      return out;
    }
    if (shape[ax] % dist != 0) {
      // imagecodecs: "imcd_byteshuffle returned IMCD_VALUE_ERROR" (the row is not whole samples)
      throw new FloatpredException(
          "shape[" + ax + "]=" + shape[ax] + " of " + Arrays.toString(shape)
              + " is not a multiple of dist=" + dist);
    }
    try (Arena arena = Arena.ofConfined()) {
      NdArray src = data;
      boolean inPlace = false;
      MemorySegment a = data.segment();
      MemorySegment o = out.segment();
      Optional<MemorySegment> shared = a.asOverlappingSlice(o);
      if (shared.isPresent()) {
        // the same start: each segment's overlap with the other begins at its own first byte
        boolean sameStart =
            shared.get().address() == a.address()
                && o.asOverlappingSlice(a).orElseThrow().address() == o.address();
        if (sameStart && Arrays.equals(data.strides(), out.strides())) {
          inPlace = true; // each row is read whole into scratch before it is written
        } else {
          // Any other overlap: a snapshot, so that no element is read after it was written.
          src = NdArray.allocate(arena, dtype, shape);
          data.copyTo(src);
        }
      }
      Rows job = new Rows(loops, encode, src, out, ax, dtype.byteSize(), dist, inPlace, smallRows);
      job.run(workers(threads, job, src, out, minBytesPerThread));
    }
    return out;
  }

  /** The most threads one call takes. */
  static final int MAX_THREADS = 1024;

  /**
   * Rows of shared memory up to this size go through scratch memory for the plain loops (half an
   * L2; see {@code stage}).
   */
  static final long MAX_STAGED_ROW = 256 << 10;

  /**
   * Rows up to this size are decoded in one pass by the vector loops ({@code onePass} here, {@link
   * WideRunningSums#decodeRow} for the 512-bit ones): small enough that they are still in cache
   * for the second pass, which adds what each element is owed.
   */
  static final long MAX_ONE_PASS_ROW = 256 << 10;

  private static final MemorySegment.Scope GLOBAL = Arena.global().scope();

  /** Below this many bytes per thread, handing rows to another thread costs more than it saves. */
  static final long MIN_BYTES_PER_THREAD = 1 << 20;

  /**
   * How many threads share the rows: {@code threads} (0: one per processor), but no more than there
   * are rows or megabytes, and one if either array's memory is confined to the calling thread.
   */
  private static int workers(int threads, Rows job, NdArray src, NdArray out, long minBytes) {
    long wanted = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    long n = Math.min(wanted, Math.min(job.rows, job.rows * job.rowBytes / minBytes));
    if (n <= 1) {
      return 1;
    }
    return otherThreadsMayAccess(src.segment()) && otherThreadsMayAccess(out.segment())
        ? (int) n
        : 1;
  }

  /** Whether threads other than the calling one may access the segment (it is not confined). */
  private static boolean otherThreadsMayAccess(MemorySegment m) {
    return m.isAccessibleBy(Thread.ofVirtual().unstarted(() -> {}));
  }

  /**
   * The rows of one call: each row is the elements sharing the indices before {@code axis}, taken
   * in C order, transformed on its own. Rows are split into contiguous ranges, one per thread; each
   * range has its own scratch memory.
   */
  private static final class Rows {
    private final VectorLoops loops;
    private final boolean encode;
    private final MemorySegment srcSeg;
    private final MemorySegment outSeg;
    private final long[] shape;
    private final long[] srcStrides;
    private final long[] outStrides;
    private final int ax;
    private final int b;
    /** Elements in a row, the distance in elements, rows, bytes in a row. */
    private final long n;

    private final long s;
    final long rows;
    final long rowBytes;
    /** Whether the kernels read (write) the arrays themselves, not scratch rows. */
    private final boolean srcDirect;

    private final boolean outDirect;
    /** Whether each row's elements lie one after the other: one bulk copy to or from scratch. */
    private final boolean srcContiguous;

    private final boolean outContiguous;
    /** Whether rows are short and lie one after the other in both arrays: {@link SmallRows}. */
    private final boolean small;

    Rows(VectorLoops loops, boolean encode, NdArray src, NdArray out, int ax, int b, int dist,
        boolean inPlace, boolean smallRows) {
      this.loops = loops;
      this.encode = encode;
      this.srcSeg = src.segment();
      this.outSeg = out.segment();
      this.shape = src.shape();
      this.srcStrides = src.strides();
      this.outStrides = out.strides();
      this.ax = ax;
      this.b = b;
      long inner = 1;
      for (int i = ax + 1; i < shape.length; i++) {
        inner *= shape[i];
      }
      this.n = shape[ax] * inner;
      this.s = inner * dist;
      long r = 1;
      for (int i = 0; i < ax; i++) {
        r *= shape[i];
      }
      this.rows = r;
      this.rowBytes = n * b;
      this.srcContiguous = rowContiguous(shape, srcStrides, ax);
      this.outContiguous = rowContiguous(shape, outStrides, ax);
      this.srcDirect = !inPlace && srcContiguous && !stage(loops, srcSeg, rowBytes);
      this.outDirect = outContiguous && !stage(loops, outSeg, rowBytes);
      this.small = smallRows && rowBytes <= SmallRows.maxRowBytes(encode, loops != null)
          && src.isContiguous() && out.isContiguous();
    }

    /**
     * Whether contiguous rows of this segment go through scratch memory: always when it is not
     * native memory (heap arrays), which the loops do not take ({@link #NATIVE}); for the plain
     * loops also rows of up to MAX_STAGED_ROW bytes when each access would be checked (see
     * below; the vector loops make few enough accesses that the bulk copies would cost more, and
     * longer rows would be copied out of cache).
     */
    private static boolean stage(VectorLoops loops, MemorySegment m, long rowBytes) {
      if (!NATIVE.isInstance(m)) {
        return true;
      }
      return loops == null && rowBytes <= MAX_STAGED_ROW && checkedPerAccess(m);
    }

    /**
     * Whether the JIT checks that this segment's arena is open at every access, rather than once
     * per loop: memory of a shared or automatic arena, which another thread may close at any
     * time. The plain loops then run two to three times slower on it (measured, JDK 25), so rows
     * of such memory go through confined scratch memory, one bulk copy in and out.
     */
    private static boolean checkedPerAccess(MemorySegment m) {
      return m.isNative() && !m.scope().equals(GLOBAL) && otherThreadsMayAccess(m);
    }

    /** All rows, on {@code workers} threads: the caller's and others from the common pool. */
    void run(int workers) {
      if (workers == 1) {
        run(0, rows);
        return;
      }
      List<ForkJoinTask<?>> others = new ArrayList<>(workers - 1);
      for (int w = 1; w < workers; w++) {
        long from = start(w, workers);
        long to = start(w + 1, workers);
        others.add(ForkJoinTask.adapt(() -> run(from, to)).fork());
      }
      try {
        run(0, start(1, workers));
      } finally {
        // every range is finished before the call returns, also when one of them failed
        for (ForkJoinTask<?> t : others) {
          t.quietlyJoin();
        }
      }
      for (ForkJoinTask<?> t : others) {
        t.join(); // rethrows what a range threw
      }
    }

    /** The first row of range {@code w} of {@code workers}: ranges differ by a row at most. */
    private long start(int w, int workers) {
      return rows / workers * w + Math.min(w, rows % workers);
    }

    /** Rows {@code from} to {@code to}, in the calling thread. */
    void run(long from, long to) {
      if (small) {
        SmallRows.code(encode, srcSeg, from * rowBytes, outSeg, from * rowBytes, to - from,
            (int) n, (int) s, b);
        return;
      }
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment inRow = srcDirect ? null : arena.allocate(rowBytes, 8);
        MemorySegment outRow = outDirect ? null : arena.allocate(rowBytes, 8);
        MemorySegment sums = encode ? null : arena.allocate((b - 1) * s, 8);
        long[] acc = encode ? null : new long[MAX_PERIOD_WORDS];
        byte[] owed = !encode && onePass(loops, rowBytes, s, b) ? new byte[owedPeriod(s, b)] : null;
        long[] rowStrides = contiguous(shape, ax);
        VectorLoops v = loops;
        // the first row's indices before `axis`, and its first element in each array
        long[] index = new long[ax];
        long srcElem = 0;
        long outElem = 0;
        long rest = from;
        for (int i = ax - 1; i >= 0; i--) {
          index[i] = rest % shape[i];
          rest /= shape[i];
          srcElem += index[i] * srcStrides[i];
          outElem += index[i] * outStrides[i];
        }
        for (long r = from; r < to; r++) {
          MemorySegment src = srcSeg;
          long srcOff = srcElem * b;
          if (srcContiguous && !srcDirect) {
            MemorySegment.copy(srcSeg, srcElem * b, inRow, 0, rowBytes);
            src = inRow;
            srcOff = 0;
          } else if (!srcDirect) {
            copyRow(srcSeg, srcElem, srcStrides, inRow, 0, rowStrides, shape, ax, b);
            src = inRow;
            srcOff = 0;
          }
          MemorySegment dst = outDirect ? outSeg : outRow;
          long dstOff = outDirect ? outElem * b : 0;
          if (encode) {
            switch (b) {
              case 2 -> encode2(v, src, srcOff, dst, dstOff, n, s);
              case 4 -> encode4(v, src, srcOff, dst, dstOff, n, s);
              default -> encode8(v, src, srcOff, dst, dstOff, n, s);
            }
          } else if (v == null || !v.decodeRow(b, src, srcOff, dst, dstOff, n, s)) {
            // in one pass, each plane starts from zero (sums stay as allocated: zero), and what
            // it is owed comes after
            if (owed == null) {
              residueSums(v, src, srcOff, n, s, b - 1, sums, acc);
            }
            switch (b) {
              case 2 -> decode2(v, src, srcOff, dst, dstOff, n, s, sums);
              case 4 -> decode4(v, src, srcOff, dst, dstOff, n, s, sums);
              default -> decode8(v, src, srcOff, dst, dstOff, n, s, sums);
            }
            if (owed != null) {
              owed(dst, dstOff, n, s, b, owed);
              v.addRepeated(dst, dstOff, rowBytes, owed);
            }
          }
          if (outContiguous && !outDirect) {
            MemorySegment.copy(outRow, 0, outSeg, outElem * b, rowBytes);
          } else if (!outDirect) {
            copyRow(outRow, 0, rowStrides, outSeg, outElem, outStrides, shape, ax, b);
          }
          // next row: odometer over the axes before `axis`
          for (int i = ax - 1; i >= 0; i--) {
            srcElem += srcStrides[i];
            outElem += outStrides[i];
            if (++index[i] < shape[i]) {
              break;
            }
            srcElem -= shape[i] * srcStrides[i];
            outElem -= shape[i] * outStrides[i];
            index[i] = 0;
          }
        }
      }
    }
  }

  /**
   * Whether the vector loops decode a row in one pass: each plane's running sums from zero (no
   * residue sums first), then, in cache, what each element's planes were owed by the planes before
   * ({@link #owed}) added to the row. For rows up to {@link #MAX_ONE_PASS_ROW} bytes and periods
   * s*b up to 256 bytes. Instead of reading the row from memory
   * for the sums and then decoding it from cache, the decoding reads it from memory while it
   * computes (AVX2 Zen 3, 64 MiB, old and new builds taking turns: float64 RGB rows 0.40-0.41 ->
   * 0.49-0.50 of a copy, float64 rows 0.39-0.42 -> 0.43-0.46, float32 rows 0.47 -> 0.57). The
   * 512-bit loops have their own ({@link VectorLoops#decodeRow}).
   */
  private static boolean onePass(VectorLoops loops, long rowBytes, long s, int b) {
    return loops != null && rowBytes <= MAX_ONE_PASS_ROW && s * b <= 256;
  }

  /** The length of {@link #owed}'s pattern: lcm(s*b, 32) bytes (32 to 4096). */
  private static int owedPeriod(long s, int b) {
    return (int) (s * b * 32 / gcd(s * b, 32));
  }

  /**
   * What the elements of a row decoded plane by plane from zero are owed, repeated over {@code
   * pattern}: element n - s + r (residue r; n is a multiple of s) holds plane k's total of residue
   * r in its byte b-1-k, and each plane is owed the totals of the planes before it, the bytes above
   * its own. What is owed repeats every s elements; the pattern's length is a multiple of s*b
   * (here lcm(s*b, 32), in {@link WideRunningSums} lcm(s*b, 64)).
   */
  static void owed(MemorySegment dst, long d, long n, long s, int b, byte[] pattern) {
    int v = pattern.length / b;
    for (int r = 0; r < s; r++) {
      long e = d + b * (n - s + r);
      long last = switch (b) {
        case 2 -> dst.get(SHORT, e) & 0xFFFFL;
        case 4 -> dst.get(INT, e) & 0xFFFFFFFFL;
        default -> dst.get(LONG, e);
      };
      long c = 0;
      for (int m = 1; m < b; m++) {
        c = add8(c, last >>> 8 * m);
      }
      for (int q = r; q < v; q += (int) s) {
        for (int p = 0; p < b; p++) {
          pattern[q * b + p] = (byte) (c >>> 8 * p);
        }
      }
    }
  }

  private static void checkOut(NdArray data, NdArray out) {
    Check.writable(out, "out");
    if (out.dtype() != data.dtype() || !Arrays.equals(out.shape(), data.shape())) {
      throw new IllegalArgumentException(
          "out " + out + " must have the shape and dtype of data " + data);
    }
    // Elements written twice would leave whichever came last: refuse views such as stride 0.
    long[] shape = out.shape();
    long[] strides = out.strides();
    Integer[] order = new Integer[shape.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Long.compare(strides[x], strides[y]));
    long span = 0; // elements covered by the smaller-stride axes, minus one
    for (int i : order) {
      if (shape[i] > 1) {
        if (strides[i] <= span) {
          throw new IllegalArgumentException(
              "out " + out + " has elements that share memory; it cannot be written");
        }
        span += (shape[i] - 1) * strides[i];
      }
    }
  }

  /** Whether the elements of each row (axes {@code ax...}) lie one after the other. */
  private static boolean rowContiguous(long[] shape, long[] strides, int ax) {
    long expected = 1;
    for (int i = shape.length - 1; i >= ax; i--) {
      if (shape[i] != 1 && strides[i] != expected) {
        return false;
      }
      expected *= shape[i];
    }
    return true;
  }

  /** A new C-contiguous array on the Java heap: no arena to close, the collector frees it. */
  private static NdArray heapArray(DType dtype, long[] shape) {
    long size = 1;
    for (long n : shape) {
      size *= n;
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "a " + dtype + " array of shape " + Arrays.toString(shape)
              + " does not fit a Java array: pass out or an allocator");
    }
    int len = (int) size;
    return switch (dtype) {
      case FLOAT32 -> NdArray.of(new float[len], shape);
      case FLOAT64 -> NdArray.of(new double[len], shape);
      case INT32, UINT32 -> NdArray.of(new int[len], dtype, shape);
      case INT64, UINT64 -> NdArray.of(new long[len], dtype, shape);
      default -> NdArray.of(new short[len], dtype, shape);
    };
  }

  /**
   * Copies one row (axes {@code ax...}) between two layouts: from a strided array into a
   * contiguous scratch row (gather), or back (scatter). Runs along the last axis that are
   * contiguous on both sides are bulk copies.
   */
  private static void copyRow(
      MemorySegment from, long fromElem, long[] fromStrides,
      MemorySegment to, long toElem, long[] toStrides,
      long[] shape, int ax, int b) {
    int last = shape.length - 1;
    long[] fs = fromStrides;
    long[] ts = toStrides;
    long len = shape[last];
    long fStep = fs[last];
    long tStep = ts[last];
    long[] index = new long[shape.length];
    long f = fromElem;
    long t = toElem;
    while (true) {
      if (fStep == 1 && tStep == 1) {
        MemorySegment.copy(from, f * b, to, t * b, len * b);
      } else {
        switch (b) {
          case 2 -> {
            for (long i = 0; i < len; i++) {
              to.set(SHORT, (t + i * tStep) * 2, from.get(SHORT, (f + i * fStep) * 2));
            }
          }
          case 4 -> {
            for (long i = 0; i < len; i++) {
              to.set(INT, (t + i * tStep) * 4, from.get(INT, (f + i * fStep) * 4));
            }
          }
          default -> {
            for (long i = 0; i < len; i++) {
              to.set(LONG, (t + i * tStep) * 8, from.get(LONG, (f + i * fStep) * 8));
            }
          }
        }
      }
      int i = last - 1;
      for (; i >= ax; i--) {
        f += fs[i];
        t += ts[i];
        if (++index[i] < shape[i]) {
          break;
        }
        f -= shape[i] * fs[i];
        t -= shape[i] * ts[i];
        index[i] = 0;
      }
      if (i < ax) {
        return;
      }
    }
  }

  private static long[] contiguous(long[] shape, int ax) {
    long[] strides = new long[shape.length];
    long stride = 1;
    for (int i = shape.length - 1; i >= ax; i--) {
      strides[i] = stride;
      stride *= shape[i];
    }
    return strides;
  }

  // ---- byte arithmetic in 64-bit words -------------------------------------------------------
  // The predictor works on bytes mod 256. Eight of them are handled at once in a long: adding or
  // subtracting with the top bit of each byte kept out of the carry chain and fixed up after.

  /** Bytewise {@code x + y} (mod 256 in every byte). */
  static long add8(long x, long y) {
    return ((x & L7) + (y & L7)) ^ ((x ^ y) & H);
  }

  /** Bytewise {@code x - y} (mod 256 in every byte). */
  static long sub8(long x, long y) {
    return ((x | H) - (y & L7)) ^ ((x ^ ~y) & H);
  }

  // ---- the per-row transforms ------------------------------------------------------------------
  // A row is n elements at byte offset so of src; its planes go to n bytes each at d + k*n of dst
  // (k = 0 the most significant byte). Byte j of the plane sequence minus byte j - s is, per
  // element i >= s, simply element i minus element i - s, byte by byte; for i < s, byte k of
  // element i minus byte k - 1 (one more significant) of element n - s + i, the last elements of
  // the plane before: element n - s + i shifted down by one byte. So each step takes eight
  // elements, subtracts their predecessors as words and only then transposes bytes into planes:
  // one pass over the data.
  //
  // Each kernel runs separate loops for the first s elements, the rest in steps of eight, and the
  // ragged ends one element at a time, so that every access in a loop happens in every iteration:
  // the JIT then checks bounds once per loop, not per access (a conditional access whose hoisted
  // check fails for some iteration sends the compiled loop back to the interpreter, again and
  // again).

  /** Encodes a row of 2-byte elements: eight elements are two words, the two planes two words. */
  private static void encode2(
      VectorLoops v, MemorySegment src, long so, MemorySegment dst, long d, long n, long s) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    final long m = 0x00FF00FF00FF00FFL;
    long w = so + 2 * (n - s);
    long i = 0;
    for (int steps = steps(i, s); steps > 0; steps = steps(i, s)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        long a = so + 2 * j;
        long b = w + 2 * j;
        long y0 = (src.get(LONG, b) >>> 8) & m;
        long y1 = (src.get(LONG, b + 8) >>> 8) & m;
        put2(dst, d, n, j, sub8(src.get(LONG, a), y0), sub8(src.get(LONG, a + 8), y1));
      }
      i += 8L * steps;
    }
    for (; i < s; i++) {
      encodeItem2(src, so, dst, d, n, i, (src.get(SHORT, w + 2 * i) & 0xFFFF) >>> 8);
    }
    if (v != null) {
      i = v.encode(2, src, so, dst, d, n, s, i);
    }
    for (int steps = steps(i, n); steps > 0; steps = steps(i, n)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        long a = so + 2 * j;
        long b = a - 2 * s;
        put2(dst, d, n, j,
            sub8(src.get(LONG, a), src.get(LONG, b)), sub8(src.get(LONG, a + 8), src.get(LONG, b + 8)));
      }
      i += 8L * steps;
    }
    for (; i < n; i++) {
      encodeItem2(src, so, dst, d, n, i, src.get(SHORT, so + 2 * (i - s)));
    }
  }

  /** Transposes eight 2-byte elements (two words) into the two planes at element {@code i}. */
  private static void put2(MemorySegment dst, long d, long n, long i, long x0, long x1) {
    dst = NATIVE.cast(dst);
    x0 = unzip2(x0);
    x1 = unzip2(x1);
    dst.set(LONG, d + n + i, (x0 & LO) | (x1 << 32));
    dst.set(LONG, d + i, (x0 >>> 32) | (x1 & HI));
  }

  /** Bytes {@code a0 a1 b0 b1 c0 c1 d0 d1} to {@code a0 b0 c0 d0 a1 b1 c1 d1}. */
  private static long unzip2(long x) {
    long t = ((x >>> 8) ^ x) & 0x0000FF000000FF00L;
    x ^= t ^ (t << 8);
    t = ((x >>> 16) ^ x) & 0x00000000FFFF0000L;
    return x ^ t ^ (t << 16);
  }

  /** The inverse of {@link #unzip2}: the same two swaps in the other order. */
  private static long zip2(long x) {
    long t = ((x >>> 16) ^ x) & 0x00000000FFFF0000L;
    x ^= t ^ (t << 16);
    t = ((x >>> 8) ^ x) & 0x0000FF000000FF00L;
    return x ^ t ^ (t << 8);
  }

  /** Encodes element i alone, given what it is predicted from ({@code w}, see encode2). */
  private static void encodeItem2(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long i, long w) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    long x = sub8(src.get(SHORT, so + 2 * i), w);
    dst.set(BYTE, d + i, (byte) (x >>> 8));
    dst.set(BYTE, d + n + i, (byte) x);
  }

  /** Encodes a row of 4-byte elements: eight elements are four words of two each. */
  private static void encode4(
      VectorLoops v, MemorySegment src, long so, MemorySegment dst, long d, long n, long s) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    final long m = 0x00FFFFFF00FFFFFFL;
    long w = so + 4 * (n - s);
    long i = 0;
    for (int steps = steps(i, s); steps > 0; steps = steps(i, s)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        long a = so + 4 * j;
        long b = w + 4 * j;
        put4(dst, d, n, j,
            sub8(src.get(LONG, a), (src.get(LONG, b) >>> 8) & m),
            sub8(src.get(LONG, a + 8), (src.get(LONG, b + 8) >>> 8) & m),
            sub8(src.get(LONG, a + 16), (src.get(LONG, b + 16) >>> 8) & m),
            sub8(src.get(LONG, a + 24), (src.get(LONG, b + 24) >>> 8) & m));
      }
      i += 8L * steps;
    }
    for (; i < s; i++) {
      encodeItem4(src, so, dst, d, n, i, src.get(INT, w + 4 * i) >>> 8);
    }
    if (v != null) {
      i = v.encode(4, src, so, dst, d, n, s, i);
    }
    for (int steps = steps(i, n); steps > 0; steps = steps(i, n)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        long a = so + 4 * j;
        long b = a - 4 * s;
        put4(dst, d, n, j,
            sub8(src.get(LONG, a), src.get(LONG, b)),
            sub8(src.get(LONG, a + 8), src.get(LONG, b + 8)),
            sub8(src.get(LONG, a + 16), src.get(LONG, b + 16)),
            sub8(src.get(LONG, a + 24), src.get(LONG, b + 24)));
      }
      i += 8L * steps;
    }
    for (; i < n; i++) {
      encodeItem4(src, so, dst, d, n, i, src.get(INT, so + 4 * (i - s)));
    }
  }

  /**
   * Transposes eight 4-byte elements (x0 = elements 0 and 1, ... x3 = 6 and 7) into the four
   * planes at element {@code i}: two 4x4 byte transposes (elements 0-3 and 4-7), then halves
   * merged.
   */
  private static void put4(
      MemorySegment dst, long d, long n, long i, long x0, long x1, long x2, long x3) {
    dst = NATIVE.cast(dst);
    long t = ((x0 >>> 16) ^ x1) & 0x0000FFFF0000FFFFL;
    x0 ^= t << 16;
    x1 ^= t;
    t = ((x2 >>> 16) ^ x3) & 0x0000FFFF0000FFFFL;
    x2 ^= t << 16;
    x3 ^= t;
    x0 = swap4(x0);
    x1 = swap4(x1);
    x2 = swap4(x2);
    x3 = swap4(x3);
    // byte k of elements 0-3 is now half k of (x0, x1); of elements 4-7, of (x2, x3)
    dst.set(LONG, d + 3 * n + i, (x0 & LO) | (x2 << 32));
    dst.set(LONG, d + 2 * n + i, (x0 >>> 32) | (x2 & HI));
    dst.set(LONG, d + n + i, (x1 & LO) | (x3 << 32));
    dst.set(LONG, d + i, (x1 >>> 32) | (x3 & HI));
  }

  /** Swaps bytes 1 and 4, and 3 and 6: the second step of a 4x4 transpose of two-row words. */
  private static long swap4(long x) {
    long t = ((x >>> 24) ^ x) & 0x00000000FF00FF00L;
    return x ^ t ^ (t << 24);
  }

  /** Encodes element i alone, given what it is predicted from ({@code w}, see encode4). */
  private static void encodeItem4(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long i, long w) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    long x = sub8(src.get(INT, so + 4 * i), w);
    dst.set(BYTE, d + i, (byte) (x >>> 24));
    dst.set(BYTE, d + n + i, (byte) (x >>> 16));
    dst.set(BYTE, d + 2 * n + i, (byte) (x >>> 8));
    dst.set(BYTE, d + 3 * n + i, (byte) x);
  }

  /** Encodes a row of 8-byte elements: eight elements, an 8x8 byte transpose, eight planes. */
  private static void encode8(
      VectorLoops v, MemorySegment src, long so, MemorySegment dst, long d, long n, long s) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    long w = so + 8 * (n - s);
    long i = 0;
    for (int steps = steps(i, s); steps > 0; steps = steps(i, s)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        long a = so + 8 * j;
        long b = w + 8 * j;
        put8(dst, d, n, j,
            sub8(src.get(LONG, a), src.get(LONG, b) >>> 8),
            sub8(src.get(LONG, a + 8), src.get(LONG, b + 8) >>> 8),
            sub8(src.get(LONG, a + 16), src.get(LONG, b + 16) >>> 8),
            sub8(src.get(LONG, a + 24), src.get(LONG, b + 24) >>> 8),
            sub8(src.get(LONG, a + 32), src.get(LONG, b + 32) >>> 8),
            sub8(src.get(LONG, a + 40), src.get(LONG, b + 40) >>> 8),
            sub8(src.get(LONG, a + 48), src.get(LONG, b + 48) >>> 8),
            sub8(src.get(LONG, a + 56), src.get(LONG, b + 56) >>> 8));
      }
      i += 8L * steps;
    }
    for (; i < s; i++) {
      encodeItem8(src, so, dst, d, n, i, src.get(LONG, w + 8 * i) >>> 8);
    }
    if (v != null) {
      i = v.encode(8, src, so, dst, d, n, s, i);
    }
    for (int steps = steps(i, n); steps > 0; steps = steps(i, n)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        long a = so + 8 * j;
        long b = a - 8 * s;
        put8(dst, d, n, j,
            sub8(src.get(LONG, a), src.get(LONG, b)),
            sub8(src.get(LONG, a + 8), src.get(LONG, b + 8)),
            sub8(src.get(LONG, a + 16), src.get(LONG, b + 16)),
            sub8(src.get(LONG, a + 24), src.get(LONG, b + 24)),
            sub8(src.get(LONG, a + 32), src.get(LONG, b + 32)),
            sub8(src.get(LONG, a + 40), src.get(LONG, b + 40)),
            sub8(src.get(LONG, a + 48), src.get(LONG, b + 48)),
            sub8(src.get(LONG, a + 56), src.get(LONG, b + 56)));
      }
      i += 8L * steps;
    }
    for (; i < n; i++) {
      encodeItem8(src, so, dst, d, n, i, src.get(LONG, so + 8 * (i - s)));
    }
  }

  /** Transposes eight 8-byte elements into the eight planes at element {@code i}. */
  private static void put8(
      MemorySegment dst, long d, long n, long i,
      long x0, long x1, long x2, long x3, long x4, long x5, long x6, long x7) {
    dst = NATIVE.cast(dst);
    // 8x8 byte transpose: swap 4-byte, then 2-byte, then 1-byte blocks across pairs of rows
    long t;
    t = ((x0 >>> 32) ^ x4) & LO; x0 ^= t << 32; x4 ^= t;
    t = ((x1 >>> 32) ^ x5) & LO; x1 ^= t << 32; x5 ^= t;
    t = ((x2 >>> 32) ^ x6) & LO; x2 ^= t << 32; x6 ^= t;
    t = ((x3 >>> 32) ^ x7) & LO; x3 ^= t << 32; x7 ^= t;
    t = ((x0 >>> 16) ^ x2) & 0x0000FFFF0000FFFFL; x0 ^= t << 16; x2 ^= t;
    t = ((x1 >>> 16) ^ x3) & 0x0000FFFF0000FFFFL; x1 ^= t << 16; x3 ^= t;
    t = ((x4 >>> 16) ^ x6) & 0x0000FFFF0000FFFFL; x4 ^= t << 16; x6 ^= t;
    t = ((x5 >>> 16) ^ x7) & 0x0000FFFF0000FFFFL; x5 ^= t << 16; x7 ^= t;
    t = ((x0 >>> 8) ^ x1) & 0x00FF00FF00FF00FFL; x0 ^= t << 8; x1 ^= t;
    t = ((x2 >>> 8) ^ x3) & 0x00FF00FF00FF00FFL; x2 ^= t << 8; x3 ^= t;
    t = ((x4 >>> 8) ^ x5) & 0x00FF00FF00FF00FFL; x4 ^= t << 8; x5 ^= t;
    t = ((x6 >>> 8) ^ x7) & 0x00FF00FF00FF00FFL; x6 ^= t << 8; x7 ^= t;
    // x_k now holds byte k of the eight elements; plane 0 is byte 7
    dst.set(LONG, d + i, x7);
    dst.set(LONG, d + n + i, x6);
    dst.set(LONG, d + 2 * n + i, x5);
    dst.set(LONG, d + 3 * n + i, x4);
    dst.set(LONG, d + 4 * n + i, x3);
    dst.set(LONG, d + 5 * n + i, x2);
    dst.set(LONG, d + 6 * n + i, x1);
    dst.set(LONG, d + 7 * n + i, x0);
  }

  /** Encodes element i alone, given what it is predicted from ({@code w}, see encode8). */
  private static void encodeItem8(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long i, long w) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    long x = sub8(src.get(LONG, so + 8 * i), w);
    for (int k = 0; k < 8; k++) {
      dst.set(BYTE, d + k * n + i, (byte) (x >>> (56 - 8 * k)));
    }
  }

  // ---- decoding ------------------------------------------------------------------------------

  /** Words in the longest period {@link #residueSums} adds over: lcm(s, 8) bytes for s < 64. */
  private static final int MAX_PERIOD_WORDS = 63;

  /**
   * For the first {@code planes} planes of an encoded row, the sum mod 256 of the bytes of each
   * residue class mod {@code s}: {@code sums[k*s + r] = sum of plane k's bytes r, r+s, r+2s, ...}.
   * The decoded end of plane k (what the first s bytes of plane k+1 were predicted from) is the sum
   * of these over planes 0..k.
   */
  private static void residueSums(
      VectorLoops v, MemorySegment src, long so, long n, long s, int planes, MemorySegment sums,
      long[] acc) {
    src = NATIVE.cast(src);
    sums = NATIVE.cast(sums);
    sums.fill((byte) 0);
    if (v != null && v.residueSums(src, so, n, s, planes, sums)) {
      return;
    }
    if (s >= 64) {
      // long residue classes: the row's s-byte pieces added on top of each other, word by word
      long whole = s & ~7L;
      for (int k = 0; k < planes; k++) {
        long base = so + k * n;
        long out = k * s;
        for (long t = 0; t < n; t += s) {
          long piece = base + t;
          for (long q = 0; q < whole; q += 8) {
            sums.set(LONG, out + q, add8(sums.get(LONG, out + q), src.get(LONG, piece + q)));
          }
          for (long q = whole; q < s; q++) {
            sums.set(BYTE, out + q, (byte) (sums.get(BYTE, out + q) + src.get(BYTE, piece + q)));
          }
        }
      }
      return;
    }
    // short classes: words added over a period of lcm(s, 8) bytes, then folded per residue
    int period = (int) (s * 8 / gcd(s, 8));
    int words = period / 8;
    long full = n - n % period;
    for (int k = 0; k < planes; k++) {
      long base = so + k * n;
      long out = k * s;
      if (words == 1) {
        // four sums, so that the additions do not wait for each other
        long a0 = 0;
        long a1 = 0;
        long a2 = 0;
        long a3 = 0;
        long t = 0;
        for (int steps = steps(t, full / 4); steps > 0; steps = steps(t, full / 4)) {
          for (int q = 0; q < steps; q++) {
            long u = base + 32L * q + 4 * t;
            a0 = add8(a0, src.get(LONG, u));
            a1 = add8(a1, src.get(LONG, u + 8));
            a2 = add8(a2, src.get(LONG, u + 16));
            a3 = add8(a3, src.get(LONG, u + 24));
          }
          t += 8L * steps;
        }
        for (t *= 4; t < full; t += 8) {
          a0 = add8(a0, src.get(LONG, base + t));
        }
        acc[0] = add8(add8(a0, a1), add8(a2, a3));
      } else {
        Arrays.fill(acc, 0, words, 0L);
        for (long t = 0; t < full; t += period) {
          for (int q = 0; q < words; q++) {
            acc[q] = add8(acc[q], src.get(LONG, base + t + 8L * q));
          }
        }
      }
      // residues by a wrapping counter, not a division per byte: this runs once per row
      long r = 0;
      for (int q = 0; q < period; q++) {
        sums.set(BYTE, out + r, (byte) (sums.get(BYTE, out + r) + (acc[q >>> 3] >>> (8 * (q & 7)))));
        r = r + 1 == s ? 0 : r + 1;
      }
      addByResidue(src, base + full, base + n, s, sums, out); // full: a multiple of s
    }
  }

  /**
   * How many 8-element steps fit from {@code i} to {@code end}, at most 2^27: the kernels count
   * steps with an int, for which the JIT checks bounds once per loop rather than per access.
   */
  private static int steps(long i, long end) {
    return (int) Math.min(Math.max(end - i, 0) >>> 3, 1 << 27);
  }

  /**
   * Adds the bytes from {@code from} to {@code to} of {@code src} to the residue sums at {@code
   * out}: the first to residue 0, the next to 1, and so on mod s (residues by a wrapping counter,
   * not a division per byte). For the rest of a plane after whole periods.
   */
  static void addByResidue(
      MemorySegment src, long from, long to, long s, MemorySegment sums, long out) {
    src = NATIVE.cast(src);
    sums = NATIVE.cast(sums);
    long r = 0;
    for (long u = from; u < to; u++) {
      sums.set(BYTE, out + r, (byte) (sums.get(BYTE, out + r) + src.get(BYTE, u)));
      r = r + 1 == s ? 0 : r + 1;
    }
  }

  static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  // Decoding adds instead of subtracting, element by element in order: element i is the
  // transposed bytes plus element i - s, already decoded. Elements i < s need the decoded ends of
  // the planes before, which depend on the whole row; those are running sums, per residue mod s,
  // of the encoded planes (residueSums), added to the first s elements in plane form. The chains
  // for small s are kept in registers: storing an element and reading it back at once would wait
  // for the store.

  /** Decodes a row of 2-byte elements (see {@link #encode2}). */
  private static void decode2(
      VectorLoops v, MemorySegment src, long so, MemorySegment dst, long d, long n, long s,
      MemorySegment sums) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    sums = NATIVE.cast(sums);
    long i = 0;
    for (int steps = steps(i, s); steps > 0; steps = steps(i, s)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        long msb = src.get(LONG, so + j);
        long lsb = add8(src.get(LONG, so + n + j), sums.get(LONG, j)); // plane 1 goes on from plane 0
        dst.set(LONG, d + 2 * j, zip2((lsb & LO) | (msb << 32)));
        dst.set(LONG, d + 2 * j + 8, zip2((lsb >>> 32) | (msb & HI)));
      }
      i += 8L * steps;
    }
    long start = Math.min(n, Math.max(s, 16));
    for (; i < s; i++) {
      decodeItem2(src, so, dst, d, n, i, sums.get(BYTE, i) & 0xFFL);
    }
    for (; i < start; i++) {
      decodeItem2(src, so, dst, d, n, i, dst.get(SHORT, d + 2 * (i - s)));
    }
    if (v != null) {
      i = v.decode(2, src, so, dst, d, n, s, i);
    }
    if (i + 8 <= n) {
      long prev = dst.get(LONG, d + 2 * i - 8); // elements i-4 .. i-1
      if (s == 1) {
        for (int steps = steps(i, n); steps > 0; steps = steps(i, n)) {
          for (int q = 0; q < steps; q++) {
            long j = i + 8L * q;
            long msb = src.get(LONG, so + j);
            long lsb = src.get(LONG, so + n + j);
            long x0 = zip2((lsb & LO) | (msb << 32));
            long x1 = zip2((lsb >>> 32) | (msb & HI));
            // running sums inside each word, then the element before added to all four
            x0 = add8(x0, x0 << 16);
            x0 = add8(x0, x0 << 32);
            x1 = add8(x1, x1 << 16);
            x1 = add8(x1, x1 << 32);
            x0 = add8(x0, (prev >>> 48) * 0x0001000100010001L);
            x1 = add8(x1, (x0 >>> 48) * 0x0001000100010001L);
            dst.set(LONG, d + 2 * j, x0);
            dst.set(LONG, d + 2 * j + 8, x1);
            prev = x1;
          }
          i += 8L * steps;
        }
      } else if (s == 2) {
        for (int steps = steps(i, n); steps > 0; steps = steps(i, n)) {
          for (int q = 0; q < steps; q++) {
            long j = i + 8L * q;
            long msb = src.get(LONG, so + j);
            long lsb = src.get(LONG, so + n + j);
            long x0 = zip2((lsb & LO) | (msb << 32));
            long x1 = zip2((lsb >>> 32) | (msb & HI));
            x0 = add8(add8(x0, x0 << 32), (prev & HI) | (prev >>> 32));
            x1 = add8(add8(x1, x1 << 32), (x0 & HI) | (x0 >>> 32));
            dst.set(LONG, d + 2 * j, x0);
            dst.set(LONG, d + 2 * j + 8, x1);
            prev = x1;
          }
          i += 8L * steps;
        }
      } else if ((s & 3) == 0) {
        for (int steps = steps(i, n); steps > 0; steps = steps(i, n)) {
          for (int q = 0; q < steps; q++) {
            long j = i + 8L * q;
            long msb = src.get(LONG, so + j);
            long lsb = src.get(LONG, so + n + j);
            long a = d + 2 * j;
            long b = a - 2 * s; // s >= 8: written at least one step ago; s = 4: x0, just below
            long x0 = add8(zip2((lsb & LO) | (msb << 32)), dst.get(LONG, b));
            dst.set(LONG, a, x0);
            dst.set(LONG, a + 8, add8(zip2((lsb >>> 32) | (msb & HI)), dst.get(LONG, b + 8)));
          }
          i += 8L * steps;
        }
      } else {
        for (int steps = steps(i, n); steps > 0; steps = steps(i, n)) {
          for (int q = 0; q < steps; q++) {
            long j = i + 8L * q;
            long msb = src.get(LONG, so + j);
            long lsb = src.get(LONG, so + n + j);
            long x0 = zip2((lsb & LO) | (msb << 32));
            long x1 = zip2((lsb >>> 32) | (msb & HI));
            long a = d + 2 * j;
            for (int u = 0; u < 8; u++) {
              long x = (u < 4 ? x0 : x1) >>> (16 * (u & 3));
              long e = a + 2L * u;
              dst.set(SHORT, e, (short) add8(x, dst.get(SHORT, e - 2 * s)));
            }
          }
          i += 8L * steps;
        }
      }
    }
    for (; i < n; i++) {
      decodeItem2(src, so, dst, d, n, i, dst.get(SHORT, d + 2 * (i - s)));
    }
  }

  /** Decodes element i alone, given what it is added to ({@code w}, see decode2). */
  private static void decodeItem2(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long i, long w) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    long v = ((src.get(BYTE, so + i) & 0xFFL) << 8) | (src.get(BYTE, so + n + i) & 0xFFL);
    dst.set(SHORT, d + 2 * i, (short) add8(v, w));
  }

  /** Decodes a row of 4-byte elements (see {@link #encode4}). */
  private static void decode4(
      VectorLoops v, MemorySegment src, long so, MemorySegment dst, long d, long n, long s,
      MemorySegment sums) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    sums = NATIVE.cast(sums);
    long p1 = so + n;
    long p2 = p1 + n;
    long p3 = p2 + n;
    long i = 0;
    for (int steps = steps(i, s); steps > 0; steps = steps(i, s)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        long c = sums.get(LONG, j);
        long b2 = add8(src.get(LONG, p1 + j), c);
        c = add8(c, sums.get(LONG, s + j));
        long b1 = add8(src.get(LONG, p2 + j), c);
        c = add8(c, sums.get(LONG, 2 * s + j));
        long b0 = add8(src.get(LONG, p3 + j), c);
        storeItems4(dst, d + 4 * j, b0, b1, b2, src.get(LONG, so + j));
      }
      i += 8L * steps;
    }
    long start = Math.min(n, Math.max(s, 16)); // a 64-byte vector before the vector loops
    for (; i < s; i++) {
      long c1 = sums.get(BYTE, i);
      long c2 = c1 + sums.get(BYTE, s + i);
      long c3 = c2 + sums.get(BYTE, 2 * s + i);
      decodeItem4(src, so, dst, d, n, i, ((c1 & 0xFF) << 16) | ((c2 & 0xFF) << 8) | (c3 & 0xFF));
    }
    for (; i < start; i++) {
      decodeItem4(src, so, dst, d, n, i, dst.get(INT, d + 4 * (i - s)));
    }
    if (v != null) {
      i = v.decode(4, src, so, dst, d, n, s, i);
    }
    i = s == 1
        ? decodeAdjacent4(src, so, dst, d, n, i)
        : decodeStrided4(src, so, dst, d, n, s, i);
    for (; i < n; i++) {
      decodeItem4(src, so, dst, d, n, i, dst.get(INT, d + 4 * (i - s)));
    }
  }

  // The main loops of decode4 and decode8 are methods of their own: one method holding them all
  // is too large for the first JIT tiers (C1 gives up on it, measured on JDK 25), which then never
  // hand it on to C2, so it ran as unoptimized code.

  /** Decodes from element {@code i} on, in steps of eight, for {@code s = 1}; returns the end. */
  private static long decodeAdjacent4(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long i) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    if (i + 8 > n) {
      return i;
    }
    long p1 = so + n;
    long p2 = p1 + n;
    long p3 = p2 + n;
    // Each plane is its own running sum: eight bytes at once (see prefix8), starting from the
    // plane's byte of the element before.
    long last = dst.get(INT, d + 4 * i - 4);
    long c3 = (last >>> 24) & 0xFF;
    long c2 = (last >>> 16) & 0xFF;
    long c1 = (last >>> 8) & 0xFF;
    long c0 = last & 0xFF;
    for (int steps = steps(i, n); steps > 0; steps = steps(i, n)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        long b3 = prefix8(src.get(LONG, so + j), c3);
        long b2 = prefix8(src.get(LONG, p1 + j), c2);
        long b1 = prefix8(src.get(LONG, p2 + j), c1);
        long b0 = prefix8(src.get(LONG, p3 + j), c0);
        c3 = b3 >>> 56;
        c2 = b2 >>> 56;
        c1 = b1 >>> 56;
        c0 = b0 >>> 56;
        storeItems4(dst, d + 4 * j, b0, b1, b2, b3);
      }
      i += 8L * steps;
    }
    return i;
  }

  /** Decodes from element {@code i} on, in steps of eight, for {@code s > 1}; returns the end. */
  private static long decodeStrided4(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    if (i + 8 > n) {
      return i;
    }
    long p1 = so + n;
    long p2 = p1 + n;
    long p3 = p2 + n;
    long a = d + 4 * i;
    long r0 = dst.get(LONG, a - 32); // the step before: elements i-8 .. i-1
    long r1 = dst.get(LONG, a - 24);
    long r2 = dst.get(LONG, a - 16);
    long r3 = dst.get(LONG, a - 8);
    for (int steps = steps(i, n); steps > 0; steps = steps(i, n)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        a = d + 4 * j;
        long b3 = src.get(LONG, so + j); // the plane of memory byte 3, the most significant
        long b2 = src.get(LONG, p1 + j);
        long b1 = src.get(LONG, p2 + j);
        long b0 = src.get(LONG, p3 + j);
        long x0 = (b0 & LO) | (b1 << 32);
        long x1 = (b2 & LO) | (b3 << 32);
        long x2 = (b0 >>> 32) | (b1 & HI);
        long x3 = (b2 >>> 32) | (b3 & HI);
        long t = ((x0 >>> 16) ^ x1) & 0x0000FFFF0000FFFFL;
        x0 ^= t << 16;
        x1 ^= t;
        t = ((x2 >>> 16) ^ x3) & 0x0000FFFF0000FFFFL;
        x2 ^= t << 16;
        x3 ^= t;
        x0 = swap4(x0); // elements 0, 1
        x1 = swap4(x1); // 2, 3
        x2 = swap4(x2); // 4, 5
        x3 = swap4(x3); // 6, 7
        // Pairs of elements: pair k adds elements 2k-s, 2k-s+1, for odd s the high half of one
        // pair and the low half of the next (pair2), for s >= 9 loaded back from dst.
        if (s == 2) {
          x0 = add8(x0, r3);
          x1 = add8(x1, x0);
          x2 = add8(x2, x1);
          x3 = add8(x3, x2);
        } else if (s == 4) {
          x0 = add8(x0, r2);
          x1 = add8(x1, r3);
          x2 = add8(x2, x0);
          x3 = add8(x3, x1);
        } else if (s == 6) {
          x0 = add8(x0, r1);
          x1 = add8(x1, r2);
          x2 = add8(x2, r3);
          x3 = add8(x3, x0);
        } else if (s == 8) {
          x0 = add8(x0, r0);
          x1 = add8(x1, r1);
          x2 = add8(x2, r2);
          x3 = add8(x3, r3);
        } else if (s == 3) {
          x0 = add8(x0, pair2(r2, r3));
          x1 = add8(x1, pair2(r3, x0));
          x2 = add8(x2, pair2(x0, x1));
          x3 = add8(x3, pair2(x1, x2));
        } else if (s == 5) {
          x0 = add8(x0, pair2(r1, r2));
          x1 = add8(x1, pair2(r2, r3));
          x2 = add8(x2, pair2(r3, x0));
          x3 = add8(x3, pair2(x0, x1));
        } else if (s == 7) {
          x0 = add8(x0, pair2(r0, r1));
          x1 = add8(x1, pair2(r1, r2));
          x2 = add8(x2, pair2(r2, r3));
          x3 = add8(x3, pair2(r3, x0));
        } else {
          long b = a - 4 * s; // s >= 9: elements written at least one step ago
          x0 = add8(x0, dst.get(LONG, b));
          x1 = add8(x1, dst.get(LONG, b + 8));
          x2 = add8(x2, dst.get(LONG, b + 16));
          x3 = add8(x3, dst.get(LONG, b + 24));
        }
        dst.set(LONG, a, x0);
        dst.set(LONG, a + 8, x1);
        dst.set(LONG, a + 16, x2);
        dst.set(LONG, a + 24, x3);
        r0 = x0;
        r1 = x1;
        r2 = x2;
        r3 = x3;
      }
      i += 8L * steps;
    }
    return i;
  }

  /**
   * The running sums (mod 256) of the eight bytes of {@code x}, plus {@code c} (0..255) in each:
   * byte j becomes {@code c + x[0] + ... + x[j]}. Even and odd bytes are spread into 16-bit lanes,
   * where one multiply by 0x0001000100010001 adds up the lanes below each lane without any carry
   * reaching the next (the sums stay below 2^16), and are then merged back.
   */
  private static long prefix8(long x, long c) {
    final long m = 0x00FF00FF00FF00FFL;
    long e = ((x & m) + c) * 0x0001000100010001L; // lane k: c + x[0] + x[2] + ... + x[2k]
    long o = ((x >>> 8) & m) * 0x0001000100010001L; // lane k: x[1] + x[3] + ... + x[2k+1]
    return ((e + (o << 16)) & m) | (((e + o) & m) << 8);
  }

  /** The element pair that straddles two pairs: the high element of a, the low one of b. */
  private static long pair2(long a, long b) {
    return (a >>> 32) | (b << 32);
  }

  /** The inverse of {@link #put4}: four plane words (b3 most significant) to eight elements. */
  private static void storeItems4(MemorySegment dst, long a, long b0, long b1, long b2, long b3) {
    dst = NATIVE.cast(dst);
    long x0 = (b0 & LO) | (b1 << 32);
    long x1 = (b2 & LO) | (b3 << 32);
    long x2 = (b0 >>> 32) | (b1 & HI);
    long x3 = (b2 >>> 32) | (b3 & HI);
    long t = ((x0 >>> 16) ^ x1) & 0x0000FFFF0000FFFFL;
    x0 ^= t << 16;
    x1 ^= t;
    t = ((x2 >>> 16) ^ x3) & 0x0000FFFF0000FFFFL;
    x2 ^= t << 16;
    x3 ^= t;
    dst.set(LONG, a, swap4(x0));
    dst.set(LONG, a + 8, swap4(x1));
    dst.set(LONG, a + 16, swap4(x2));
    dst.set(LONG, a + 24, swap4(x3));
  }

  /** Decodes element i alone, given what it is added to ({@code w}, see decode4). */
  private static void decodeItem4(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long i, long w) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    long v =
        ((src.get(BYTE, so + i) & 0xFFL) << 24)
            | ((src.get(BYTE, so + n + i) & 0xFFL) << 16)
            | ((src.get(BYTE, so + 2 * n + i) & 0xFFL) << 8)
            | (src.get(BYTE, so + 3 * n + i) & 0xFFL);
    dst.set(INT, d + 4 * i, (int) add8(v, w));
  }

  /** Decodes a row of 8-byte elements (see {@link #encode8}). */
  private static void decode8(
      VectorLoops v, MemorySegment src, long so, MemorySegment dst, long d, long n, long s,
      MemorySegment sums) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    sums = NATIVE.cast(sums);
    long i = 0;
    for (int steps = steps(i, s); steps > 0; steps = steps(i, s)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        long c = sums.get(LONG, j);
        long x6 = add8(src.get(LONG, so + n + j), c);
        c = add8(c, sums.get(LONG, s + j));
        long x5 = add8(src.get(LONG, so + 2 * n + j), c);
        c = add8(c, sums.get(LONG, 2 * s + j));
        long x4 = add8(src.get(LONG, so + 3 * n + j), c);
        c = add8(c, sums.get(LONG, 3 * s + j));
        long x3 = add8(src.get(LONG, so + 4 * n + j), c);
        c = add8(c, sums.get(LONG, 4 * s + j));
        long x2 = add8(src.get(LONG, so + 5 * n + j), c);
        c = add8(c, sums.get(LONG, 5 * s + j));
        long x1 = add8(src.get(LONG, so + 6 * n + j), c);
        c = add8(c, sums.get(LONG, 6 * s + j));
        long x0 = add8(src.get(LONG, so + 7 * n + j), c);
        storeItems8(dst, d + 8 * j, 0, x0, x1, x2, x3, x4, x5, x6, src.get(LONG, so + j));
      }
      i += 8L * steps;
    }
    for (; i < s; i++) {
      long w = 0;
      long c = 0;
      for (int k = 1; k < 8; k++) {
        c += sums.get(BYTE, (k - 1) * s + i);
        w |= (c & 0xFF) << (56 - 8 * k);
      }
      decodeItem8(src, so, dst, d, n, i, w);
    }
    long start = Math.min(n, Math.max(s, 8));
    for (; i < start; i++) {
      decodeItem8(src, so, dst, d, n, i, dst.get(LONG, d + 8 * (i - s)));
    }
    if (v != null) {
      i = v.decode(8, src, so, dst, d, n, s, i);
    }
    i = s == 1
        ? decodeAdjacent8(src, so, dst, d, n, i)
        : decodeStrided8(src, so, dst, d, n, s, i);
    for (; i < n; i++) {
      decodeItem8(src, so, dst, d, n, i, dst.get(LONG, d + 8 * (i - s)));
    }
  }


  /** Decodes from element {@code i} on, in steps of eight, for {@code s > 1}; returns the end. */
  private static long decodeStrided8(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long s, long i) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    for (int steps = steps(i, n); steps > 0; steps = steps(i, n)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        storeItems8(dst, d + 8 * j, s,
            src.get(LONG, so + 7 * n + j), src.get(LONG, so + 6 * n + j),
            src.get(LONG, so + 5 * n + j), src.get(LONG, so + 4 * n + j),
            src.get(LONG, so + 3 * n + j), src.get(LONG, so + 2 * n + j),
            src.get(LONG, so + n + j), src.get(LONG, so + j));
      }
      i += 8L * steps;
    }
    return i;
  }

  /** Decodes from element {@code i} on, in steps of eight, for {@code s = 1}; returns the end. */
  private static long decodeAdjacent8(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long i) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    if (i + 8 > n) {
      return i;
    }
    long prev = dst.get(LONG, d + 8 * i - 8); // the element before
    for (int steps = steps(i, n); steps > 0; steps = steps(i, n)) {
      for (int q = 0; q < steps; q++) {
        long j = i + 8L * q;
        long x0 = src.get(LONG, so + 7 * n + j);
        long x1 = src.get(LONG, so + 6 * n + j);
        long x2 = src.get(LONG, so + 5 * n + j);
        long x3 = src.get(LONG, so + 4 * n + j);
        long x4 = src.get(LONG, so + 3 * n + j);
        long x5 = src.get(LONG, so + 2 * n + j);
        long x6 = src.get(LONG, so + n + j);
        long x7 = src.get(LONG, so + j);
        long t;
        t = ((x0 >>> 32) ^ x4) & LO; x0 ^= t << 32; x4 ^= t;
        t = ((x1 >>> 32) ^ x5) & LO; x1 ^= t << 32; x5 ^= t;
        t = ((x2 >>> 32) ^ x6) & LO; x2 ^= t << 32; x6 ^= t;
        t = ((x3 >>> 32) ^ x7) & LO; x3 ^= t << 32; x7 ^= t;
        t = ((x0 >>> 16) ^ x2) & 0x0000FFFF0000FFFFL; x0 ^= t << 16; x2 ^= t;
        t = ((x1 >>> 16) ^ x3) & 0x0000FFFF0000FFFFL; x1 ^= t << 16; x3 ^= t;
        t = ((x4 >>> 16) ^ x6) & 0x0000FFFF0000FFFFL; x4 ^= t << 16; x6 ^= t;
        t = ((x5 >>> 16) ^ x7) & 0x0000FFFF0000FFFFL; x5 ^= t << 16; x7 ^= t;
        t = ((x0 >>> 8) ^ x1) & 0x00FF00FF00FF00FFL; x0 ^= t << 8; x1 ^= t;
        t = ((x2 >>> 8) ^ x3) & 0x00FF00FF00FF00FFL; x2 ^= t << 8; x3 ^= t;
        t = ((x4 >>> 8) ^ x5) & 0x00FF00FF00FF00FFL; x4 ^= t << 8; x5 ^= t;
        t = ((x6 >>> 8) ^ x7) & 0x00FF00FF00FF00FFL; x6 ^= t << 8; x7 ^= t;
        long a = d + 8 * j;
        x0 = add8(x0, prev);
        x1 = add8(x1, x0);
        x2 = add8(x2, x1);
        x3 = add8(x3, x2);
        x4 = add8(x4, x3);
        x5 = add8(x5, x4);
        x6 = add8(x6, x5);
        x7 = add8(x7, x6);
        dst.set(LONG, a, x0);
        dst.set(LONG, a + 8, x1);
        dst.set(LONG, a + 16, x2);
        dst.set(LONG, a + 24, x3);
        dst.set(LONG, a + 32, x4);
        dst.set(LONG, a + 40, x5);
        dst.set(LONG, a + 48, x6);
        dst.set(LONG, a + 56, x7);
        prev = x7;
      }
      i += 8L * steps;
    }
    return i;
  }

  /**
   * The inverse of {@link #put8}: eight plane words (x_k holding memory byte k) to eight elements
   * at {@code a}; with {@code s > 0}, each element plus the one s before it (stored before the
   * next is read: for s < 8 that one may be in this step).
   */
  private static void storeItems8(
      MemorySegment dst, long a, long s,
      long x0, long x1, long x2, long x3, long x4, long x5, long x6, long x7) {
    dst = NATIVE.cast(dst);
    long t;
    t = ((x0 >>> 32) ^ x4) & LO; x0 ^= t << 32; x4 ^= t;
    t = ((x1 >>> 32) ^ x5) & LO; x1 ^= t << 32; x5 ^= t;
    t = ((x2 >>> 32) ^ x6) & LO; x2 ^= t << 32; x6 ^= t;
    t = ((x3 >>> 32) ^ x7) & LO; x3 ^= t << 32; x7 ^= t;
    t = ((x0 >>> 16) ^ x2) & 0x0000FFFF0000FFFFL; x0 ^= t << 16; x2 ^= t;
    t = ((x1 >>> 16) ^ x3) & 0x0000FFFF0000FFFFL; x1 ^= t << 16; x3 ^= t;
    t = ((x4 >>> 16) ^ x6) & 0x0000FFFF0000FFFFL; x4 ^= t << 16; x6 ^= t;
    t = ((x5 >>> 16) ^ x7) & 0x0000FFFF0000FFFFL; x5 ^= t << 16; x7 ^= t;
    t = ((x0 >>> 8) ^ x1) & 0x00FF00FF00FF00FFL; x0 ^= t << 8; x1 ^= t;
    t = ((x2 >>> 8) ^ x3) & 0x00FF00FF00FF00FFL; x2 ^= t << 8; x3 ^= t;
    t = ((x4 >>> 8) ^ x5) & 0x00FF00FF00FF00FFL; x4 ^= t << 8; x5 ^= t;
    t = ((x6 >>> 8) ^ x7) & 0x00FF00FF00FF00FFL; x6 ^= t << 8; x7 ^= t;
    if (s == 0) {
      dst.set(LONG, a, x0);
      dst.set(LONG, a + 8, x1);
      dst.set(LONG, a + 16, x2);
      dst.set(LONG, a + 24, x3);
      dst.set(LONG, a + 32, x4);
      dst.set(LONG, a + 40, x5);
      dst.set(LONG, a + 48, x6);
      dst.set(LONG, a + 56, x7);
    } else {
      long b = a - 8 * s;
      dst.set(LONG, a, add8(x0, dst.get(LONG, b)));
      dst.set(LONG, a + 8, add8(x1, dst.get(LONG, b + 8)));
      dst.set(LONG, a + 16, add8(x2, dst.get(LONG, b + 16)));
      dst.set(LONG, a + 24, add8(x3, dst.get(LONG, b + 24)));
      dst.set(LONG, a + 32, add8(x4, dst.get(LONG, b + 32)));
      dst.set(LONG, a + 40, add8(x5, dst.get(LONG, b + 40)));
      dst.set(LONG, a + 48, add8(x6, dst.get(LONG, b + 48)));
      dst.set(LONG, a + 56, add8(x7, dst.get(LONG, b + 56)));
    }
  }

  /** Decodes element i alone, given what it is added to ({@code w}, see decode8). */
  private static void decodeItem8(
      MemorySegment src, long so, MemorySegment dst, long d, long n, long i, long w) {
    src = NATIVE.cast(src);
    dst = NATIVE.cast(dst);
    long v = 0;
    for (int k = 0; k < 8; k++) {
      v |= (src.get(BYTE, so + k * n + i) & 0xFFL) << (56 - 8 * k);
    }
    dst.set(LONG, d + 8 * i, add8(v, w));
  }
}
