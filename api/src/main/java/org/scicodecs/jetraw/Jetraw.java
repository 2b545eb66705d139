package org.scicodecs.jetraw;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.scicodecs.DType;
import org.scicodecs.DecodeLimits;
import org.scicodecs.NdArray;
import org.scicodecs.bindings.jetraw.dpcore_h;
import org.scicodecs.bindings.jetraw.jetraw_h;
import org.scicodecs.internal.Check;
import org.scicodecs.internal.NativeCodec;
import org.scicodecs.internal.NativeMemory;
import org.scicodecs.internal.Outputs;
import org.scicodecs.nativelib.NativeLibraries;

/**
 * JETRAW: Dotphoton's compression of scientific camera images (2-D uint16), through the vendor's
 * Jetraw SDK — imagecodecs' {@code jetraw_encode}, {@code jetraw_decode}, {@code jetraw_init},
 * {@code jetraw_check} and {@code jetraw_version}.
 *
 * <p><b>The SDK is not part of scicodecs.</b> It is proprietary (libjetraw and libdpcore, from
 * Dotphoton), in no package registry, and may not be redistributed, so it is never bundled. Install
 * it and point the system property {@value NativeLibraries#JETRAW_PATH_PROPERTY} (or the
 * environment variable {@value NativeLibraries#JETRAW_PATH_ENV}) at the directory that holds {@code
 * libjetraw.so} and {@code libdpcore.so}; else the directory of {@value
 * NativeLibraries#PATH_PROPERTY} and then the system's search ({@code LD_LIBRARY_PATH}) are tried.
 * The SDK is loaded once, on first use. Without it {@link #available()} is false, {@link
 * #version()} is {@code "jetraw n/a"}, {@link #check} says false (as imagecodecs' stub does), and
 * every other method throws a {@link JetrawException} that names the places tried and how to
 * install the SDK. No other codec depends on it.
 *
 * <p>Encoding needs the camera's calibration, named by an identifier such as {@code
 * "500202_fast_bin1x"}, and an error bound in units of the camera's noise standard deviation. The
 * SDK is initialised once per JVM ({@code dpcore_init}, which loads the calibration files from the
 * SDK's default locations) before the first {@link #init} or encode; {@link #init(Path)} loads
 * further calibration files. Encoding may also need the vendor's license: the SDK then reports a
 * status whose description says so.
 *
 * <p>Sizing: the stream records no image size, so decoding writes into a uint16 array of the
 * caller's size ({@link #decode(MemorySegment, NdArray)}). Encoding gives the SDK imagecodecs'
 * capacity, {@link #encodeCapacity} (the image's byte size, at least 1024 bytes), or the caller's
 * whole output segment; the SDK reports a status if the stream does not fit.
 *
 * <p>Memory: the SDK writes its metadata into the pixels it is given ({@code dpcore_embed_meta}),
 * so the caller's array is never handed over: every encode copies the image into scratch off-heap
 * memory first. Nothing goes to the SDK as a Java array (no critical downcalls: how long the vendor
 * code runs and whether it starts threads is not documented). The stream format is the vendor's and
 * not public: scicodecs cannot check a stream before {@code jetraw_decode} reads it, and relies on
 * the SDK to reject a damaged one. Status codes other than success differ between SDK versions:
 * each failure carries the SDK's code and its own description ({@code dp_status_description}).
 *
 * <p>Thread-safe: all methods are static. Initialisation, {@link #init(Path)} and {@link
 * #setLogLevel} are serialised, and encodes do not run while they change the SDK's calibration
 * tables; encodes and decodes otherwise run concurrently, as imagecodecs lets them.
 *
 * {@snippet :
 * // java -Dscicodecs.jetraw.path=/opt/jetraw/lib ...
 * if (Jetraw.available()) {
 *   short[] pixels = new short[2304 * 2304];
 *   NdArray frame = NdArray.of(pixels, DType.UINT16, 2304, 2304);
 *   byte[] blob = Jetraw.encode(frame, "500202_fast_bin1x"); // error bound: 1 noise sigma
 *   short[] back = new short[pixels.length];                 // the caller knows the size
 *   Jetraw.decode(MemorySegment.ofArray(blob), NdArray.of(back, DType.UINT16, 2304, 2304));
 * }
 * }
 */
