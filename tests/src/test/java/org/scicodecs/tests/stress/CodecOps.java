package org.scicodecs.tests.stress;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.lerc.Lerc;
import org.scicodecs.lerc.LercOptions;
import org.scicodecs.pcodec.Pcodec;
import org.scicodecs.pcodec.PcodecOptions;
import org.scicodecs.sperr.Sperr;
import org.scicodecs.sperr.SperrOptions;
import org.scicodecs.sz3.Sz3;
import org.scicodecs.sz3.Sz3Options;
import org.scicodecs.szip.Aec;
import org.scicodecs.szip.AecOptions;
import org.scicodecs.szip.Szip;
import org.scicodecs.szip.SzipOptions;
import org.scicodecs.zfp.ZFP;
import org.scicodecs.zfp.Zfp;
import org.scicodecs.zfp.ZfpOptions;

/**
 * One encode→decode operation per codec and mode, on small deterministic arrays, whose result (the
 * stream and the decoded values, as one checksum) must not depend on which thread runs it or what
 * runs beside it. Shared by the concurrency stress test and the native-memory soak.
 */
final class CodecOps {
  private CodecOps() {}

  /** A named operation: encodes and decodes its input, returns a checksum of stream + values. */
  record Op(String name, java.util.function.Supplier<Long> run) {}

  /** Every operation; inputs live in the given (shared, read-only after this) arena. */
  static List<Op> all(Arena arena) {
    NdArray f32 = field(arena, DType.FLOAT32, 12, 16, 20);
    NdArray f64 = field(arena, DType.FLOAT64, 24, 30);
    NdArray u16 = field(arena, DType.UINT16, 8, 32, 32);
    NdArray i32 = field(arena, DType.INT32, 2000);
    List<Op> ops = new ArrayList<>();
    ops.add(new Op("zfp-tolerance", () -> roundTrip(Zfp.encode(f32, ZfpOptions.tolerance(1e-3)),
        s -> Zfp.decode(MemorySegment.ofArray(s), Arena.ofAuto()))));
    ops.add(new Op("zfp-rate-omp", () -> roundTrip(
        Zfp.encode(f64, ZfpOptions.rate(12).withExecution(ZFP.EXEC.OMP).withThreads(2)),
        s -> Zfp.decode(MemorySegment.ofArray(s), Arena.ofAuto()))));
    ops.add(new Op("sperr-pwe", () -> roundTrip(Sperr.encode(f32, SperrOptions.pwe(1e-3)),
        s -> Sperr.decode(MemorySegment.ofArray(s), Arena.ofAuto()))));
    ops.add(new Op("sperr-chunks-omp", () -> roundTrip(
        Sperr.encode(f32, SperrOptions.psnr(70).withChunks(6, 8, 10).withThreads(2)),
        s -> Sperr.decode(MemorySegment.ofArray(s), Arena.ofAuto(), Long.MAX_VALUE, 2))));
    ops.add(new Op("sz3-abs", () -> roundTrip(Sz3.encode(f64, Sz3Options.tolerance(1e-4)),
        s -> Sz3.decode(MemorySegment.ofArray(s), DType.FLOAT64, Arena.ofAuto()))));
    ops.add(new Op("lerc", () -> roundTrip(Lerc.encode(u16, LercOptions.lossless()),
        s -> Lerc.decode(MemorySegment.ofArray(s), Arena.ofAuto()).data())));
    ops.add(new Op("szip", () -> {
      SzipOptions o = SzipOptions.forArray(u16, org.scicodecs.szip.SZIP.NN, 32);
      byte[] s = Szip.encode(u16, o);
      MemorySegment out = Arena.ofAuto().allocate(u16.segment().byteSize());
      Szip.decode(MemorySegment.ofArray(s), o, out);
      return checksum(s) * 31 + checksum(out.toArray(ValueLayout.JAVA_BYTE));
    }));
    ops.add(new Op("aec", () -> {
      AecOptions o = AecOptions.of(16);
      byte[] s = Aec.encode(u16.segment(), o);
      MemorySegment out = Arena.ofAuto().allocate(u16.segment().byteSize());
      Aec.decode(MemorySegment.ofArray(s), o, out);
      return checksum(s) * 31 + checksum(out.toArray(ValueLayout.JAVA_BYTE));
    }));
    ops.add(new Op("pcodec", () -> roundTrip(Pcodec.encode(i32, PcodecOptions.defaults()),
        s -> Pcodec.decode(MemorySegment.ofArray(s), Arena.ofAuto()))));
    return ops;
  }

  private static long roundTrip(byte[] stream, java.util.function.Function<byte[], NdArray> decode) {
    NdArray d = decode.apply(stream);
    return checksum(stream) * 31 + checksum(d.contiguousSegment().toArray(ValueLayout.JAVA_BYTE));
  }

  static long checksum(byte[] b) {
    return Arrays.hashCode(b) * 1_000_003L + b.length;
  }

  /** Smooth values plus a little deterministic noise, in the dtype. */
  static NdArray field(Arena arena, DType dtype, long... shape) {
    NdArray a = NdArray.allocate(arena, dtype, shape);
    MemorySegment s = a.segment();
    for (long i = 0; i < a.size(); i++) {
      double v = Math.sin(i * 0.031) * Math.cos(i * 0.0017) + ((i * 2654435761L) % 101) * 1e-4;
      switch (dtype) {
        case FLOAT32 -> s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v);
        case FLOAT64 -> s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
        case UINT16 -> s.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) (2000 + 1500 * v));
        case INT32 -> s.setAtIndex(ValueLayout.JAVA_INT, i, (int) (1e6 * v));
        default -> throw new IllegalArgumentException(dtype.toString());
      }
    }
    return a;
  }
}
