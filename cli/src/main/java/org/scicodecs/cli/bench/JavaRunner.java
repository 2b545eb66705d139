package org.scicodecs.cli.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.scicodecs.NdArray;
import org.scicodecs.cli.Params;
import org.scicodecs.cli.codec.CodecAdapter;
import org.scicodecs.cli.codec.Decoding;
import org.scicodecs.cli.codec.Encoding;

/**
 * Times one codec setting on one data set through exactly the code the {@code encode} and {@code
 * decode} commands run (the adapter's {@link Encoding} and {@link Decoding}): one untimed round
 * trip that also measures the error, then up to {@code reps} timed round trips (fewer when they
 * exceed the time budget), reporting medians. Encoding writes into a reused off-heap buffer as large
 * as the codec's bound (as the command writes into the mapped output file); decoding writes into a
 * reused off-heap array, after reading the stream's header as the command does.
 *
 * <p>Not thread-safe: one run at a time.
 *
 * {@snippet :
 * Measurement m = new JavaRunner(3, 2.0).run(dataset, Codecs.get("zfp"), setting);
 * }
 */
public final class JavaRunner {
  private final int reps;
  private final double budgetSeconds;

  /**
   * @param reps the most timed round trips per setting
   * @param budgetSeconds stop timing a setting after this long (at least one timed round trip)
   */
  public JavaRunner(int reps, double budgetSeconds) {
    this.reps = reps;
    this.budgetSeconds = budgetSeconds;
  }

  /** Runs a setting; failures are returned as a failed measurement, not thrown. */
  public Measurement run(Dataset ds, CodecAdapter codec, Params setting) {
    NdArray data = ds.data();
    String label = setting.commandLine();
    try (Arena arena = Arena.ofConfined()) {
      Encoding enc = codec.encoder(setting, data);
      MemorySegment stream;
      try (Arena once = Arena.ofConfined()) {
        MemorySegment s = enc.encode(data, once);
        stream = arena.allocate(Math.max(1, s.byteSize()), 8).asSlice(0, s.byteSize());
        MemorySegment.copy(s, 0, stream, 0, s.byteSize());
      }
      Params decodeParams = decodeParams(setting, ds);
      NdArray decoded = NdArray.allocate(arena, data.dtype(), data.shape());
      codec.decoder(stream, decodeParams).decodeInto(decoded);
      ErrorMetrics err = ErrorMetrics.compare(data, decoded);

      long bound = Math.max(enc.maxAllocation(data), stream.byteSize());
      SegmentAllocator scratch = SegmentAllocator.prefixAllocator(arena.allocate(bound + 64, 64));
      double[] te = new double[reps];
      double[] td = new double[reps];
      int n = 0;
      long start = System.nanoTime();
      while (n < reps && (n == 0 || (System.nanoTime() - start) / 1e9 < budgetSeconds)) {
        long t0 = System.nanoTime();
        MemorySegment s = enc.encode(data, scratch);
        long t1 = System.nanoTime();
        Decoding dec = codec.decoder(stream, decodeParams);
        dec.decodeInto(decoded);
        long t2 = System.nanoTime();
        if (s.byteSize() != stream.byteSize()) {
          throw new IllegalStateException(
              "the stream changed size between runs: " + stream.byteSize() + " then " + s.byteSize());
        }
        te[n] = (t1 - t0) / 1e9;
        td[n] = (t2 - t1) / 1e9;
        n++;
      }
      return new Measurement(ds.name(), codec.name(), label, Measurement.SCICODECS,
          data.byteSize(), stream.byteSize(), err.maxAbsError(), err.psnr(ds.stats().range()),
          median(te, n), median(td, n), n, null);
    } catch (RuntimeException e) { // CliException included: a setting the codec refuses
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return Measurement.failed(ds.name(), codec.name(), label, Measurement.SCICODECS,
          data.byteSize(), msg.replace('\n', ' '));
    }
  }

  /** What {@code decode} would be given: the setting's options plus the data's shape and dtype. */
  static Params decodeParams(Params setting, Dataset ds) {
    Map<String, String> m = new LinkedHashMap<>(setting.asMap());
    m.put("dtype", ds.data().dtype().numpyName());
    m.put("shape", String.join(",", Arrays.stream(ds.data().shape()).mapToObj(Long::toString).toList()));
    return Params.of(m);
  }

  static double median(double[] v, int n) {
    double[] s = Arrays.copyOf(v, n);
    Arrays.sort(s);
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
