package org.scicodecs.tests;

import org.scicodecs.nativelib.NativeLibraries;
import org.scicodecs.nativelib.NativeLibraryException;

/** Run in a fresh JVM by {@link LibraryLoadingTest}: prints where each named library came from. */
public final class LibraryProbe {
  private LibraryProbe() {}

  public static void main(String[] args) {
    for (String name : args) {
      try {
        NativeLibraries.load(name);
        System.out.println(name + "=" + NativeLibraries.location(name).map(Object::toString).orElse("system"));
      } catch (NativeLibraryException e) {
        System.out.println(name + "=FAILED " + e.getMessage().replace('\n', '|'));
      }
    }
  }
}
