package org.scicodecs.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks every generated struct/union class against the C compiler: size, alignment, and the
 * offset and size of every field, as printed by the generated {@code
 * bindings/src/test/c/struct_layouts.c}. The properties file comes from {@code
 * scripts/generate-bindings --layouts OUT.properties}; its path is the system property {@value
 * #PROPERTY}.
 *
 * <p>Runs on any thread; it only reads classes and a file.
 */
class StructLayoutTest {

  static final String PROPERTY = "scicodecs.struct.layouts";
  private static final String PREFIX = "struct.";
  private static final String FIELD = ".field.";
  private static final String BINDINGS_PACKAGE = "org.scicodecs.bindings";

  /** One struct as C sees it: size, alignment, and per field its offset and size. */
  record CStruct(long size, long align, Map<String, Long> offsets, Map<String, Long> sizes) {}

  static Map<String, CStruct> readLayouts() throws IOException {
    String location = System.getProperty(PROPERTY);
    if (location == null || location.isBlank()) {
      fail(
          "system property "
              + PROPERTY
              + " is not set: run scripts/generate-bindings --layouts OUT.properties and pass -D"
              + PROPERTY
              + "=OUT.properties (Maven sets it for the bindings module)");
    }
    Path path = Path.of(location);
    if (!Files.isRegularFile(path)) {
      fail(
          PROPERTY
              + "="
              + location
              + " does not exist: run scripts/generate-bindings --layouts "
              + location);
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(path)) {
      p.load(r);
    }
    Map<String, long[]> heads = new TreeMap<>();
    Map<String, Map<String, Long>> offsets = new TreeMap<>();
    Map<String, Map<String, Long>> sizes = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (!key.startsWith(PREFIX)) {
        fail("unexpected key in " + path + ": " + key);
      }
      long value = Long.parseLong(p.getProperty(key).trim());
      String rest = key.substring(PREFIX.length());
      int f = rest.indexOf(FIELD);
      if (f >= 0) {
        String cls = rest.substring(0, f);
        String fieldAndWhat = rest.substring(f + FIELD.length());
        int dot = fieldAndWhat.lastIndexOf('.');
        String field = fieldAndWhat.substring(0, dot);
        switch (fieldAndWhat.substring(dot + 1)) {
          case "offset" -> offsets.computeIfAbsent(cls, k -> new TreeMap<>()).put(field, value);
          case "size" -> sizes.computeIfAbsent(cls, k -> new TreeMap<>()).put(field, value);
          default -> fail("unexpected key in " + path + ": " + key);
        }
      } else if (rest.endsWith(".size")) {
        heads.computeIfAbsent(rest.substring(0, rest.length() - 5), k -> new long[] {-1, -1})[0] =
            value;
      } else if (rest.endsWith(".align")) {
        heads.computeIfAbsent(rest.substring(0, rest.length() - 6), k -> new long[] {-1, -1})[1] =
            value;
      } else {
        fail("unexpected key in " + path + ": " + key);
      }
    }
    Map<String, CStruct> out = new TreeMap<>();
    for (var e : heads.entrySet()) {
      long[] sa = e.getValue();
      assertTrue(sa[0] >= 0 && sa[1] > 0, "size and align of " + e.getKey() + " in " + path);
      out.put(
          e.getKey(),
          new CStruct(
              sa[0],
              sa[1],
              offsets.getOrDefault(e.getKey(), Map.of()),
              sizes.getOrDefault(e.getKey(), Map.of())));
    }
    Set<String> orphans = new TreeSet<>(offsets.keySet());
    orphans.addAll(sizes.keySet());
    orphans.removeAll(out.keySet());
    assertTrue(orphans.isEmpty(), "field entries without a struct entry: " + orphans);
    assertFalse(out.isEmpty(), path + " lists no structs");
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyGeneratedStructMatchesTheCCompiler() throws IOException {
    Map<String, CStruct> layouts = readLayouts();
    return layouts.entrySet().stream()
        .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> check(e.getKey(), e.getValue())));
  }

  static void check(String className, CStruct c) throws ReflectiveOperationException {
    Class<?> cls = Class.forName(className);
    GroupLayout layout = (GroupLayout) cls.getMethod("layout").invoke(null);
    assertEquals(c.size(), layout.byteSize(), className + ": size");
    assertEquals(c.align(), layout.byteAlignment(), className + ": alignment");
    assertEquals(c.size(), (long) cls.getMethod("sizeof").invoke(null), className + ".sizeof()");

    Set<String> javaFields = new TreeSet<>();
    long end = 0;
    for (MemoryLayout m : layout.memberLayouts()) {
      if (m instanceof PaddingLayout) {
        continue;
      }
      String name = m.name().orElseThrow(() -> new AssertionError(className + ": unnamed member"));
      javaFields.add(name);
      Long cOffset = c.offsets().get(name);
      if (cOffset == null) {
        fail(className + ": Java layout has field " + name + " that C does not list");
      }
      long offset = layout.byteOffset(MemoryLayout.PathElement.groupElement(name));
      assertEquals(cOffset, offset, className + "." + name + ": offset");
      assertEquals(c.sizes().get(name), m.byteSize(), className + "." + name + ": size");
      Method accessor = offsetAccessor(cls, name);
      assertEquals(cOffset, (long) accessor.invoke(null), className + "." + accessor.getName());
      end = Math.max(end, offset + m.byteSize());
    }
    assertEquals(c.offsets().keySet(), javaFields, className + ": field names");
    if (layout instanceof StructLayout) {
      assertTrue(end <= c.size(), className + ": fields run past the struct's end");
    }
  }

  /** The generated {@code <field>$offset()}; Java keywords get a trailing underscore. */
  private static Method offsetAccessor(Class<?> cls, String field)
      throws ReflectiveOperationException {
    try {
      return cls.getMethod(field + "$offset");
    } catch (NoSuchMethodException e) {
      return cls.getMethod(field + "_$offset");
    }
  }

  /**
   * Every generated struct class on the class path (any class in the bindings packages with a
   * static {@code GroupLayout layout()}) must be in the properties file, so a struct added to an
   * argfile cannot go unchecked.
   */
  @Test
  void theLayoutFileCoversEveryGeneratedStruct() throws Exception {
    Map<String, CStruct> layouts = readLayouts();
    List<String> missing = new ArrayList<>();
    for (String name : generatedClassNames()) {
      Class<?> cls = Class.forName(name, false, StructLayoutTest.class.getClassLoader());
      Method m;
      try {
        m = cls.getMethod("layout");
      } catch (NoSuchMethodException e) {
        continue;
      }
      if (Modifier.isStatic(m.getModifiers())
          && GroupLayout.class.isAssignableFrom(m.getReturnType())
          && !layouts.containsKey(name)) {
        missing.add(name);
      }
    }
    Collections.sort(missing);
    assertTrue(
        missing.isEmpty(),
        "generated structs without a C layout entry (regenerate with scripts/generate-bindings): "
            + missing);
  }

  private static Set<String> generatedClassNames() throws IOException, URISyntaxException {
    Set<String> names = new TreeSet<>();
    String dir = BINDINGS_PACKAGE.replace('.', '/');
    var urls = StructLayoutTest.class.getClassLoader().getResources(dir);
    while (urls.hasMoreElements()) {
      URL url = urls.nextElement();
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
          collect(fs.getPath(dir), fs.getPath("/"), names);
        }
      } else if ("file".equals(uri.getScheme())) {
        Path root = Path.of(uri);
        collect(root, root.resolve("../".repeat(dir.split("/").length)).normalize(), names);
      }
    }
    assertFalse(names.isEmpty(), "no classes found under " + dir);
    return names;
  }

  private static void collect(Path start, Path root, Set<String> names) throws IOException {
    try (Stream<Path> files = Files.walk(start)) {
      files
          .filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$"))
          .forEach(
              f -> {
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (rel.startsWith("/")) {
                  rel = rel.substring(1);
                }
                names.add(rel.substring(0, rel.length() - ".class".length()).replace('/', '.'));
              });
    }
  }
}
