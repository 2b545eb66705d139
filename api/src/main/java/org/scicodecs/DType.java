package org.scicodecs;

import java.lang.foreign.ValueLayout;
import java.util.Locale;

/**
 * The element types of an {@link NdArray}, as NumPy names them. Values are stored little-endian
 * (the native order of every platform scicodecs runs on); {@link #FLOAT16} elements are raw IEEE
 * binary16 bits in a {@code short}.
 *
 * <p>Thread-safe: an enum.
 *
 * {@snippet :
 * DType t = DType.fromNumpy("<f4"); // FLOAT32
 * long bytes = t.byteSize() * 1000; // 4000
 * }
 */
public enum DType {
  INT8("int8", "i1", ValueLayout.JAVA_BYTE, Kind.SIGNED),
  UINT8("uint8", "u1", ValueLayout.JAVA_BYTE, Kind.UNSIGNED),
  INT16("int16", "i2", ValueLayout.JAVA_SHORT, Kind.SIGNED),
  UINT16("uint16", "u2", ValueLayout.JAVA_SHORT, Kind.UNSIGNED),
  INT32("int32", "i4", ValueLayout.JAVA_INT, Kind.SIGNED),
  UINT32("uint32", "u4", ValueLayout.JAVA_INT, Kind.UNSIGNED),
  INT64("int64", "i8", ValueLayout.JAVA_LONG, Kind.SIGNED),
  UINT64("uint64", "u8", ValueLayout.JAVA_LONG, Kind.UNSIGNED),
  FLOAT16("float16", "f2", ValueLayout.JAVA_SHORT, Kind.FLOAT),
  FLOAT32("float32", "f4", ValueLayout.JAVA_FLOAT, Kind.FLOAT),
  FLOAT64("float64", "f8", ValueLayout.JAVA_DOUBLE, Kind.FLOAT);

  private enum Kind {
    SIGNED,
    UNSIGNED,
    FLOAT
  }

  private final String numpyName;
  private final String typeCode;
  private final ValueLayout layout;
  private final Kind kind;

  DType(String numpyName, String typeCode, ValueLayout layout, Kind kind) {
    this.numpyName = numpyName;
    this.typeCode = typeCode;
    this.layout = layout;
    this.kind = kind;
  }

  /** Bytes per element: 1, 2, 4 or 8. */
  public int byteSize() {
    return (int) layout.byteSize();
  }

  /** The Java layout an element is read with (FLOAT16 and unsigned types use the signed carrier). */
  public ValueLayout layout() {
    return layout;
  }

  /** NumPy's name, e.g. {@code "float32"}. */
  public String numpyName() {
    return numpyName;
  }

  /** NumPy's little-endian type string, e.g. {@code "<f4"} ({@code "|u1"} for one-byte types). */
  public String numpyDescr() {
    return (byteSize() == 1 ? "|" : "<") + typeCode;
  }

  /** Whether this is a floating-point type (float16, float32, float64). */
  public boolean isFloatingPoint() {
    return kind == Kind.FLOAT;
  }

  /** Whether this is an integer type, signed or not. */
  public boolean isInteger() {
    return kind != Kind.FLOAT;
  }

  /** Whether values can be negative (signed integers and floats). */
  public boolean isSigned() {
    return kind != Kind.UNSIGNED;
  }

  /**
   * The type for a NumPy name or type string: {@code "float32"}, {@code "f4"}, {@code "<f4"},
   * {@code "=f4"}, {@code "|u1"}, {@code "uint8"}.
   *
   * @throws IllegalArgumentException for unknown names and for big-endian strings such as {@code
   *     ">f4"}, which scicodecs does not read
   */
  public static DType fromNumpy(String name) {
    String s = name.strip().toLowerCase(Locale.ROOT);
    if (s.startsWith(">")) {
      throw new IllegalArgumentException(
          "dtype '" + name + "' is big-endian; scicodecs handles little-endian data only");
    }
    if (s.startsWith("<") || s.startsWith("=") || s.startsWith("|")) {
      s = s.substring(1);
    }
    for (DType t : values()) {
      if (t.numpyName.equals(s) || t.typeCode.equals(s)) {
        return t;
      }
    }
    throw new IllegalArgumentException("dtype '" + name + "' is not supported");
  }

  @Override
  public String toString() {
    return numpyName;
  }
}
