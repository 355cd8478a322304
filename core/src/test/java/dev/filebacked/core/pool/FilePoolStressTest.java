package dev.filebacked.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filebacked.core.store.FileBlobStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads at once on a small memory tier and a real store and executor, for a fixed number
 * of operations within a time limit. Each thread owns a slice of the keys it writes (so the last
 * value of every key is known) and reads everyone's. Afterwards: every key reads its last
 * written value, the memory bound held, and after flush no blob exists that no entry owns.
 */
class FilePoolStressTest {

  static final int THREADS = 4;
  static final int KEYS_PER_THREAD = 250;
  static final int OPERATIONS_PER_THREAD = 50_000;
  static final int MEMORY_ENTRIES = 64;
  static final long TIME_LIMIT_SECONDS = 240;

  @TempDir
  Path temp;

  @Test
  @Timeout(value = TIME_LIMIT_SECONDS + 60, unit = TimeUnit.SECONDS)
  void concurrentPutsGetsAndRemovesKeepEveryKeysLastValueAndLeaveNoOrphanBlobs()
      throws Exception {
    FileBlobStore files = FileBlobStore.open(temp.resolve("store"));
    ExecutorService workers = Executors.newFixedThreadPool(THREADS);
    try (FilePool<String, String> pool = FilePool.<String, String>builder().store(files)
        .maximumEntriesInMemory(MEMORY_ENTRIES).ioThreads(2).maxPendingSpills(32).build()) {
      List<Future<String[]>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        results.add(workers.submit(() -> run(pool, thread)));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIME_LIMIT_SECONDS);
      String[][] expected = new String[THREADS][];
      for (int t = 0; t < THREADS; t++) {
        long left = Math.max(1, deadline - System.nanoTime());
        expected[t] = results.get(t).get(left, TimeUnit.NANOSECONDS);
      }
      pool.flush();

      for (int t = 0; t < THREADS; t++) {
        for (int k = 0; k < KEYS_PER_THREAD; k++) {
          assertThat(pool.get(key(t, k))).as("key %s", key(t, k)).isEqualTo(expected[t][k]);
        }
      }
      pool.flush();
      assertThat(pool.memoryWeight()).isLessThanOrEqualTo(MEMORY_ENTRIES);
      assertThat(files.ids()).isEqualTo(pool.writtenIds());
      PoolStats stats = pool.stats();
      // Printed for the build log: what the run did.
      System.out.printf("FilePoolStressTest: %d operations on %d threads; %s%n",
          (long) THREADS * OPERATIONS_PER_THREAD, THREADS, stats);
      assertThat(stats.spills()).isPositive();
      assertThat(stats.diskHits()).isPositive();
      assertThat(stats.blobsDeleted()).isPositive();
    } finally {
      workers.shutdownNow();
    }
  }

  private static String key(int thread, int k) {
    return "t" + thread + "-k" + k;
  }

  /** Returns the last value this thread left for each of its keys ({@code null}: removed). */
  private static String[] run(FilePool<String, String> pool, int thread) {
    SplittableRandom random = new SplittableRandom(thread * 7919L + 1);
    String[] last = new String[KEYS_PER_THREAD];
    for (int op = 0; op < OPERATIONS_PER_THREAD; op++) {
      int roll = random.nextInt(100);
      int own = random.nextInt(KEYS_PER_THREAD);
      if (roll < 45) {
        String value = key(thread, own) + "=" + op;
        pool.put(key(thread, own), value);
        last[own] = value;
      } else if (roll < 60) {
        check(pool.get(key(thread, own)), last[own], key(thread, own));
      } else if (roll < 90) {
        String anyKey = key(random.nextInt(THREADS), random.nextInt(KEYS_PER_THREAD));
        String value = roll < 85 ? pool.get(anyKey) : pool.getAsync(anyKey).join();
        if (value != null && !value.startsWith(anyKey + "=")) {
          throw new AssertionError("Read " + value + " for key " + anyKey);
        }
      } else {
        pool.remove(key(thread, own));
        last[own] = null;
      }
    }
    return last;
  }

  private static void check(String actual, String expected, String key) {
    if (expected == null ? actual != null : !expected.equals(actual)) {
      throw new AssertionError("Key " + key + " read " + actual + ", last written " + expected);
    }
  }
}
