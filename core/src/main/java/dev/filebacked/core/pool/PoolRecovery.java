package dev.filebacked.core.pool;

import dev.filebacked.core.persist.IndexedEntry;
import dev.filebacked.core.persist.Journal;
import dev.filebacked.core.persist.JournalRecord;
import dev.filebacked.core.persist.Recovery;
import dev.filebacked.core.store.FileBlobStore;
import dev.filebacked.spi.Blob;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.Durability;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;

/**
 * Opens a persistent pool's journal: recovers the index ({@link Recovery}), puts a node for each
 * entry into the pool's index (values stay on disk until read), deletes the blobs no entry names
 * after an unclean stop, and starts the journal's next segment.
 */
final class PoolRecovery {

  private static final System.Logger LOG = System.getLogger(PoolRecovery.class.getName());
  private static final long PROGRESS_NANOS = 5_000_000_000L;

  private PoolRecovery() {}

  /** What opening produced: the journal to append to, and the report. */
  record Opened<K>(PoolJournal<K> journal, ReopenReport report) {}

  /** What the journal says the pool held, read before the pool is made (to size its index). */
  record Recovered(Recovery.Result result, long startedNanos) {
    /** The capacity that holds the recovered entries without growing. */
    int indexCapacity() {
      return (int) Math.min(1 << 30, Math.max(16, result.entries().size() * 4L / 3 + 1));
    }
  }

  /** Reads the journal of {@code store}'s pool: the first half of opening it. */
  static Recovered recover(String name, FileBlobStore store, UUID bootId) {
    long started = System.nanoTime();
    Recovery.Result result = Recovery.run(name, journalFolder(store),
        store.root().resolve("quarantine"), bootId, put -> isWhole(store, put));
    return new Recovered(result, started);
  }

  /** Fills the pool's index with what {@link #recover} found and starts the journal. */
  static <K> Opened<K> open(String name, FileBlobStore store, Recovered recovered,
      Durability durability, Codec<K> keyCodec, ClassLoader classLoader, UUID bootId,
      ConcurrentMap<K, Node<K>> index, BackgroundTasks tasks) {
    Recovery.Result result = recovered.result();
    long started = recovered.startedNanos();
    Path folder = journalFolder(store);
    long skipped = 0;
    String firstSkip = null;
    long nextProgress = System.nanoTime() + PROGRESS_NANOS;
    int done = 0;
    for (IndexedEntry entry : result.entries()) {
      if ((++done & 0xFFFF) == 0 && System.nanoTime() > nextProgress) {
        nextProgress = System.nanoTime() + PROGRESS_NANOS;
        LOG.log(Level.INFO, "Pool {0}: reopening, {1} of {2} entries indexed so far", name,
            done, result.entries().size());
      }
      K key;
      try {
        key = keyCodec.decode(entry.key(), classLoader);
      } catch (RuntimeException e) {
        skipped++;
        firstSkip = firstSkip != null ? firstSkip : e.getMessage();
        continue;
      }
      index.put(key, Node.onDisk(key, entry.id(), entry.expiresAt()));
    }
    if (skipped > 0) {
      LOG.log(Level.WARNING, "Pool {0}: {1} entries were skipped because their key no longer "
          + "decodes (first: {2}); their values stay on disk", name, skipped, firstSkip);
    }
    long orphans = 0;
    if (result.clean()) {
      store.countRecovered(result.checkpoint().storeBlobs(), result.checkpoint().storeBytes());
    } else {
      // After damage (a checkpoint or segment quarantined) a blob no entry names may be the
      // only copy of a value: it is quarantined, not deleted.
      Set<UUID> live = new HashSet<>(result.entries().size() * 2);
      for (IndexedEntry entry : result.entries()) {
        live.add(entry.id());
      }
      orphans = deleteOrphans(store, live, !result.quarantined().isEmpty());
      // The live blobs are counted at once; their bytes, a stat each, in the background.
      store.countRecovered(live.size(), 0);
      tasks.execute(() -> store.countBytesOf(live));
    }
    Journal journal = Journal.start(folder, bootId, result.nextSegment());
    PoolJournal<K> poolJournal = new PoolJournal<>(name, journal, durability, store, keyCodec,
        tasks, index, result.lastSeq(), result.unsynced());
    ReopenReport report = new ReopenReport(index.size(), result.clean(),
        result.recordsReplayed(), result.lostWrites(), result.tornBytes(), orphans, skipped,
        result.quarantined(), Duration.ofNanos(System.nanoTime() - started));
    boolean brandNew = result.checkpoint() == null && report.entries() == 0
        && report.recordsReplayed() == 0 && report.quarantined().isEmpty();
    LOG.log(brandNew ? Level.DEBUG : Level.INFO, "Pool {0}: {1}", name, report);
    return new Opened<>(poolJournal, report);
  }

  private static boolean isWhole(FileBlobStore store, JournalRecord.Put put) {
    try {
      Blob blob = store.read(put.id());
      return Arrays.equals(blob.key(), put.key());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Deletes (or quarantines) the blobs no recovered entry names; returns how many. */
  private static long deleteOrphans(FileBlobStore store, Set<UUID> live, boolean keep) {
    Set<UUID> orphans = store.scanShardsForOrphans(live);
    for (UUID id : orphans) {
      if (keep) {
        store.quarantine(id);
      } else {
        store.delete(id);
      }
    }
    return orphans.size();
  }

  private static Path journalFolder(FileBlobStore store) {
    return store.root().resolve(FileBlobStore.JOURNAL);
  }
}
