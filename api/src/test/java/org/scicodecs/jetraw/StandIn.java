package org.scicodecs.jetraw;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.scicodecs.nativelib.NativeLibraries;

/**
 * The test side of the Jetraw SDK stand-in (api/src/test/c/jetraw_standin/standin.h): where it is,
 * its status numbers, what it recorded, and its stream header. The stand-in is loaded by {@link
 * Jetraw} through -Dscicodecs.jetraw.path (set by api/pom.xml); these calls read its state.
 */
final class StandIn {
  static final int PARAMETER_ERROR = 11;
  static final int FILE_READ_ERROR = 12;
  static final int UNKNOWN_IDENTIFIER = 13;
  static final int IMAGE_TOO_SMALL = 15;
  static final int DESTINATION_TOO_SMALL = 16;
  static final int CORRUPT_STREAM = 17;

  static final String VERSION = "23.03.16.4-scicodecs-standin";
  static final String DEFAULT_IDENTIFIER = "500202_fast_bin1x";

  private StandIn() {}

  /** The stand-in's directory, as api/pom.xml passes it to the tests. */
  static Path directory() {
    String dir = System.getProperty(NativeLibraries.JETRAW_PATH_PROPERTY);
    if (dir == null) {
      throw new IllegalStateException(
          "-D" + NativeLibraries.JETRAW_PATH_PROPERTY + " is not set: run the tests through Maven");
    }
    return Path.of(dir);
  }

  /** A counter or last argument the stand-in's libdpcore recorded. */
  static long dpcore(String name) {
    return value("dpcore", "standin_dpcore_value", name);
  }

  /** A counter or last argument the stand-in's libjetraw recorded. */
  static long jetraw(String name) {
    return value("jetraw", "standin_jetraw_value", name);
  }

  static String lastParametersPath() {
    try {
      MemorySegment p = (MemorySegment) handle("dpcore", "standin_last_parameters_path",
          FunctionDescriptor.of(ADDRESS)).invokeExact();
      return p.reinterpret(4096).getString(0, StandardCharsets.UTF_8);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  /** Calls the stand-in's dpcore_embed_meta directly: to show what it does to a buffer. */
  static int embedMeta(MemorySegment pixels, String identifier, float bound) {
    try (Arena arena = Arena.ofConfined()) {
      return (int) handle("dpcore", "dpcore_embed_meta",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_FLOAT))
          .invokeExact(pixels, (int) (pixels.byteSize() / 2), arena.allocateFrom(identifier), bound);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  private static long value(String library, String function, String name) {
    try (Arena arena = Arena.ofConfined()) {
      return (long) handle(library, function, FunctionDescriptor.of(JAVA_LONG, ADDRESS))
          .invokeExact(arena.allocateFrom(name));
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  @SuppressWarnings("restricted")
  private static MethodHandle handle(String library, String function, FunctionDescriptor fd) {
    MemorySegment address = NativeLibraries.load(library).find(function).orElseThrow();
    return Linker.nativeLinker().downcallHandle(address, fd);
  }

  /** The header the stand-in writes: "JRSI", width, height, error bound, identifier. */
  record Header(long width, long height, float errorBound, String identifier) {
    static Header of(byte[] stream) {
      MemorySegment s = MemorySegment.ofArray(stream);
      if (stream.length < 18 || !"JRSI".equals(new String(stream, 0, 4, StandardCharsets.US_ASCII))) {
        throw new AssertionError("not a stand-in stream");
      }
      var le = ByteOrder.LITTLE_ENDIAN;
      int n = Short.toUnsignedInt(s.get(JAVA_SHORT.withOrder(le).withByteAlignment(1), 16));
      return new Header(
          Integer.toUnsignedLong(s.get(JAVA_INT.withOrder(le).withByteAlignment(1), 4)),
          Integer.toUnsignedLong(s.get(JAVA_INT.withOrder(le).withByteAlignment(1), 8)),
          s.get(JAVA_FLOAT.withOrder(le).withByteAlignment(1), 12),
          new String(s.asSlice(18, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8));
    }
  }
}