public final class Jetraw {
  /** libjetraw; the loader loads libdpcore first and fails libjetraw too if libdpcore is missing. */
  static final NativeCodec NATIVE =
      new NativeCodec(
          "jetraw",
          "jetraw",
          (message, cause) ->
              new JetrawException(
                  "the JETRAW codec needs the Dotphoton Jetraw SDK (libjetraw.so, libdpcore.so),"
                      + " which could not be loaded.\n"
                      + message,
                  cause));

  /** The error bound imagecodecs uses when none is given: one noise standard deviation. */
  public static final double DEFAULT_ERROR_BOUND = 1.0;

  /** Smaller error bounds are raised to this (imagecodecs clamps, it does not refuse). */
  public static final double MIN_ERROR_BOUND = 1e-6;

  /** Larger error bounds are lowered to this. */
  public static final double MAX_ERROR_BOUND = 1000.0;

  /** The most pixels an image may have: the SDK counts them in a signed 32-bit integer. */
  public static final long MAX_PIXELS = Integer.MAX_VALUE;

  /** The smallest capacity imagecodecs gives the encoder. */
  static final long MIN_CAPACITY = 1024;

  /** Write: initialisation, calibration files, log level. Read: encoding, which reads them. */
  private static final ReentrantReadWriteLock SDK_LOCK = new ReentrantReadWriteLock();

  private static volatile boolean initialised;
  private static int defaultParameterFiles;

  private Jetraw() {}

  /** Whether the Jetraw SDK (libjetraw and libdpcore) can be loaded. Never throws. */
  public static boolean available() {
    return NATIVE.available();
  }

  /**
   * {@code "jetraw <version>"} with the SDK's own {@code jetraw_version()}, e.g. {@code "jetraw
   * 23.03.16.4"}; {@code "jetraw n/a"} when the SDK is not available.
   */
  public static String version() {
    return NATIVE.version(() -> cString(jetraw_h.jetraw_version()));
  }

  /**
   * Whether the bytes are a JETRAW stream, as far as can be told: the format is the vendor's and the
   * SDK offers no test, so the answer is {@code Optional.empty()}, unknown (imagecodecs' {@code
   * jetraw_check} returns None). Without the SDK it is {@code Optional.of(false)}, as imagecodecs'
   * stub answers False. Never throws for a non-null segment.
   */
  public static Optional<Boolean> check(MemorySegment stream) {
    Check.notNull(stream, "stream");
    return available() ? Optional.empty() : Optional.of(false);
  }

  /** {@link #check(MemorySegment)} for a byte array. */
  public static Optional<Boolean> check(byte[] stream) {
    return check(MemorySegment.ofArray(Check.notNull(stream, "stream")));
  }

  // ---- initialisation ----------------------------------------------------------------------

  /**
   * Initialises the SDK, once per JVM: {@code dpcore_init}, which loads the calibration files from
   * the SDK's default locations. Encoding and {@link #init(Path)} do this themselves; call it to
   * learn how many files were found, or to pay the cost up front.
   *
   * @return the number of parameter files {@code dpcore_init} reported (from the first call)
   * @throws JetrawException if the SDK is not available
   */
  public static int init() {
    NATIVE.require();
    return ensureInitialised();
  }

  /**
   * Loads a calibration parameter file ({@code dpcore_load_parameters}), after initialising the SDK
   * if that was not done yet: imagecodecs' {@code jetraw_init(parameters)}. The identifiers it
   * defines can then be given to {@link #encode}.
   *
   * {@snippet :
   * Jetraw.init(Path.of("/opt/jetraw/calibration/my_camera.dat"));
   * byte[] blob = Jetraw.encode(frame, "my_camera_identifier", 0.5);
   * }
   *
   * @param parameters the file; its path goes to the SDK as UTF-8
   * @throws JetrawException if the SDK refuses the file (with its status and description)
   */
  public static void init(Path parameters) {
    String path = Check.notNull(parameters, "parameters").toString();
    if (path.isEmpty() || path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("parameters: not a file path: '" + path + "'");
    }
    NATIVE.require();
    ensureInitialised();
    SDK_LOCK.writeLock().lock();
    try (Arena arena = Arena.ofConfined()) {
      int status = dpcore_h.dpcore_load_parameters(arena.allocateFrom(path));
      if (status != jetraw_h.dp_success()) {
        throw failure("dpcore_load_parameters", status);
      }
    } finally {
      SDK_LOCK.writeLock().unlock();
    }
  }

