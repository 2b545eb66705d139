package org.scicodecs.tests.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many Java threads at once, every codec mixed (the OpenMP ones with their own thread teams): each
 * of {@value #THREADS} threads runs {@value #OPS_PER_THREAD} encode→decode operations in a random
 * order, and every result must equal the single-threaded one.
 */
class ConcurrencyStressTest {
  static final int THREADS = 8;
  static final int OPS_PER_THREAD = 400;

  @Test
  void mixedCodecsOnEightThreadsGiveSingleThreadedResults() throws Exception {
    try (Arena arena = Arena.ofShared()) {
      List<CodecOps.Op> ops = CodecOps.all(arena);
      Map<String, Long> expected = new HashMap<>();
      for (CodecOps.Op op : ops) {
        expected.put(op.name(), op.run().get());
      }
      AtomicInteger done = new AtomicInteger();
      List<Future<List<String>>> futures = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
        for (int t = 0; t < THREADS; t++) {
          long seed = t;
          futures.add(pool.submit(() -> {
            SplittableRandom random = new SplittableRandom(seed);
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < OPS_PER_THREAD; i++) {
              CodecOps.Op op = ops.get(random.nextInt(ops.size()));
              long got = op.run().get();
              if (got != expected.get(op.name())) {
                wrong.add(op.name());
              }
              done.incrementAndGet();
            }
            return wrong;
          }));
        }
        List<String> wrong = new ArrayList<>();
        for (Future<List<String>> f : futures) {
          wrong.addAll(f.get());
        }
        assertEquals(List.of(), wrong, "results that differ from the single-threaded ones");
      }
      assertEquals(THREADS * OPS_PER_THREAD, done.get());
      System.out.println("ConcurrencyStressTest: " + done.get() + " operations over " + ops.size()
          + " codec modes on " + THREADS + " threads, all equal to single-threaded results");
    }
  }
}
