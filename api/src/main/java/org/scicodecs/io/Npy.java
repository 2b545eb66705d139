package org.scicodecs.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.scicodecs.DType;
import org.scicodecs.NdArray;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0), the way arrays
 * travel between scicodecs and Python.
 *
 * <p>Reading: {@link #map} maps the data part of the file, without a copy; {@link #read} copies it
 * into memory from a {@link SegmentAllocator}. The header is checked strictly before anything is
 * mapped or allocated: the magic string, the version, a header length of at most {@value
 * #MAX_HEADER_BYTES} bytes that fits the file, a Python dict with exactly the keys {@code 'descr'},
 * {@code 'fortran_order'} and {@code 'shape'}, a little-endian (or {@code '|'}) type string of one
 * of the {@link DType}s, 1 to {@value NdArray#MAX_DIMENSIONS} non-negative dimensions, and data
 * that fits in the file. Anything else is an {@link IllegalArgumentException} that says what is
 * wrong; a hostile header never causes a large allocation. Big-endian files ({@code '>f4'}) are
 * refused: byte-swap them in NumPy first ({@code a.astype(a.dtype.newbyteorder('<'))}).
 *
 * <p>Fortran order: a file written with {@code fortran_order: True} (for example {@code
 * numpy.save} of a transposed array) is returned with its shape as written and Fortran strides
 * (the first axis varies fastest), so element {@code [i, j]} is the same element NumPy sees. Such
 * a view is not {@linkplain NdArray#isContiguous() C-contiguous}; it is the C-contiguous array of
 * the reversed shape, {@linkplain NdArray#transpose() transposed}.
 *
 * <p>Writing: {@link #write} writes any array, whatever its strides, in C order with the same bytes
 * {@code numpy.save} writes (version 1.0 unless the header needs 2.0, header padded with spaces to
 * a multiple of 64 bytes). {@link #create} makes a new file and maps its data part for writing, so
 * a decoder can write straight into the file.
 *
 * <p>I/O errors are thrown as {@link UncheckedIOException}. Mapped arrays live as long as the
 * caller's {@link Arena}.
 *
 * <p>Thread-safe: stateless; concurrent calls on different files are independent.
 *
 * {@snippet :
 * try (Arena arena = Arena.ofConfined()) {
 *   NdArray field = Npy.map(Path.of("field.npy"), FileChannel.MapMode.READ_ONLY, arena);
 *   byte[] stream = Zfp.encode(field, ZfpOptions.tolerance(1e-3));
 *   NdArray out = Npy.create(Path.of("decoded.npy"), field.dtype(), field.shape(), arena);
 *   Zfp.decode(MemorySegment.ofArray(stream), out); // decodes into the new file
 * }
 * }
 */
public final class Npy {
  /** The longest header accepted, in bytes; NumPy writes fewer than 1,500 for any array here. */
  public static final int MAX_HEADER_BYTES = 1 << 20;

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** NumPy pads the header so the data starts at a multiple of this. */
  private static final int ARRAY_ALIGN = 64;
  /** NumPy leaves room for the growing axis to reach this many digits. */
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;
  /** Transfers through ByteBuffers stay below their 2 GiB limit. */
  private static final long CHUNK = 1L << 30;

  private Npy() {}

  /**
   * What a {@code .npy} header says.
   *
   * @param majorVersion 1, 2 or 3
   * @param minorVersion 0
   * @param dtype the element type
   * @param shape the shape as written
   * @param fortranOrder whether the data is stored in Fortran (column-major) order
   * @param dataOffset where the data starts in the file, in bytes
   */
  public record Header(
      int majorVersion,
      int minorVersion,
      DType dtype,
      long[] shape,
      boolean fortranOrder,
      long dataOffset) {
    public Header {
      shape = shape.clone();
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }

    /** The number of data bytes: product of the shape times the element size. */
    public long dataBytes() {
      long n = dtype.byteSize();
      for (long s : shape) {
        n = Math.multiplyExact(n, s);
      }
      return n;
    }

    /** Element strides of the stored layout: C order, or Fortran order if {@link #fortranOrder}. */
    public long[] strides() {
      return fortranOrder ? fortranStrides(shape) : NdArray.contiguousStrides(shape);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Header h
          && h.majorVersion == majorVersion
          && h.minorVersion == minorVersion
          && h.dtype == dtype
          && Arrays.equals(h.shape, shape)
          && h.fortranOrder == fortranOrder
          && h.dataOffset == dataOffset;
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(shape) * 31 + dtype.hashCode() + (int) dataOffset;
    }

    @Override
    public String toString() {
      return "Npy.Header[version "
          + majorVersion
          + "."
          + minorVersion
          + ", "
          + dtype.numpyDescr()
          + " "
          + Arrays.toString(shape)
          + (fortranOrder ? " Fortran order" : "")
          + ", data at "
          + dataOffset
          + "]";
    }
  }

  // ---- reading -----------------------------------------------------------------------------

  /**
   * Reads and checks the header of a {@code .npy} file.
   *
   * @throws IllegalArgumentException if the file is not a valid {@code .npy} file of a supported
   *     type, or is shorter than its header says
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Header readHeader(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return readHeader(channel, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Maps the data of a {@code .npy} file as an array, without copying it. The mapping lives as
   * long as {@code arena}. In {@code READ_WRITE} mode, writes to the array go to the file.
   *
   * @param mode READ_ONLY; READ_WRITE; or PRIVATE (copy-on-write: writes stay in memory), which
   *     needs a writable file, as {@link FileChannel#map} does
   * @throws IllegalArgumentException for an invalid header (see the class description), or if the
   *     data is not aligned to its elements in the file (only hand-made files do that; use {@link
   *     #read})
   * @throws UncheckedIOException if the file cannot be opened or mapped
   */
  public static NdArray map(Path file, FileChannel.MapMode mode, Arena arena) {
    if (mode == null || arena == null) {
      throw new IllegalArgumentException("mode and arena must not be null");
    }
    // FileChannel.map wants a writable channel for PRIVATE (copy-on-write) maps too.
    var options =
        mode == FileChannel.MapMode.READ_ONLY
            ? new StandardOpenOption[] {StandardOpenOption.READ}
            : new StandardOpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE};
    try (FileChannel channel = FileChannel.open(file, options)) {
      Header h = readHeader(channel, file.toString());
      if (h.dataOffset % h.dtype.byteSize() != 0) {
        throw new IllegalArgumentException(
            file
                + ": the data starts at byte "
                + h.dataOffset
                + ", not aligned to its "
                + h.dtype.byteSize()
                + "-byte elements, so it cannot be mapped; use Npy.read");
      }
      MemorySegment data = channel.map(mode, h.dataOffset, h.dataBytes(), arena);
      return NdArray.of(data, h.dtype, h.shape, h.strides());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map " + file, e);
    }
  }

  /**
   * Reads a {@code .npy} file into memory from {@code allocator}. The header is checked before
   * anything is allocated, and the allocation is exactly the data size the file holds.
   *
   * @throws IllegalArgumentException for an invalid header (see the class description)
   * @throws UncheckedIOException if the file cannot be read
   */
  public static NdArray read(Path file, SegmentAllocator allocator) {
    if (allocator == null) {
      throw new IllegalArgumentException("allocator must not be null");
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      Header h = readHeader(channel, file.toString());
      MemorySegment data = allocator.allocate(h.dataBytes(), Math.max(8, h.dtype.byteSize()));
      long done = 0;
      while (done < data.byteSize()) {
        ByteBuffer buffer = data.asSlice(done, Math.min(CHUNK, data.byteSize() - done)).asByteBuffer();
        while (buffer.hasRemaining()) {
          int n = channel.read(buffer, h.dataOffset + done + buffer.position());
          if (n < 0) {
            throw new IllegalArgumentException(file + ": the file ended while reading its data");
          }
        }
        done += buffer.capacity();
      }
      return NdArray.of(data, h.dtype, h.shape, h.strides());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  // ---- writing -----------------------------------------------------------------------------

  /**
   * Writes an array, whatever its strides, to a {@code .npy} file in C order, replacing the file.
   * The bytes are those {@code numpy.save} writes for the same array.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(Path file, NdArray array) {
    if (array == null) {
      throw new IllegalArgumentException("array must not be null");
    }
    try (Arena arena = Arena.ofConfined()) {
      NdArray target = create(file, array.dtype(), array.shape(), arena);
      array.copyTo(target);
    }
  }

  /**
   * Creates (or replaces) a {@code .npy} file for a C-order array and maps its data part for
   * writing: what is written to the returned array lands in the file. The data starts zero-filled.
   * The mapping lives as long as {@code arena}.
   *
   * @throws IllegalArgumentException for a shape NumPy cannot store here (no dimensions, more than
   *     {@value NdArray#MAX_DIMENSIONS}, negative sizes, or a byte size beyond 64 bits)
   * @throws UncheckedIOException if the file cannot be created or mapped
   */
  public static NdArray create(Path file, DType dtype, long[] shape, Arena arena) {
    if (dtype == null || shape == null || arena == null) {
      throw new IllegalArgumentException("dtype, shape and arena must not be null");
    }
    long[] s = shape.clone();
    checkShape(s, dtype, "shape");
    byte[] header = header(dtype, s, false, 0);
    long bytes = dataBytes(dtype, s, "shape");
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(header);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      // Mapping past the end grows the file; the new bytes read as zero.
      MemorySegment data = channel.map(FileChannel.MapMode.READ_WRITE, header.length, bytes, arena);
      return NdArray.of(data, dtype, s);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file, e);
    }
  }

  /**
   * The header bytes (magic, version, length, dict, padding) NumPy writes for an array, in the
   * given format version, or the smallest that fits if {@code version} is 0.
   */
  static byte[] header(DType dtype, long[] shape, boolean fortranOrder, int version) {
    StringBuilder dict = new StringBuilder();
    dict.append("{'descr': '")
        .append(dtype.numpyDescr())
        .append("', 'fortran_order': ")
        .append(fortranOrder ? "True" : "False")
        .append(", 'shape': (");
    for (int i = 0; i < shape.length; i++) {
      dict.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    dict.append(shape.length == 1 ? ",), }" : "), }");
    if (shape.length > 0) {
      // Room for the axis numpy would grow when appending, as numpy.lib.format does.
      long growth = shape[fortranOrder ? shape.length - 1 : 0];
      dict.repeat(' ', Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(growth).length()));
    }
    byte[] text = dict.toString().getBytes(StandardCharsets.UTF_8);
    int v = version;
    if (v == 0) {
      v = padded(text.length, 1) <= 0xFFFF ? 1 : 2;
    }
    int preamble = preamble(v);
    int headerLength = padded(text.length, v);
    if (v == 1 && headerLength > 0xFFFF) {
      throw new IllegalArgumentException("header of " + headerLength + " bytes needs version 2.0");
    }
    ByteBuffer out = ByteBuffer.allocate(preamble + headerLength).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) v).put((byte) 0);
    if (v == 1) {
      out.putShort((short) headerLength);
    } else {
      out.putInt(headerLength);
    }
    out.put(text);
    while (out.position() < out.capacity() - 1) {
      out.put((byte) ' ');
    }
    out.put((byte) '\n');
    return out.array();
  }

  /** Dict text plus padding plus the final newline, as NumPy pads it (64 - 0 gives 64, too). */
  private static int padded(int textLength, int version) {
    int withNewline = textLength + 1;
    int pad = ARRAY_ALIGN - ((preamble(version) + withNewline) % ARRAY_ALIGN);
    return withNewline + pad;
  }

  private static int preamble(int version) {
    return version == 1 ? 10 : 12;
  }

  // ---- header parsing ----------------------------------------------------------------------

  private static Header readHeader(FileChannel channel, String name) throws IOException {
    long fileSize = channel.size();
    ByteBuffer start = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, start, 0);
    if (start.position() < 10) {
      throw new IllegalArgumentException(
          name + ": not a .npy file (" + fileSize + " bytes, shorter than any header)");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (start.get(i) != MAGIC[i]) {
        throw new IllegalArgumentException(name + ": not a .npy file (no \\x93NUMPY magic)");
      }
    }
    int major = Byte.toUnsignedInt(start.get(6));
    int minor = Byte.toUnsignedInt(start.get(7));
    if (major < 1 || major > 3 || minor != 0) {
      throw new IllegalArgumentException(
          name + ": .npy format version " + major + "." + minor + " is not supported (1.0, 2.0, 3.0)");
    }
    int preamble = preamble(major);
    if (start.position() < preamble) {
      throw new IllegalArgumentException(name + ": the file ends inside the .npy header length");
    }
    long headerLength =
        major == 1 ? Short.toUnsignedInt(start.getShort(8)) : Integer.toUnsignedLong(start.getInt(8));
    if (headerLength > MAX_HEADER_BYTES) {
      throw new IllegalArgumentException(
          name + ": the .npy header length " + headerLength + " exceeds " + MAX_HEADER_BYTES + " bytes");
    }
    if (preamble + headerLength > fileSize) {
      throw new IllegalArgumentException(
          name
              + ": the .npy header of "
              + headerLength
              + " bytes runs past the end of the file ("
              + fileSize
              + " bytes)");
    }
    ByteBuffer raw = ByteBuffer.allocate((int) headerLength);
    readFully(channel, raw, preamble);
    if (raw.hasRemaining()) {
      throw new IllegalArgumentException(name + ": the file ended inside the .npy header");
    }
    String text;
    try {
      var decoder =
          (major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1)
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      CharBuffer chars = decoder.decode(raw.flip());
      text = chars.toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(name + ": the .npy header is not valid UTF-8", e);
    }
    Map<String, Object> dict = new HeaderParser(text, name, major <= 2).parse();
    Object descr = dict.get("descr");
    Object fortran = dict.get("fortran_order");
    Object shapeValue = dict.get("shape");
    if (!(descr instanceof String d)) {
      throw new IllegalArgumentException(
          name + ": 'descr' " + show(descr) + " is not a type string (structured dtypes are not supported)");
    }
    if (!(fortran instanceof Boolean fortranOrder)) {
      throw new IllegalArgumentException(name + ": 'fortran_order' " + show(fortran) + " is not True or False");
    }
    if (!(shapeValue instanceof long[] shape)) {
      throw new IllegalArgumentException(name + ": 'shape' " + show(shapeValue) + " is not a tuple of integers");
    }
    DType dtype = dtype(d, name);
    checkShape(shape, dtype, name + ": 'shape'");
    long dataOffset = preamble + headerLength;
    long bytes = dataBytes(dtype, shape, name + ": 'shape'");
    if (bytes > fileSize - dataOffset) {
      throw new IllegalArgumentException(
          name
              + ": the file is truncated: a "
              + d
              + " array of shape "
              + Arrays.toString(shape)
              + " needs "
              + bytes
              + " bytes at offset "
              + dataOffset
              + ", the file has "
              + (fileSize - dataOffset));
    }
    return new Header(major, minor, dtype, shape, fortranOrder, dataOffset);
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position + buffer.position());
      if (n < 0) {
        return;
      }
    }
  }

  private static DType dtype(String descr, String name) {
    if (descr.length() < 2) {
      throw new IllegalArgumentException(name + ": 'descr' '" + descr + "' is not a type string");
    }
    char order = descr.charAt(0);
    String code = descr.substring(1);
    DType dtype = null;
    for (DType t : DType.values()) {
      if (t.numpyDescr().substring(1).equals(code)) {
        dtype = t;
      }
    }
    if (dtype == null || "<>|=".indexOf(order) < 0) {
      throw new IllegalArgumentException(
          name
              + ": dtype '"
              + descr
              + "' is not supported (supported: "
              + Arrays.stream(DType.values()).map(DType::numpyDescr).toList()
              + ")");
    }
    if (order == '>' && dtype.byteSize() > 1) {
      throw new IllegalArgumentException(
          name
              + ": dtype '"
              + descr
              + "' is big-endian; scicodecs reads little-endian data only"
              + " (in NumPy: a.astype(a.dtype.newbyteorder('<')))");
    }
    return dtype;
  }

  private static void checkShape(long[] shape, DType dtype, String what) {
    if (shape.length == 0) {
      throw new IllegalArgumentException(
          what + " () is a 0-dimensional array, which NdArray does not represent; reshape it to (1,)");
    }
    if (shape.length > NdArray.MAX_DIMENSIONS) {
      throw new IllegalArgumentException(
          what + " has " + shape.length + " dimensions, more than " + NdArray.MAX_DIMENSIONS);
    }
    for (long s : shape) {
      if (s < 0) {
        throw new IllegalArgumentException(what + " " + Arrays.toString(shape) + " has a negative size");
      }
    }
    dataBytes(dtype, shape, what);
  }

  private static long dataBytes(DType dtype, long[] shape, String what) {
    long n = dtype.byteSize();
    try {
      for (long s : shape) {
        n = Math.multiplyExact(n, s);
      }
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(what + " " + Arrays.toString(shape) + " overflows 64 bits", e);
    }
    return n;
  }

  static long[] fortranStrides(long[] shape) {
    long[] reversed = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      reversed[i] = shape[shape.length - 1 - i];
    }
    long[] c = NdArray.contiguousStrides(reversed);
    long[] strides = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      strides[i] = c[shape.length - 1 - i];
    }
    return strides;
  }

  private static String show(Object value) {
    return value instanceof long[] a ? Arrays.toString(a) : String.valueOf(value);
  }

  /**
   * The subset of Python literal syntax a {@code .npy} header uses: a dict of string keys whose
   * values are strings, {@code True}/{@code False} and tuples of integers. Tuples become {@code
   * long[]}, lists are refused (structured dtypes), and so is everything else.
   */
  private static final class HeaderParser {
    private final String text;
    private final String name;
    private final boolean python2Longs;
    private int pos;

    HeaderParser(String text, String name, boolean python2Longs) {
      this.text = text;
      this.name = name;
      this.python2Longs = python2Longs;
    }

    Map<String, Object> parse() {
      Map<String, Object> dict = new LinkedHashMap<>();
      skipSpace();
      expect('{');
      skipSpace();
      while (peek() != '}') {
        if (peek() != '\'' && peek() != '"') {
          throw error("expected a string key");
        }
        String key = string();
        if (!key.equals("descr") && !key.equals("fortran_order") && !key.equals("shape")) {
          throw new IllegalArgumentException(
              name + ": the .npy header has the unexpected key '" + key + "'");
        }
        skipSpace();
        expect(':');
        skipSpace();
        Object value = value();
        if (dict.put(key, value) != null) {
          throw new IllegalArgumentException(name + ": the .npy header repeats the key '" + key + "'");
        }
        skipSpace();
        if (peek() == ',') {
          pos++;
          skipSpace();
        } else if (peek() != '}') {
          throw error("expected ',' or '}'");
        }
      }
      pos++;
      skipSpace();
      if (pos != text.length()) {
        throw error("unexpected text after the dict");
      }
      for (String key : new String[] {"descr", "fortran_order", "shape"}) {
        if (!dict.containsKey(key)) {
          throw new IllegalArgumentException(name + ": the .npy header has no '" + key + "' key");
        }
      }
      return dict;
    }

    private Object value() {
      char c = peek();
      if (c == '\'' || c == '"') {
        return string();
      }
      if (text.startsWith("True", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (text.startsWith("False", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      if (c == '(') {
        return tuple();
      }
      if (c == '[') {
        throw error("structured dtypes (a list descr) are not supported");
      }
      throw error("expected a string, True, False or a tuple");
    }

    private long[] tuple() {
      expect('(');
      skipSpace();
      long[] values = new long[4];
      int n = 0;
      boolean comma = false;
      while (peek() != ')') {
        if (n == NdArray.MAX_DIMENSIONS) {
          throw error("the shape has more than " + NdArray.MAX_DIMENSIONS + " dimensions");
        }
        if (n == values.length) {
          values = Arrays.copyOf(values, n * 2);
        }
        values[n++] = integer();
        skipSpace();
        comma = false;
        if (peek() == ',') {
          pos++;
          comma = true;
          skipSpace();
        } else if (peek() != ')') {
          throw error("expected ',' or ')' in the shape");
        }
      }
      pos++;
      if (n == 1 && !comma) {
        throw error("'(" + values[0] + ")' is an integer in Python, not a tuple");
      }
      return Arrays.copyOf(values, n);
    }

    private long integer() {
      int begin = pos;
      if (peek() == '-') {
        pos++;
      }
      int digits = pos;
      while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
        pos++;
      }
      if (pos == digits || (pos - digits > 1 && text.charAt(digits) == '0')) {
        pos = begin;
        throw error("expected an integer");
      }
      long value;
      try {
        value = Long.parseLong(text.substring(begin, pos));
      } catch (NumberFormatException e) {
        pos = begin;
        throw error("integer out of range");
      }
      if (python2Longs && (peek() == 'L' || peek() == 'l')) {
        pos++; // Python 2 wrote long integers as 3L; NumPy still reads such files.
      }
      return value;
    }

    private String string() {
      char quote = text.charAt(pos++);
      int begin = pos;
      while (pos < text.length() && text.charAt(pos) != quote) {
        char c = text.charAt(pos);
        if (c == '\\') {
          throw error("escape sequences in strings are not supported");
        }
        if (c == '\n') {
          break;
        }
        pos++;
      }
      if (pos == text.length() || text.charAt(pos) != quote) {
        throw error("unterminated string");
      }
      return text.substring(begin, pos++);
    }

    private void skipSpace() {
      while (pos < text.length() && " \t\n\r\f".indexOf(text.charAt(pos)) >= 0) {
        pos++;
      }
    }

    private char peek() {
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    private IllegalArgumentException error(String what) {
      String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
      return new IllegalArgumentException(
          name
              + ": invalid .npy header: "
              + what
              + " at character "
              + pos
              + " of "
              + shown.strip().replace("\n", "\\n"));
    }
  }
}
