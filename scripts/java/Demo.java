// The interim main job (until the `scicodecs` command lands): round-trips a small 3-D float32
// field through every available codec, straight through the generated bindings, and prints the
// compression ratio and the largest error. Run it with scripts/demo.

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Random;
import org.scicodecs.bindings.aec.aec_stream;
import org.scicodecs.bindings.aec.libaec_h;
import org.scicodecs.bindings.lerc.Lerc_c_api_h;
import org.scicodecs.bindings.pcodec.cpcodec_h;
import org.scicodecs.bindings.sperr.SPERR_C_API_h;
import org.scicodecs.bindings.sz3.sz3c_h;
import org.scicodecs.lerc.Lerc;
import org.scicodecs.pcodec.Pcodec;
import org.scicodecs.sperr.Sperr;
import org.scicodecs.sz3.Sz3;
import org.scicodecs.szip.Aec;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.zfp.Zfp;
import org.scicodecs.zfp.ZfpOptions;

public class Demo {
  static final int NZ = 48, NY = 64, NX = 80;
  static final long N = (long) NZ * NY * NX;
  static final double TOLERANCE = 1e-3;
  static final MethodHandle FREE = Linker.nativeLinker().downcallHandle(
      Linker.nativeLinker().defaultLookup().find("free").orElseThrow(), FunctionDescriptor.ofVoid(ADDRESS));

  interface RoundTrip {
    /** Encodes src, decodes into dst, returns the encoded size in bytes. */
    long run(Arena arena, MemorySegment src, MemorySegment dst) throws Throwable;
  }