  /**
   * Sets the SDK's log level ({@code dpcore_set_loglevel}): imagecodecs' {@code
   * jetraw_init(verbose=...)}.
   *
   * @param level 0 off, 1 info, 2 debug
   */
  public static void setLogLevel(int level) {
    if (level < 0 || level > 2) {
      throw new IllegalArgumentException("level must be 0 (off), 1 (info) or 2 (debug), got " + level);
    }
    NATIVE.require();
    SDK_LOCK.writeLock().lock();
    try {
      dpcore_h.dpcore_set_loglevel(level);
    } finally {
      SDK_LOCK.writeLock().unlock();
    }
  }

  private static int ensureInitialised() {
    if (initialised) {
      return defaultParameterFiles;
    }
    SDK_LOCK.writeLock().lock();
    try {
      if (!initialised) {
        defaultParameterFiles = dpcore_h.dpcore_init();
        initialised = true;
      }
      return defaultParameterFiles;
    } finally {
      SDK_LOCK.writeLock().unlock();
    }
  }

  // ---- encode ------------------------------------------------------------------------------

  /** An image to encode, checked: its height and width as imagecodecs derives them. */
  private record Request(
      NdArray data, long height, long width, byte[] identifier, float errorBound) {
    long pixels() {
      return height * width;
    }
  }

  /**
   * The capacity encoding gives the SDK when it sizes the output itself, as imagecodecs does: the
   * image's byte size, at least 1024 bytes, at most 2^31 - 1. A stream that does not fit (data
   * the SDK cannot compress) is an SDK status: then encode into a larger segment of your own.
   */
  public static long encodeCapacity(NdArray data) {
    return capacity(request(data, "", DEFAULT_ERROR_BOUND));
  }

  private static long capacity(Request r) {
    return Math.min(Math.max(r.pixels() * 2, MIN_CAPACITY), Integer.MAX_VALUE);
  }

  /** Encodes with the default error bound (one noise standard deviation) into a new byte array. */
  public static byte[] encode(NdArray data, String identifier) {
    return encode(data, identifier, DEFAULT_ERROR_BOUND);
  }

  /**
   * Encodes a uint16 image into a new byte array of exactly the stream's size.
   *
   * @param data a 2-D uint16 image (length-1 axes are dropped first, as imagecodecs does, so a
   *     single row or column is a 1 × n image); any layout, it is copied
   * @param identifier the camera calibration's identifier, as the SDK's parameter files name it
   * @param errorBound the error bound in noise standard deviations, clamped to [{@value
   *     #MIN_ERROR_BOUND}, {@value #MAX_ERROR_BOUND}]
   * @throws JetrawException if the SDK is missing or refuses the image (for example an unknown
   *     identifier, no license, or a stream larger than {@link #encodeCapacity})
   */
  public static byte[] encode(NdArray data, String identifier, double errorBound) {
    try (Arena arena = Arena.ofConfined()) {
      return encodeToScratch(request(data, identifier, errorBound), arena).toArray(JAVA_BYTE);
    }
  }

  /** Encodes into a new segment of exactly the stream's size from the allocator. */
  public static MemorySegment encode(
      NdArray data, String identifier, double errorBound, SegmentAllocator allocator) {
    Check.notNull(allocator, "allocator");
    try (Arena arena = Arena.ofConfined()) {
      return Outputs.copyOf(encodeToScratch(request(data, identifier, errorBound), arena), allocator);
    }
  }

