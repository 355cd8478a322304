package dev.filebacked.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filebacked.core.testing.InMemoryBlobStore;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/**
 * The heap an entry costs while its value lives only on disk: its index slot and node, not its
 * key. Measured with JOL over the pool's index, minus the keys; the README quotes this figure.
 */
class EntryHeapCostTest {

  static final int ENTRIES = 20_000;
  static final double BUDGET_BYTES = 100;

  @Test
  void aDiskResidentEntryCostsAtMost100BytesOfHeapBesidesItsKey() {
    try (FilePool<Integer, String> pool = FilePool.<Integer, String>builder()
        .store(new InMemoryBlobStore()).maximumEntriesInMemory(0).build()) {
      Integer[] keys = new Integer[ENTRIES];
      for (int i = 0; i < ENTRIES; i++) {
        keys[i] = 1_000_000 + i; // outside the Integer cache: each key is its own object
        pool.put(keys[i], "value " + i);
      }
      pool.flush();
      assertThat(pool.stats().memoryEntries()).isZero();
      assertThat(pool.writtenIds()).hasSize(ENTRIES);

      GraphLayout index = GraphLayout.parseInstance(pool.indexForMeasurement());
      // Each key is passed as a root of its own, so no array is counted with them.
      long keyBytes = GraphLayout.parseInstance((Object[]) keys).totalSize();
      double perEntry = (double) (index.totalSize() - keyBytes) / ENTRIES;

      // Printed for the build log: the README quotes this figure.
      System.out.printf("EntryHeapCostTest: %.1f heap bytes per disk-resident entry, key "
          + "excluded (%d entries)%n", perEntry, ENTRIES);
      assertThat(perEntry).isLessThanOrEqualTo(BUDGET_BYTES);
    }
  }
}