  public static void main(String[] args) throws Throwable {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment field = field(arena);
      System.out.printf("3-D float32 field %d x %d x %d (%.1f MiB), error bound %.0e where the codec has one%n%n",
          NZ, NY, NX, N * 4 / 1048576.0, TOLERANCE);
      System.out.printf("%-14s %-14s %-26s %9s %12s%n", "codec", "version", "mode", "ratio", "max error");
      run(arena, field, Zfp.available(), Zfp.version(), "fixed accuracy", Demo::zfp);
      run(arena, field, Sperr.available(), Sperr.version(), "point-wise error", Demo::sperr);
      run(arena, field, Sz3.available(), Sz3.version(), "absolute error", Demo::sz3);
      run(arena, field, Lerc.available(), Lerc.version(), "max Z error", Demo::lerc);
      run(arena, field, Pcodec.available(), Pcodec.version(), "lossless, level 8", Demo::pcodec);
      run(arena, field, Aec.available(), Aec.version(), "lossless, 32-bit samples", Demo::aec);
    }
  }

  static void run(Arena arena, MemorySegment src, boolean available, String version, String mode, RoundTrip rt)
      throws Throwable {
    String codec = version.substring(0, version.indexOf(' '));
    if (!available) {
      System.out.printf("%-14s %-14s %s%n", codec, "n/a", "library not available");
      return;
    }
    MemorySegment dst = arena.allocate(JAVA_FLOAT, N);
    long size = rt.run(arena, src, dst);
    double maxError = 0;
    for (long i = 0; i < N; i++) {
      maxError = Math.max(maxError, Math.abs(src.getAtIndex(JAVA_FLOAT, i) - dst.getAtIndex(JAVA_FLOAT, i)));
    }
    System.out.printf("%-14s %-14s %-26s %8.2fx %12.3e%n", codec, version.substring(codec.length() + 1), mode,
        (double) src.byteSize() / size, maxError);
  }

  /** A smooth field with waves at several scales and a little deterministic noise. */
  static MemorySegment field(Arena arena) {
    MemorySegment s = arena.allocate(JAVA_FLOAT, N);
    Random noise = new Random(42);
    long i = 0;
    for (int z = 0; z < NZ; z++)
      for (int y = 0; y < NY; y++)
        for (int x = 0; x < NX; x++)
          s.setAtIndex(JAVA_FLOAT, i++, (float) (15 + 10 * Math.sin(0.09 * x) * Math.cos(0.07 * y)
              + 3 * Math.sin(0.05 * (x + 2 * y + 3 * z)) + 0.01 * noise.nextGaussian()));
    return s;
  }

  /** zfp through the codec API (the others still go straight through the bindings). */
  static long zfp(Arena arena, MemorySegment src, MemorySegment dst) {
    MemorySegment stream = Zfp.encode(NdArray.of(src, DType.FLOAT32, NZ, NY, NX), ZfpOptions.tolerance(TOLERANCE), arena);
    Zfp.decode(stream, NdArray.of(dst, DType.FLOAT32, NZ, NY, NX));
    return stream.byteSize();
  }

  static long sperr(Arena arena, MemorySegment src, MemorySegment dst) throws Throwable {
    MemorySegment out = arena.allocate(ADDRESS);
    MemorySegment len = arena.allocate(JAVA_LONG);
    check(SPERR_C_API_h.sperr_comp_3d(src, 1, NX, NY, NZ, NX, NY, NZ, 3, TOLERANCE, 2, out, len), "sperr_comp_3d");
    MemorySegment stream = out.get(ADDRESS, 0);
    long size = len.get(JAVA_LONG, 0);
    MemorySegment dims = arena.allocate(JAVA_LONG, 3);
    MemorySegment decoded = arena.allocate(ADDRESS);
    check(SPERR_C_API_h.sperr_decomp_3d(stream, size, 1, 2, dims, dims.asSlice(8), dims.asSlice(16), decoded),
        "sperr_decomp_3d");
    MemorySegment.copy(decoded.get(ADDRESS, 0).reinterpret(N * 4), 0, dst, 0, N * 4);
    FREE.invokeExact(decoded.get(ADDRESS, 0));
    FREE.invokeExact(stream);
    return size;
  }

  static long sz3(Arena arena, MemorySegment src, MemorySegment dst) {
    MemorySegment len = arena.allocate(JAVA_LONG);
    MemorySegment stream = sz3c_h.SZ_compress_args(sz3c_h.SZ_FLOAT(), src, len, sz3c_h.ABS(), TOLERANCE, 0, 0,
        0, 0, NZ, NY, NX);
    long size = len.get(JAVA_LONG, 0);
    MemorySegment decoded = sz3c_h.SZ_decompress(sz3c_h.SZ_FLOAT(), stream, size, 0, 0, NZ, NY, NX);
    MemorySegment.copy(decoded.reinterpret(N * 4), 0, dst, 0, N * 4);
    sz3c_h.free_buf(decoded);
    sz3c_h.free_buf(stream);
    return size;
  }

  static long lerc(Arena arena, MemorySegment src, MemorySegment dst) {
    final int float32 = 6, rows = NZ * NY, version = 4;
    MemorySegment size = arena.allocate(JAVA_INT);
    check(Lerc_c_api_h.lerc_computeCompressedSizeForVersion(src, version, float32, 1, NX, rows, 1, 0,
        MemorySegment.NULL, TOLERANCE, size), "lerc_computeCompressedSizeForVersion");
    MemorySegment blob = arena.allocate(size.get(JAVA_INT, 0));
    check(Lerc_c_api_h.lerc_encodeForVersion(src, version, float32, 1, NX, rows, 1, 0, MemorySegment.NULL,
        TOLERANCE, blob, (int) blob.byteSize(), size), "lerc_encodeForVersion");
    check(Lerc_c_api_h.lerc_decode(blob, size.get(JAVA_INT, 0), 0, MemorySegment.NULL, 1, NX, rows, 1, float32,
        dst), "lerc_decode");
    return size.get(JAVA_INT, 0);
  }

  static long pcodec(Arena arena, MemorySegment src, MemorySegment dst) {
    byte f32 = (byte) cpcodec_h.PCO_TYPE_F32();
    long capacity = cpcodec_h.pco_standalone_guarantee_file_size(N, f32);
    MemorySegment stream = arena.allocate(capacity);
    MemorySegment written = arena.allocate(JAVA_LONG);
    check(cpcodec_h.pco_standalone_simple_compress_into(src, N, f32, MemorySegment.NULL, stream, capacity,
        written), "pco_standalone_simple_compress_into");
    long size = written.get(JAVA_LONG, 0);
    check(cpcodec_h.pco_standalone_simple_decompress_into(stream, size, f32, dst, N, written),
        "pco_standalone_simple_decompress_into");
    return size;
  }

  static long aec(Arena arena, MemorySegment src, MemorySegment dst) {
    MemorySegment encoded = arena.allocate(src.byteSize() * 67 / 64 + 256);
    MemorySegment strm = aec_stream.allocate(arena);
    aecSetup(strm, src, encoded);
    check(libaec_h.aec_buffer_encode(strm), "aec_buffer_encode");
    long size = aec_stream.total_out(strm);
    strm.fill((byte) 0);
    aecSetup(strm, encoded.asSlice(0, size), dst);
    check(libaec_h.aec_buffer_decode(strm), "aec_buffer_decode");
    return size;
  }

  static void aecSetup(MemorySegment strm, MemorySegment in, MemorySegment out) {
    aec_stream.next_in(strm, in);
    aec_stream.avail_in(strm, in.byteSize());
    aec_stream.next_out(strm, out);
    aec_stream.avail_out(strm, out.byteSize());
    aec_stream.bits_per_sample(strm, 32);
    aec_stream.block_size(strm, 16);
    aec_stream.rsi(strm, 128);
    aec_stream.flags(strm, libaec_h.AEC_DATA_PREPROCESS());
  }

  static void check(int status, String function) {
    if (status != 0) {
      throw new IllegalStateException(function + " returned " + status);
    }
  }
}
