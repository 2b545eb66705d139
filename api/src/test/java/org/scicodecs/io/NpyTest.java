package org.scicodecs.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scicodecs.DType;
import org.scicodecs.NdArray;

/**
 * {@link Npy} against the format NumPy writes. The byte fixtures here are what {@code numpy.save}
 * 2.4 writes (checked against real NumPy by {@code NpyInteropTest} in the tests module, which runs
 * NumPy itself).
 */
class NpyTest {
  @TempDir Path dir;

  static final long[][] SHAPES = {{7}, {3, 5}, {2, 3, 4}, {2, 1, 3, 2}};

  static Stream<Arguments> dtypesAndShapes() {
    List<Arguments> all = new ArrayList<>();
    for (DType t : DType.values()) {
      for (long[] s : SHAPES) {
        all.add(Arguments.of(t, s));
      }
    }
    return all.stream();
  }

  /** An array whose bytes are all different, so any misplaced byte shows. */
  static NdArray filled(Arena arena, DType dtype, long... shape) {
    NdArray a = NdArray.allocate(arena, dtype, shape);
    MemorySegment s = a.segment();
    for (long i = 0; i < a.byteSize(); i++) {
      s.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 7 + 3));
    }
    return a;
  }

  @ParameterizedTest
  @MethodSource("dtypesAndShapes")
  void roundTripsEveryDtypeAndRank(DType dtype, long[] shape) throws Exception {
    Path file = dir.resolve("a.npy");
    try (Arena arena = Arena.ofConfined()) {
      NdArray a = filled(arena, dtype, shape);
      Npy.write(file, a);
      Npy.Header h = Npy.readHeader(file);
      assertEquals(1, h.majorVersion());
      assertEquals(dtype, h.dtype());
      assertArrayEquals(shape, h.shape());
      assertFalse(h.fortranOrder());
      assertEquals(0, h.dataOffset() % 64, "NumPy aligns the data to 64 bytes");
      assertEquals(h.dataOffset() + a.byteSize(), Files.size(file));

      NdArray read = Npy.read(file, arena);
      NdArray mapped = Npy.map(file, FileChannel.MapMode.READ_ONLY, arena);
      for (NdArray b : List.of(read, mapped)) {
        assertEquals(dtype, b.dtype());
        assertArrayEquals(shape, b.shape());
        assertTrue(b.isContiguous());
        assertEquals(-1, a.segment().mismatch(b.segment()));
      }
      assertTrue(mapped.segment().isMapped());
      assertTrue(mapped.segment().isReadOnly());
    }
  }

  @Test
  void writesTheBytesNumpySaveWrites() throws Exception {
    // numpy.save(f, numpy.arange(12, dtype='<f4').reshape(3, 4))
    float[] values = new float[12];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    Path file = dir.resolve("f4.npy");
    Npy.write(file, NdArray.of(values, 3, 4));
    byte[] expected =
        concat(numpyHeader(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }", 118), le(values));
    assertArrayEquals(expected, Files.readAllBytes(file));
    assertEquals(128 + 48, expected.length);

    // numpy.save(f, numpy.arange(5, dtype='u1')): one-byte types use '|', one-tuples a comma.
    Npy.write(file, NdArray.of(new byte[] {0, 1, 2, 3, 4}, DType.UINT8));
    assertArrayEquals(
        concat(
            numpyHeader(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (5,), }", 118),
            new byte[] {0, 1, 2, 3, 4}),
        Files.readAllBytes(file));

    // numpy.save(f, numpy.zeros((0, 7), '<i2')): empty arrays have a header only.
    try (Arena arena = Arena.ofConfined()) {
      Npy.write(file, NdArray.allocate(arena, DType.INT16, 0, 7));
      assertArrayEquals(
          numpyHeader(1, "{'descr': '<i2', 'fortran_order': False, 'shape': (0, 7), }", 118),
          Files.readAllBytes(file));
      NdArray empty = Npy.map(file, FileChannel.MapMode.READ_ONLY, arena);
      assertArrayEquals(new long[] {0, 7}, empty.shape());
      assertEquals(0, Npy.read(file, arena).size());
    }
  }

  @Test
  void writesStridedViewsInCOrder() throws Exception {
    double[] values = new double[4 * 6];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    NdArray view = NdArray.of(values, 4, 6).slice(1, 1, 6, 2).transpose(); // shape (3, 4)
    Path file = dir.resolve("view.npy");
    Npy.write(file, view);
    try (Arena arena = Arena.ofConfined()) {
      NdArray back = Npy.read(file, arena);
      assertArrayEquals(new long[] {3, 4}, back.shape());
      assertTrue(back.isContiguous());
      for (long i = 0; i < back.size(); i++) {
        assertEquals(view.getDoubleFlat(i), back.getDoubleFlat(i));
      }
    }
  }

  @Test
  void readsFortranOrderAsAFortranStridedView() throws Exception {
    // numpy.save(f, numpy.asfortranarray(numpy.arange(6, dtype='<i4').reshape(2, 3))): the file
    // holds the elements column by column: [0,0] [1,0] [0,1] [1,1] [0,2] [1,2].
    int[] columnMajor = {0, 3, 1, 4, 2, 5};
    Path file = dir.resolve("f.npy");
    Files.write(
        file,
        concat(
            numpyHeader(1, "{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }", 118),
            le(columnMajor)));
    try (Arena arena = Arena.ofConfined()) {
      for (NdArray a :
          List.of(Npy.read(file, arena), Npy.map(file, FileChannel.MapMode.READ_ONLY, arena))) {
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(new long[] {1, 2}, a.strides());
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 3; j++) {
            assertEquals(i * 3 + j, a.getDouble(i, j));
          }
        }
        // Written back, it becomes the C-order file of the same values.
        Path c = dir.resolve("c.npy");
        Npy.write(c, a);
        NdArray back = Npy.read(c, arena);
        assertArrayEquals(new long[] {3, 1}, back.strides());
        for (long k = 0; k < 6; k++) {
          assertEquals(k, back.getDoubleFlat(k));
        }
      }
    }
    assertTrue(Npy.readHeader(file).fortranOrder());
    assertArrayEquals(new long[] {1, 2, 6}, Npy.fortranStrides(new long[] {2, 3, 4}));
    // NumPy leaves growth room after the last axis for Fortran order: same header length here.
    assertArrayEquals(
        numpyHeader(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", 118),
        Npy.header(DType.FLOAT64, new long[] {2, 3}, true, 0));
  }

  @Test
  void readsVersion2And3Headers() throws Exception {
    short[] values = {1, -2, 3, -4, 5, -6};
    for (int version : new int[] {2, 3}) {
      // numpy.lib.format.write_array(f, a, version=(v, 0)): a 4-byte header length.
      byte[] header = Npy.header(DType.INT16, new long[] {2, 3}, false, version);
      assertArrayEquals(
          numpyHeader(version, "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }", 116),
          header);
      Path file = dir.resolve("v" + version + ".npy");
      Files.write(file, concat(header, le(values)));
      Npy.Header h = Npy.readHeader(file);
      assertEquals(version, h.majorVersion());
      assertEquals(128, h.dataOffset());
      try (Arena arena = Arena.ofConfined()) {
        NdArray a = Npy.map(file, FileChannel.MapMode.READ_ONLY, arena);
        assertEquals(DType.INT16, a.dtype());
        assertEquals(-6.0, a.getDouble(1, 2));
        assertEquals(3.0, Npy.read(file, arena).getDouble(0, 2));
      }
    }
    // Version 3 is UTF-8: non-ASCII text is allowed by the encoding, but still not in the dict.
    Path file = dir.resolve("v3bad.npy");
    Files.write(file, rawFile(3, "{'descr': '<i2', 'fortran_order': False, 'shape': (1,), 'ü': 1}\n", 2));
    assertMessage(file, "unexpected key 'ü'");
    Files.write(file, concat(rawFile(3, "{'descr': '<i2', 'fortran_order': False, 'shape': (1,), }", 0),
        new byte[] {(byte) 0xC3, '\n', 0, 0}));
    fixLength(file);
    assertMessage(file, "not valid UTF-8");
  }

  @Test
  void acceptsWhatNumpyAccepts() throws Exception {
    Path file = dir.resolve("ok.npy");
    // Keys in any order, double quotes, no trailing comma, no padding, Python 2 longs (v1/v2).
    String dict = "{\"shape\": (2L, 2), 'fortran_order': False, 'descr': '<u2'}";
    if ((10 + dict.length() + 1) % 2 == 0) {
      dict += " ";
    }
    Files.write(file, rawFile(1, dict, 8));
    Npy.Header h = Npy.readHeader(file);
    assertEquals(DType.UINT16, h.dtype());
    assertArrayEquals(new long[] {2, 2}, h.shape());
    try (Arena arena = Arena.ofConfined()) {
      assertEquals(4, Npy.read(file, arena).size());
      // The data starts at an odd offset here: mapping it needs aligned elements.
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Npy.map(file, FileChannel.MapMode.READ_ONLY, arena));
      assertTrue(e.getMessage().contains("use Npy.read"), e.getMessage());
    }
    // One-byte types may carry any byte-order mark.
    Files.write(file, rawFile(1, "{'descr': '>i1', 'fortran_order': False, 'shape': (3,), }", 3));
    assertEquals(DType.INT8, Npy.readHeader(file).dtype());
    // Trailing bytes after the data are ignored, as numpy.load does.
    Files.write(file, rawFile(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 9));
    assertArrayEquals(new long[] {1}, Npy.readHeader(file).shape());
  }

  @Test
  void refusesMalformedHeaders() throws Exception {
    Path file = dir.resolve("bad.npy");
    String ok = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";

    Files.write(file, new byte[0]);
    assertMessage(file, "not a .npy file");
    Files.write(file, "PK\3\4 this is a zip file".getBytes(StandardCharsets.ISO_8859_1));
    assertMessage(file, "no \\x93NUMPY magic");
    Files.write(file, rawFile(4, ok, 16));
    assertMessage(file, "version 4.0 is not supported");
    byte[] v11 = rawFile(1, ok, 16);
    v11[7] = 1;
    Files.write(file, v11);
    assertMessage(file, "version 1.1");
    Files.write(file, Arrays.copyOf(rawFile(2, ok, 16), 11));
    assertMessage(file, "ends inside the .npy header length");

    // Header lengths that run past the file or past the limit: refused before any allocation.
    byte[] longHeader = rawFile(1, ok, 16);
    longHeader[8] = (byte) 0xFF;
    longHeader[9] = (byte) 0xFF;
    Files.write(file, longHeader);
    assertMessage(file, "runs past the end of the file");
    byte[] hugeHeader = rawFile(2, ok, 16);
    ByteBuffer.wrap(hugeHeader).order(ByteOrder.LITTLE_ENDIAN).putInt(8, -1);
    Files.write(file, hugeHeader);
    assertMessage(file, "header length 4294967295 exceeds");

    assertHeader(file, "[1, 2]", "expected '{'");
    assertHeader(file, "{'descr': '<f8', 'fortran_order': False}", "no 'shape' key");
    assertHeader(file, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}", "unexpected key 'x'");
    assertHeader(
        file, "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", "repeats the key 'descr'");
    assertHeader(file, ok + " x", "unexpected text after the dict");
    assertHeader(file, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,) ", "expected ',' or '}'");
    assertHeader(file, "{'descr' '<f8'}", "expected ':'");
    assertHeader(file, "{'descr': '<f8", "unterminated string");
    assertHeader(file, "{'descr': '\\x3cf8', 'fortran_order': False, 'shape': (2,)}", "escape sequences");
    assertHeader(file, "{'descr': '>f8', 'fortran_order': False, 'shape': (2,)}", "big-endian");
    assertHeader(file, "{'descr': '|b1', 'fortran_order': False, 'shape': (2,)}", "'|b1' is not supported");
    assertHeader(file, "{'descr': '<c16', 'fortran_order': False, 'shape': (2,)}", "is not supported");
    assertHeader(file, "{'descr': 'f8', 'fortran_order': False, 'shape': (2,)}", "is not supported");
    assertHeader(
        file, "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,)}", "structured dtypes");
    assertHeader(file, "{'descr': 8, 'fortran_order': False, 'shape': (2,)}", "expected a string");
    assertHeader(file, "{'descr': '<f8', 'fortran_order': 0, 'shape': (2,)}", "expected a string");
    assertHeader(file, "{'descr': '<f8', 'fortran_order': 'no', 'shape': (2,)}", "is not True or False");
    assertHeader(file, "{'descr': '<f8', 'fortran_order': False, 'shape': '2'}", "not a tuple of integers");
    assertHeader(file, "{'descr': '<f8', 'fortran_order': False, 'shape': (2)}", "not a tuple");
    assertHeader(file, "{'descr': '<f8', 'fortran_order': False, 'shape': (2.5,)}", "expected ',' or ')'");
    assertHeader(file, "{'descr': '<f8', 'fortran_order': False, 'shape': (02,)}", "expected an integer");
    assertHeader(file, "{'descr': '<f8', 'fortran_order': False, 'shape': (-2,)}", "negative size");
    assertHeader(file, "{'descr': '<f8', 'fortran_order': False, 'shape': ()}", "0-dimensional");
    assertHeader(
        file, "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,)}", "out of range");
    assertHeader(
        file,
        "{'descr': '<f8', 'fortran_order': False, 'shape': (" + "1, ".repeat(33) + ")}",
        "more than 32 dimensions");
    // Python 3 (version 3.0) files have no Python 2 longs.
    Files.write(file, rawFile(3, "{'descr': '<f8', 'fortran_order': False, 'shape': (2L,)}", 16));
    assertMessage(file, "expected ',' or ')'");

    // Shapes whose data cannot be in the file, however large: no allocation, a clear message.
    assertHeader(
        file,
        "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4)}",
        "overflows 64 bits");
    assertHeader(
        file, "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,)}", "the file is truncated");
    Files.write(file, rawFile(1, ok, 15));
    assertMessage(file, "needs 16 bytes");
  }

  @Test
  void randomlyCorruptedHeadersEndInIllegalArgumentException() throws Exception {
    Path file = dir.resolve("fuzz.npy");
    byte[] good;
    try (Arena arena = Arena.ofConfined()) {
      Npy.write(file, filled(arena, DType.FLOAT32, 3, 4));
      good = Files.readAllBytes(file);
    }
    final String syntax = "0123456789(),'L:TF{} \n";
    java.util.Random random = new java.util.Random(42);
    int refused = 0;
    for (int round = 0; round < 3000; round++) {
      byte[] bad = good.clone();
      for (int k = 1 + random.nextInt(3); k > 0; k--) {
        int at = random.nextInt(128); // magic, version, length and dict
        bad[at] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : (byte) syntax.charAt(random.nextInt(syntax.length()));
      }
      Files.write(file, round % 7 == 0 ? Arrays.copyOf(bad, random.nextInt(bad.length)) : bad);
      try (Arena arena = Arena.ofConfined()) {
        NdArray a = Npy.map(file, FileChannel.MapMode.READ_ONLY, arena);
        assertTrue(a.byteSize() <= good.length, "a mapped array never exceeds the file");
      } catch (IllegalArgumentException expected) {
        refused++;
      }
    }
    assertTrue(refused > 1000, "most corruptions are refused: " + refused);
  }

  @Test
  void createMapsANewFileForWriting() throws Exception {
    Path file = dir.resolve("new.npy");
    Files.write(file, new byte[100_000]); // replaced, not reused
    try (Arena arena = Arena.ofConfined()) {
      NdArray out = Npy.create(file, DType.FLOAT64, new long[] {3, 4}, arena);
      assertTrue(out.segment().isMapped());
      assertEquals(0.0, out.getDouble(2, 3));
      for (long i = 0; i < 12; i++) {
        out.segment().setAtIndex(ValueLayout.JAVA_DOUBLE, i, i * 0.5);
      }
    }
    assertEquals(128 + 96, Files.size(file));
    try (Arena arena = Arena.ofConfined()) {
      NdArray back = Npy.read(file, arena);
      assertEquals(5.5, back.getDouble(2, 3));
      // READ_WRITE maps write through to the file.
      Npy.map(file, FileChannel.MapMode.READ_WRITE, arena)
          .segment()
          .setAtIndex(ValueLayout.JAVA_DOUBLE, 0, -1.0);
    }
    try (Arena arena = Arena.ofConfined()) {
      assertEquals(-1.0, Npy.read(file, arena).getDouble(0, 0));
      // PRIVATE maps are copy-on-write: the file keeps its values.
      NdArray copy = Npy.map(file, FileChannel.MapMode.PRIVATE, arena);
      copy.segment().setAtIndex(ValueLayout.JAVA_DOUBLE, 0, 42.0);
      assertEquals(42.0, copy.getDouble(0, 0));
      assertEquals(-1.0, Npy.read(file, arena).getDouble(0, 0));
    }
    try (Arena arena = Arena.ofConfined()) {
      assertThrows(
          IllegalArgumentException.class, () -> Npy.create(file, DType.FLOAT32, new long[0], arena));
      assertThrows(
          IllegalArgumentException.class,
          () -> Npy.create(file, DType.FLOAT32, new long[] {-1}, arena));
    }
  }

  // ---- fixtures ----------------------------------------------------------------------------

  /** Magic, version, length and dict padded with spaces to {@code total} header bytes. */
  static byte[] numpyHeader(int version, String dict, int headerLength) {
    int preamble = version == 1 ? 10 : 12;
    ByteBuffer b = ByteBuffer.allocate(preamble + headerLength).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
    if (version == 1) {
      b.putShort((short) headerLength);
    } else {
      b.putInt(headerLength);
    }
    b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
    while (b.position() < b.capacity() - 1) {
      b.put((byte) ' ');
    }
    b.put((byte) '\n');
    return b.array();
  }

  /** A file with an unpadded header (as a hand-written tool might make) and data bytes. */
  static byte[] rawFile(int version, String dict, int dataBytes) {
    byte[] text = (dict + "\n").getBytes(version == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    int preamble = version == 1 ? 10 : 12;
    ByteBuffer b = ByteBuffer.allocate(preamble + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
    if (version == 1) {
      b.putShort((short) text.length);
    } else {
      b.putInt(text.length);
    }
    b.put(text);
    return b.array();
  }

  /** Rewrites the header length of a file made by {@link #rawFile} plus extra header bytes. */
  static void fixLength(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, bytes.length - 12 - 2);
    Files.write(file, bytes);
  }

  void assertHeader(Path file, String dict, String message) throws Exception {
    Files.write(file, rawFile(1, dict, 16));
    assertMessage(file, message);
  }

  static void assertMessage(Path file, String message) {
    for (int how = 0; how < 3; how++) {
      int h = how;
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () -> {
                try (Arena arena = Arena.ofConfined()) {
                  switch (h) {
                    case 0 -> Npy.readHeader(file);
                    case 1 -> Npy.read(file, arena);
                    default -> Npy.map(file, FileChannel.MapMode.READ_ONLY, arena);
                  }
                }
              });
      assertTrue(e.getMessage().contains(message), "expected '" + message + "' in: " + e.getMessage());
      assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }
  }

  static byte[] le(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  static byte[] le(int[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putInt(v);
    }
    return b.array();
  }

  static byte[] le(short[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short v : values) {
      b.putShort(v);
    }
    return b.array();
  }

  static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }
}
