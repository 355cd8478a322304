package dev.filebacked.core.pool;

import dev.filebacked.core.persist.Checkpoint;
import dev.filebacked.core.persist.IndexedEntry;
import dev.filebacked.core.persist.Journal;
import dev.filebacked.core.persist.JournalRecord;
import dev.filebacked.core.store.FileBlobStore;
import dev.filebacked.spi.BlobStoreUsage;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.Durability;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * What makes a pool persistent: every change of its index is a journal record, and a blob is
 * deleted only once the change that made it dead is durable.
 *
 * <p><b>The rules that make a crash harmless</b> (see {@link dev.filebacked.core.persist}):
 * <ul>
 *   <li>a version's blob is written before the record naming it is appended, so a record never
 *       names a blob that was never written; under {@link Durability#FSYNC} the blob is durable
 *       first, under {@link Durability#ON_FLUSH} a later SYNC record says it became so;
 *   <li>a change takes its sequence number atomically with the index update, so the numbers of
 *       one key's changes are in the order the index saw them, whatever order their records are
 *       appended in;
 *   <li>a dead version's blob is deleted only once the change that killed it is durable (with
 *       its own blob, for a put), so that after any crash the version the journal falls back to
 *       still has its blob.
 * </ul>
 *
 * <p>Changes hold the shared side of a gate from taking their number to appending their record;
 * a sync point and a checkpoint hold its exclusive side for an instant, to know that every change
 * numbered up to a boundary is in the journal.
 */
final class PoolJournal<K> {

  private static final System.Logger LOG = System.getLogger(PoolJournal.class.getName());
  /** Under ON_FLUSH, this many dead blobs or unsynced values start a sync in the background. */
  private static final int BACKGROUND_SYNC_AT = 8_192;
  /** Records since the last checkpoint past which (and past twice the live entries) it compacts. */
  private static final long COMPACT_AFTER_RECORDS = 1_000_000;

  private final String name;
  private final Journal journal;
  private final Durability durability;
  private final FileBlobStore store;
  private final Codec<K> keyCodec;
  private final BackgroundTasks tasks;
  private final ConcurrentMap<K, Node<K>> index;
  private final AtomicBoolean backgroundCheckpoint = new AtomicBoolean();
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private final ReentrantLock syncPoint = new ReentrantLock();
  private final AtomicLong seqs;
  private final Set<UUID> unsynced = ConcurrentHashMap.newKeySet();
  private final AtomicInteger unsyncedCount = new AtomicInteger();
  private final ConcurrentLinkedQueue<Deferred> deferred = new ConcurrentLinkedQueue<>();
  private final AtomicInteger deferredCount = new AtomicInteger();
  private final AtomicBoolean backgroundSync = new AtomicBoolean();
  private final AtomicLong recordsSinceCheckpoint = new AtomicLong();
  /** Every change numbered up to this is durable, its blob included. */
  private volatile long durableSeq;

  /** A dead blob's deletion, waiting for the change that killed it to be durable. */
  private record Deferred(long seq, long ticket, Runnable delete) {}

  PoolJournal(String name, Journal journal, Durability durability, FileBlobStore store,
      Codec<K> keyCodec, BackgroundTasks tasks, ConcurrentMap<K, Node<K>> index, long lastSeq,
      List<UUID> unsyncedAtOpen) {
    this.name = name;
    this.index = index;
    this.journal = journal;
    this.durability = durability;
    this.store = store;
    this.keyCodec = keyCodec;
    this.tasks = tasks;
    this.seqs = new AtomicLong(lastSeq);
    this.unsynced.addAll(unsyncedAtOpen);
    this.unsyncedCount.set(unsyncedAtOpen.size());
  }

  /** Whether blobs must be durable before their record: the store writes them so. */
  private boolean blobsDurable() {
    return durability == Durability.FSYNC;
  }

  /** {@code key} as records and blobs hold it; a put encodes it once for both. */
  byte[] encode(K key) {
    return keyCodec.encode(key);
  }

  /**
   * {@link #install} for a registered version, whose blob was linked into the store rather than
   * written by it: under FSYNC the link is made durable first.
   */
  Node<K> installLinked(Node<K> node) {
    if (blobsDurable()) {
      store.makeDurable(List.of(node.id()));
    }
    return install(node, encode(node.key), false);
  }

  /**
   * Makes {@code node}, whose blob is written, the current version of its key and records it;
   * returns the version it replaced ({@code null} if none), which the caller retires once done.
   * If the record cannot be appended, the index is put back as it was and the error thrown.
   *
   * @param key the node's key, encoded
   * @param onlyIfAbsent install only if the key has no version; returns {@code node} itself if
   *     it did not
   */
  Node<K> install(Node<K> node, byte[] key, boolean onlyIfAbsent) {
    boolean durableBlob = blobsDurable();
    if (!durableBlob && unsynced.add(node.id())) {
      unsyncedCount.incrementAndGet();
    }
    Object[] previous = new Object[1];
    long[] seq = new long[1];
    long ticket;
    gate.readLock().lock();
    try {
      index.compute(node.key, (k, current) -> {
        previous[0] = current;
        if (onlyIfAbsent && current != null) {
          return current;
        }
        seq[0] = seqs.incrementAndGet();
        return node;
      });
      if (seq[0] == 0) {
        return node; // present: nothing changed
      }
      try {
        ticket = journal.append(new JournalRecord.Put(seq[0], node.id(), node.expiresAt(),
            durableBlob, key));
      } catch (RuntimeException e) {
        @SuppressWarnings("unchecked")
        Node<K> old = (Node<K>) previous[0];
        if (old != null) {
          index.replace(node.key, node, old);
        } else {
          index.remove(node.key, node);
        }
        throw e;
      }
    } finally {
      gate.readLock().unlock();
    }
    recorded(ticket);
    @SuppressWarnings("unchecked")
    Node<K> old = (Node<K>) previous[0];
    return old;
  }

  /**
   * Takes {@code key}'s current version out of the index and records the removal; returns it,
   * or {@code null} if there was none. With {@code only} set, removes only that version.
   */
  Node<K> remove(K key, Node<K> only) {
    long[] ticket = new long[1];
    Node<K> removed = unrecorded(key, only, ticket);
    if (removed != null) {
      recorded(ticket[0]);
    }
    return removed;
  }

  /**
   * Removes every key of {@code keys} as {@link #remove} would, with one sync for them all under
   * FSYNC; {@code retire} gets each version removed.
   */
  void removeAll(Iterable<K> keys, Consumer<Node<K>> retire) {
    long[] ticket = new long[1];
    long last = 0;
    for (K key : keys) {
      Node<K> removed = unrecorded(key, null, ticket);
      if (removed != null) {
        last = ticket[0];
        retire.accept(removed);
      }
    }
    if (last > 0) {
      recorded(last);
    }
  }

  /** The removal itself: index and journal; its ticket goes to {@code ticket[0]}. */
  private Node<K> unrecorded(K key, Node<K> only, long[] ticketOut) {
    byte[] encoded = keyCodec.encode(key);
    Object[] removed = new Object[1];
    long[] seq = new long[1];
    long ticket;
    gate.readLock().lock();
    try {
      index.computeIfPresent(key, (k, current) -> {
        if (only != null && current != only) {
          return current;
        }
        removed[0] = current;
        seq[0] = seqs.incrementAndGet();
        return null;
      });
      if (removed[0] == null) {
        return null;
      }
      try {
        ticket = journal.append(new JournalRecord.Remove(seq[0], encoded));
      } catch (RuntimeException e) {
        @SuppressWarnings("unchecked")
        Node<K> back = (Node<K>) removed[0];
        index.putIfAbsent(key, back);
        throw e;
      }
    } finally {
      gate.readLock().unlock();
    }
    ticketOut[0] = ticket;
    @SuppressWarnings("unchecked")
    Node<K> old = (Node<K>) removed[0];
    return old;
  }

  /** A change is in the journal: durable now under FSYNC, or some time later. */
  private void recorded(long ticket) {
    if (recordsSinceCheckpoint.incrementAndGet() > COMPACT_AFTER_RECORDS
        && recordsSinceCheckpoint.get() > 2L * index.size()) {
      checkpointInBackground();
    }
    if (durability == Durability.FSYNC) {
      journal.sync(ticket);
      runDeferred();
    } else if (unsyncedCount.get() >= BACKGROUND_SYNC_AT) {
      syncInBackground();
    }
  }

  /** Schedules a dead blob's deletion for when every change made so far is durable. */
  void deleteWhenDurable(Runnable delete) {
    deferred.add(new Deferred(seqs.get(), journal.appended(), delete));
    if (deferredCount.incrementAndGet() >= BACKGROUND_SYNC_AT
        && durability == Durability.ON_FLUSH) {
      syncInBackground();
    } else if (durability == Durability.FSYNC) {
      runDeferred();
    }
  }

  private void runDeferred() {
    long synced = journal.synced();
    for (Deferred next = deferred.peek(); next != null; next = deferred.peek()) {
      boolean durable = durability == Durability.FSYNC ? next.ticket <= synced
          : next.seq <= durableSeq;
      if (!durable || !deferred.remove(next)) {
        return;
      }
      deferredCount.decrementAndGet();
      try {
        next.delete.run();
      } catch (RejectedExecutionException e) {
        // Closing: the blob stays; an orphan is deleted when the pool next opens after a crash.
      }
    }
  }

  private void syncInBackground() {
    onceInBackground(backgroundSync, this::makeDurable, "a background sync failed; the next "
        + "flush tries again");
  }

  /** Runs {@code work} in the background unless a run of it is queued or running. */
  private void onceInBackground(AtomicBoolean running, Runnable work, String failure) {
    if (running.compareAndSet(false, true)) {
      tasks.execute(() -> {
        try {
          work.run();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "Pool " + name + ": " + failure, e);
        } finally {
          running.set(false);
        }
      });
    }
  }

  /**
   * A sync point: every change made so far becomes durable, blobs first, then a SYNC record
   * that says so; then the blobs those changes killed are deleted.
   */
  void makeDurable() {
    syncPoint.lock();
    try {
      List<UUID> batch;
      long boundary;
      gate.writeLock().lock();
      try {
        batch = drainUnsynced();
        boundary = seqs.get();
      } finally {
        gate.writeLock().unlock();
      }
      store.makeDurable(batch);
      journal.sync(journal.append(new JournalRecord.Sync(boundary)));
      durableSeq = boundary;
    } finally {
      syncPoint.unlock();
    }
    runDeferred();
  }

  private List<UUID> drainUnsynced() {
    List<UUID> batch = new ArrayList<>(unsynced);
    batch.forEach(unsynced::remove);
    unsyncedCount.addAndGet(-batch.size());
    return batch;
  }

  private void checkpointInBackground() {
    onceInBackground(backgroundCheckpoint, this::checkpoint, "compacting the journal into a "
        + "checkpoint failed; it is tried again later");
  }

  /**
   * Writes a checkpoint of the index and deletes the journal segments it covers: what a clean
   * close leaves, and how a long-lived pool keeps its journal short.
   */
  void checkpoint() {
    syncPoint.lock();
    try {
      List<UUID> batch;
      long firstSegmentAfter;
      long lastSeq;
      List<Node<K>> nodes;
      BlobStoreUsage usage;
      gate.writeLock().lock();
      try {
        batch = drainUnsynced();
        firstSegmentAfter = journal.rotate();
        lastSeq = seqs.get();
        nodes = new ArrayList<>(index.values());
        usage = store.usage();
        recordsSinceCheckpoint.set(0);
      } finally {
        gate.writeLock().unlock();
      }
      store.makeDurable(batch);
      List<IndexedEntry> entries = new ArrayList<>(nodes.size());
      for (Node<K> node : nodes) {
        entries.add(new IndexedEntry(keyCodec.encode(node.key), node.id(), node.expiresAt()));
      }
      Checkpoint.write(journal.folder(), new Checkpoint.Contents(firstSegmentAfter, lastSeq,
          usage.blobs(), usage.bytes(), entries));
      journal.deleteSegmentsBefore(firstSegmentAfter);
      Checkpoint.deleteOlderThan(journal.folder(), firstSegmentAfter);
      durableSeq = lastSeq;
    } finally {
      syncPoint.unlock();
    }
    runDeferred();
  }

  /** Lets go of the journal as a killed process would: no sync. For tests. */
  void abandon() {
    journal.abandon();
  }

  /** Closes the journal (its last segment durable), and deletes its files if asked. */
  void close(boolean delete) {
    journal.close();
    if (delete) {
      Journal.deleteFolder(journal.folder());
    }
  }
}
