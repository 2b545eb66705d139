package org.scicodecs.cli.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.scicodecs.DType;
import org.scicodecs.NdArray;
import org.scicodecs.cli.CliException;
import org.scicodecs.cli.Params;

/**
 * Small pieces every codec adapter uses: turning an options record's refusal into a usage error,
 * reconciling {@code --shape}/{@code --dtype} with what a stream records, an allocator that hands
 * out a given segment, and number formatting for sweeps.
 *
 * <p>Thread-safe: stateless.
 */
public final class Support {
  private Support() {}

  /**
   * Builds a codec's options; an {@link IllegalArgumentException} from its validation becomes a
   * usage error prefixed with the codec's name.
   */
  public static <T> T options(String codec, Supplier<T> factory) {
    try {
      return factory.get();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(codec + ": " + e.getMessage());
    }
  }

  /** The {@code --dtype} the caller must give because the stream does not record it. */
  public static DType requireDtype(Params p, String codec, String why) {
    DType d = p.dtype("dtype");
    if (d == null) {
      throw CliException.usage(codec + " streams " + why + ": give --dtype (e.g. --dtype float32)");
    }
    return d;
  }

  /** The {@code --shape} the caller must give because the stream does not record it. */
  public static long[] requireShape(Params p, String codec, String why) {
    long[] s = p.shape("shape");
    if (s == null) {
      throw CliException.usage(codec + " streams " + why + ": give --shape (e.g. --shape 64,256,256)");
    }
    return s;
  }

  /** Both, with one message naming whichever are missing. */
  public static ArraySpec requireShapeAndDtype(Params p, String codec, String why) {
    boolean shape = p.has("shape");
    boolean dtype = p.has("dtype");
    if (!shape || !dtype) {
      String missing = !shape && !dtype ? "--shape and --dtype" : !shape ? "--shape" : "--dtype";
      throw CliException.usage(
          codec + " streams " + why + ": give " + missing + " (e.g. --shape 64,256,256 --dtype uint16)");
    }
    return new ArraySpec(p.dtype("dtype"), p.shape("shape"));
  }

  /**
   * What the stream records, with the caller's {@code --dtype} and {@code --shape} checked
   * against it. With {@code reshape}, a given shape of the same size replaces the recorded one
   * (for codecs that record only the element count, or decode into any shape of that size).
   */
  public static ArraySpec reconcile(ArraySpec recorded, Params p, String codec, boolean reshape) {
    DType d = p.dtype("dtype");
    if (d != null && d != recorded.dtype()) {
      throw CliException.usage(
          "--dtype " + d + " does not match the " + codec + " stream, which holds " + recorded.dtype());
    }
    long[] s = p.shape("shape");
    if (s == null || Arrays.equals(s, recorded.shape())) {
      return recorded;
    }
    ArraySpec wanted = new ArraySpec(recorded.dtype(), s);
    if (reshape && wanted.size() == recorded.size()) {
      return wanted;
    }
    throw CliException.usage(
        "--shape " + ArraySpec.shapeText(s) + " does not match the " + codec + " stream, which holds "
            + recorded + (reshape ? " (" + recorded.size() + " values)" : ""));
  }

  /**
   * An allocator that answers one request with the start of {@code target} (for decoders that
   * allocate their output: the output is then the caller's memory-mapped file).
   */
  public static SegmentAllocator into(MemorySegment target) {
    return new SegmentAllocator() {
      private boolean used;

      @Override
      public MemorySegment allocate(long byteSize, long byteAlignment) {
        if (used || byteSize > target.byteSize() || target.address() % byteAlignment != 0) {
          throw new IllegalStateException(
              "decoder asked for " + byteSize + " bytes (alignment " + byteAlignment
                  + "), the output has " + target.byteSize() + (used ? " and was handed out" : ""));
        }
        used = true;
        return target.asSlice(0, byteSize);
      }
    };
  }

  /** A number with 3 significant digits, as short as Java and Python both parse it. */
  public static String sig(double v) {
    return sig(v, 3);
  }

  /**
   * A number with {@code digits} significant digits: plain between 1e-4 and 1e7 ({@code 0.00238},
   * {@code 4095}), else in e-notation ({@code 2.38e-7}).
   */
  public static String sig(double v, int digits) {
    if (v == 0 || !Double.isFinite(v)) {
      return v == 0 ? "0" : Double.toString(v);
    }
    BigDecimal d = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros();
    double a = Math.abs(v);
    if (a >= 1e-4 && a < 1e7) {
      return d.toPlainString();
    }
    return d.toString().replace("E+", "e").replace("E", "e");
  }

  /** An ordered map from alternating keys and values, for sweeps. */
  public static Params setting(String... keysAndValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return Params.of(m);
  }

  /** An ordered map from alternating keys and values, for Python arguments. */
  public static Map<String, Object> args(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /**
   * An array of the given dtype and shape at address 0, for APIs that derive parameters from a
   * dtype and shape only (such as {@code SzipOptions.forArray}). Its elements must never be read.
   */
  @SuppressWarnings("restricted")
  public static NdArray shapeOnly(ArraySpec spec) {
    return NdArray.of(MemorySegment.NULL.reinterpret(spec.byteSize()), spec.dtype(), spec.shape());
  }

  /** {@code check} must never throw: anything unexpected reads as "not this codec". */
  public static Recognition safely(Supplier<Recognition> check) {
    try {
      return check.get();
    } catch (RuntimeException | LinkageError e) {
      return Recognition.no();
    }
  }
}
