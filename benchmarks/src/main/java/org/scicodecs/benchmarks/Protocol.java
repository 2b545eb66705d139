package org.scicodecs.benchmarks;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What the Java drivers of {@code benchmarks/python/run_bench.py} share with the C and Python
 * drivers: the decoded-array checksum and the way times are listed on a reply line.
 */
final class Protocol {
  private Protocol() {}

  /** Sum of word[i] * (2i + 1) mod 2^64 over the bytes as little-endian 64-bit words. */
  static long checksum(MemorySegment s) {
    long h = 0;
    long n = s.byteSize() / 8;
    for (long i = 0; i < n; i++) {
      h += s.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i) * (2 * i + 1);
    }
    return h;
  }

  /** The times as " T1 T2 ..." for a reply line. */
  static String join(long[] t) {
    StringBuilder b = new StringBuilder();
    for (long x : t) {
      b.append(' ').append(x);
    }
    return b.toString();
  }
}