  /**
   * Encodes into the caller's segment, whose whole size (at most 2^31 - 1 bytes) is the capacity
   * the SDK is given, as imagecodecs does with {@code out=}. An off-heap segment is written by the
   * SDK directly; a heap segment receives a copy of the stream.
   *
   * @return the number of bytes written at the start of {@code out}
   * @throws JetrawException if the SDK refuses, for example because the stream does not fit
   */
  public static long encode(NdArray data, String identifier, double errorBound, MemorySegment out) {
    Check.writable(out, "out");
    Request r = request(data, identifier, errorBound);
    long capacity = Math.min(out.byteSize(), Integer.MAX_VALUE);
    NATIVE.require(); // before allocating scratch memory of out's size
    // The image is copied before the SDK writes anything, so out may even overlap data.
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment target =
          out.isNative() ? out.asSlice(0, capacity) : NativeMemory.malloc(capacity, arena);
      MemorySegment stream = encodeInto(r, target, arena);
      if (!out.isNative()) {
        MemorySegment.copy(stream, 0, out, 0, stream.byteSize());
      }
      return stream.byteSize();
    }
  }

  private static MemorySegment encodeToScratch(Request r, Arena arena) {
    NATIVE.require(); // before allocating what may be gigabytes
    return encodeInto(r, NativeMemory.malloc(capacity(r), arena), arena);
  }

  /** dpcore_embed_meta on a scratch copy of the image, then jetraw_encode into target. */
  private static MemorySegment encodeInto(Request r, MemorySegment target, Arena arena) {
    NATIVE.require();
    ensureInitialised();
    // The SDK writes its metadata into these pixels: a copy, never the caller's memory.
    MemorySegment pixels = NativeMemory.malloc(r.pixels() * 2, arena);
    r.data().copyTo(NdArray.of(pixels, DType.UINT16, r.data().shape()));
    MemorySegment identifier = arena.allocate(r.identifier().length + 1L); // zeroed: ends in NUL
    MemorySegment.copy(r.identifier(), 0, identifier, JAVA_BYTE, 0, r.identifier().length);
    int capacity = (int) target.byteSize();
    MemorySegment length = arena.allocate(JAVA_INT);
    length.set(JAVA_INT, 0, capacity);
    SDK_LOCK.readLock().lock();
    try {
      int status =
          dpcore_h.dpcore_embed_meta(pixels, (int) r.pixels(), identifier, r.errorBound());
      if (status != jetraw_h.dp_success()) {
        throw failure("dpcore_embed_meta", status);
      }
      status = jetraw_h.jetraw_encode(pixels, (int) r.width(), (int) r.height(), target, length);
      if (status != jetraw_h.dp_success()) {
        throw failure("jetraw_encode", status);
      }
    } finally {
      SDK_LOCK.readLock().unlock();
    }
    int written = length.get(JAVA_INT, 0);
    if (written < 0 || written > capacity) {
      throw new JetrawException(
          "jetraw_encode reported " + written + " bytes written into a buffer of " + capacity);
    }
    return target.asSlice(0, written);
  }

  /** Checks the arguments as imagecodecs does, before anything is loaded or allocated. */
  private static Request request(NdArray data, String identifier, double errorBound) {
    Check.notNull(data, "data");
    Check.dtype(data.dtype(), "data", "JETRAW", DType.UINT16);
    long[] shape = Check.nonEmptyShape(data.shape(), "data", "JETRAW");
    // imagecodecs: numpy.atleast_2d(data.squeeze())
    long[] kept = Arrays.stream(shape).filter(n -> n != 1).toArray();
    if (kept.length > 2) {
      throw new IllegalArgumentException(
          "data: JETRAW codes 2-D images; shape " + Arrays.toString(shape) + " has " + kept.length
              + " axes longer than 1");
    }
    long height = kept.length == 2 ? kept[0] : 1;
    long width = kept.length == 0 ? 1 : kept[kept.length - 1];
    if (data.size() > MAX_PIXELS) {
      throw new IllegalArgumentException(
          "data: " + data.size() + " pixels, more than the SDK's limit of " + MAX_PIXELS);
    }
    Check.notNull(identifier, "identifier");
    if (identifier.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("identifier contains a NUL character");
    }
    if (Double.isNaN(errorBound)) {
      throw new IllegalArgumentException("errorBound is NaN");
    }
    float bound = (float) Math.min(Math.max(errorBound, MIN_ERROR_BOUND), MAX_ERROR_BOUND);
    return new Request(data, height, width, identifier.getBytes(StandardCharsets.UTF_8), bound);
  }

  // ---- decode ------------------------------------------------------------------------------

  /**
   * Decodes a stream into a new C-contiguous uint16 array of the caller's shape (the stream does not
   * record it), refusing shapes larger than {@link DecodeLimits#maxBytes()}.
   */
  public static NdArray decode(MemorySegment stream, long[] shape, SegmentAllocator allocator) {
    Check.notNull(stream, "stream");
    Check.notNull(allocator, "allocator");
    long bytes = DType.UINT16.byteSize();
    for (long n : Check.nonEmptyShape(Check.notNull(shape, "shape"), "shape", "JETRAW")) {
      bytes = Math.multiplyHigh(bytes, n) != 0 || bytes * n < 0 ? Long.MAX_VALUE : bytes * n;
    }
    if (bytes > DecodeLimits.maxBytes()) {
      throw new JetrawException(
          "a uint16 array of shape " + Arrays.toString(shape) + " takes " + bytes
              + " bytes, more than the " + DecodeLimits.maxBytes() + " allowed (see DecodeLimits)");
    }
    NdArray out = NdArray.allocate(allocator, DType.UINT16, shape);
    decode(stream, out);
    return out;
  }

  /**
   * Decodes a stream into the caller's C-contiguous uint16 array, which must hold at least the
   * image's pixels (the SDK refuses a smaller one with a status); its shape is not looked at.
   * imagecodecs' {@code jetraw_decode(data, out=out)}.
   *
   * @throws JetrawException if the SDK refuses the stream or the size of {@code out}
   */
  public static void decode(MemorySegment stream, NdArray out) {
    Check.notNull(stream, "stream");
    Check.writable(out, "out");
    Check.dtype(out.dtype(), "out", "JETRAW", DType.UINT16);
    Check.nonEmptyShape(out.shape(), "out", "JETRAW");
    if (!out.isContiguous()) {
      throw new IllegalArgumentException("out must be C-contiguous (the SDK writes rows in order): "
          + out);
    }
    if (out.size() > MAX_PIXELS) {
      throw new IllegalArgumentException(
          "out: " + out.size() + " pixels, more than the SDK's limit of " + MAX_PIXELS);
    }
    if (stream.byteSize() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "stream: " + stream.byteSize() + " bytes, more than the SDK reads (2^31 - 1)");
    }
    Check.noOverlap(stream, "stream", out.segment(), "out");
    NATIVE.require();
    if (stream.byteSize() == 0) {
      throw new JetrawException("the stream is empty");
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment src = NativeMemory.offHeap(stream, arena);
      NdArray target = NativeMemory.outputTarget(out, arena);
      int status =
          jetraw_h.jetraw_decode(
              src, (int) src.byteSize(), target.contiguousSegment(), (int) out.size());
      if (status != jetraw_h.dp_success()) {
        throw failure("jetraw_decode", status);
      }
      NativeMemory.finishOutput(target, out);
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** The SDK's failure, in imagecodecs' words: {@code "<function> returned '<description>'"}. */
  static JetrawException failure(String function, int status) {
    return new JetrawException(
        function + " returned '" + describe(status) + "'", (long) status, null);
  }

  /** The SDK's own text for a status: the numbers mean different things in different versions. */
  static String describe(int status) {
    try {
      String text = cString(jetraw_h.dp_status_description(status));
      return text == null ? "dp_status " + status : text;
    } catch (RuntimeException | LinkageError e) {
      return "dp_status " + status + " (dp_status_description failed: " + e + ")";
    }
  }

  /** A NUL-terminated string the SDK owns, read up to its NUL (at most 4 KiB), or null for NULL. */
  private static String cString(MemorySegment pointer) {
    if (pointer.equals(MemorySegment.NULL)) {
      return null;
    }
    MemorySegment text = reinterpret(pointer, 4096);
    long n = 0;
    while (n < text.byteSize() && text.get(JAVA_BYTE, n) != 0) {
      n++;
    }
    return new String(text.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
  }

  @SuppressWarnings("restricted")
  private static MemorySegment reinterpret(MemorySegment pointer, long bytes) {
    return pointer.reinterpret(bytes);
  }
}
