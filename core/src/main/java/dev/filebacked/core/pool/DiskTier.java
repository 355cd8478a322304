package dev.filebacked.core.pool;

import dev.filebacked.core.concurrent.KeyedLocks;
import dev.filebacked.spi.Blob;
import dev.filebacked.spi.BlobNotFoundException;
import dev.filebacked.spi.BlobStore;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.CorruptBlobException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The pool's versions on disk, beside its {@link MemoryTier}: it writes the values the tier
 * pushes out (the spill), loads them back with one load per version however many readers wait
 * (single-flight), releases versions, and deletes the blobs of dead ones. It decides when each
 * {@link Node} transition happens; the node carries it out.
 *
 * <p>Every failure goes through the {@link FailurePolicy}: a passing error is retried, a blob
 * that fails verification is quarantined and never served, a value that cannot be written is
 * evicted or, under {@code FAIL_WRITES}, kept among the {@link WaitingForDisk values waiting for
 * the disk}. An entry that leaves the pool because of one is counted and reported to the eviction
 * listener. No disk I/O happens here under a lock other keys need.
 *
 * @param <K> key type
 */
final class DiskTier<K> {

  /** What a load completes with when the policy answers its failure as a miss. */
  static final Object UNREADABLE = new Object();

  private static final System.Logger LOG = System.getLogger(DiskTier.class.getName());

  /** How often a write waits to see whether another write of the same version is done. */
  private static final long WRITE_POLL_NANOS = 100_000;

  private final String name;
  private final BlobStore store;
  private final Codec<K> keyCodec;
  private final Codec<?> valueCodec;
  private final ValueForm<K, ?> form;
  private final ClassLoader classLoader;
  private final ConcurrentMap<K, Node<K>> index;
  private final MemoryTier<K> memory;
  private final BackgroundTasks tasks;
  private final SpillQueue spills;
  private final PoolCounters counters;
  private final FailurePolicy policy;
  private final FailureLog failures;
  private final Consumer<? super K> evictionListener;
  private final WaitingForDisk<K> waiting;
  private final KeyedLocks<UUID> versionLocks = new KeyedLocks<>();
  /** Runs a dead blob's deletion: at once, or once a persistent pool's journal allows it. */
  private Consumer<Runnable> deletions;
  /** Takes a version out of the index if it is still current; returns whether it did. */
  private Predicate<Node<K>> unindex;
  private volatile boolean closed;

  /** What a disk tier works with; all of it shared with the pool that owns the tier. */
  record Parts<K>(String name, BlobStore store, Codec<K> keyCodec, Codec<?> valueCodec,
      ValueForm<K, ?> form, ClassLoader classLoader, ConcurrentMap<K, Node<K>> index,
      MemoryTier<K> memory, BackgroundTasks tasks, SpillQueue spills, PoolCounters counters,
      FailurePolicy policy, FailureLog failures, Consumer<? super K> evictionListener) {}

  DiskTier(Parts<K> parts) {
    this.name = parts.name();
    this.store = parts.store();
    this.keyCodec = parts.keyCodec();
    this.valueCodec = parts.valueCodec();
    this.form = parts.form();
    this.classLoader = parts.classLoader();
    this.index = parts.index();
    this.memory = parts.memory();
    this.tasks = parts.tasks();
    this.spills = parts.spills();
    this.counters = parts.counters();
    this.policy = parts.policy();
    this.failures = parts.failures();
    this.evictionListener = parts.evictionListener();
    this.waiting = new WaitingForDisk<>(name, policy, counters, this::writeWaiting,
        this::evicted);
    this.deletions = tasks::execute;
    this.unindex = node -> index.remove(node.key, node);
  }

  /**
   * Makes this tier's changes go through a persistent pool's journal: a version evicted for a
   * failure is recorded as removed, and a dead blob is deleted only once the change that killed
   * it is durable. Called once, before the pool is used.
   */
  void journalWith(PoolJournal<K> journal) {
    deletions = task -> journal.deleteWhenDurable(() -> tasks.execute(task));
    unindex = node -> {
      try {
        return journal.remove(node.key, node) != null;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Pool " + name + ": cannot record that the entry of key "
            + node.key + " left the pool; it comes back, unreadable, on reopen", e);
        return index.remove(node.key, node);
      }
    };
  }

  // ---------------------------------------------------------------- the spill

  /** The memory tier pushed {@code node} out. Runs under the tier's locks: no I/O, no waiting. */
  void evicted(Node<K> node) {
    if (closed || !node.tryAcquire()) {
      return;
    }
    boolean queued = false;
    try {
      switch (node.evict()) {
        case DROPPED -> counters.drops.increment();
        case SPILL -> {
          spills.submit(() -> spill(node), form.weightOf(node));
          queued = true;
        }
        case NONE -> { }
      }
    } catch (RejectedExecutionException e) {
      node.cancelSpill(); // closing: the value stays in memory until the pool is gone
    } finally {
      if (!queued) {
        release(node);
      }
    }
  }

  /** A spill task: write the value of an evicted node, then drop it from memory. */
  private void spill(Node<K> node) {
    try {
      if (closed) {
        return;
      }
      switch (node.beginWrite()) {
        case SKIP -> {
          return;
        }
        case WRITTEN_ALREADY -> {
          node.leaveMemoryAfterSpill();
          return;
        }
        case WRITE -> { }
      }
      try {
        int bytes = writeWithRetries(node, node.value());
        counters.spills.increment();
        counters.bytesWritten.add(bytes);
      } catch (RuntimeException e) {
        node.writeFailed();
        unwritable(node, e);
        return;
      } catch (Error e) {
        node.writeFailed(); // else WRITING stays set, and a persist would wait for it forever
        throw e;
      }
      node.writeSucceeded();
      node.leaveMemoryAfterSpill();
    } finally {
      release(node);
    }
  }

  /** Writes the node's blob, trying again after a passing error as the policy says. */
  private int writeWithRetries(Node<K> node, Object payload) {
    for (int attempt = 1; ; attempt++) {
      try {
        return writeBlob(node, payload, null);
      } catch (RuntimeException e) {
        if (policy.afterWrite(FailureKind.of(e), attempt) != FailurePolicy.AfterWrite.RETRY) {
          throw e;
        }
        pause(FailurePolicy.backoffMillis(attempt));
      }
    }
  }

  /**
   * A value that left memory could not be written: evict it, or keep it, as the policy says;
   * unless an access cancelled the spill meanwhile, which put the value back in the tier.
   */
  private void unwritable(Node<K> node, RuntimeException error) {
    if (!node.cancelSpill()) {
      return; // back in the memory tier: it tries the disk again when it next leaves
    }
    FailureKind kind = FailureKind.of(error);
    if (policy.afterWrite(kind, FailurePolicy.ATTEMPTS)
        == FailurePolicy.AfterWrite.KEEP_AND_REFUSE_PUTS) {
      waiting.keep(node, error);
      failures.warn(kind, "Pool " + name + ": cannot write the value of key " + node.key
          + " to disk (" + error.getMessage() + "); it stays in memory, and puts are refused "
          + "until the disk takes writes again (tried at most every " + policy.retryInterval()
          + ")", error);
      return;
    }
    counters.spillFailures.increment();
    boolean evicted = evictVersion(node);
    failures.warn(kind, "Pool " + name + ": cannot write the value of key " + node.key
        + " to disk (" + error.getMessage() + ")" + (evicted ? ", so the entry left the pool "
        + "(counted as an eviction)" : ""), error);
  }

  /** See {@link FilePool#requireWritable}. */
  void requireWritable() {
    waiting.requireWritable();
  }

  /** Values kept in memory because the disk could not take them. */
  int waitingForDisk() {
    return waiting.size();
  }

  /** Writes a value that waits for the disk, and drops it from memory (it is not in the tier). */
  private void writeWaiting(Node<K> node) {
    if (!node.tryAcquire()) {
      return; // removed meanwhile: nothing to write
    }
    try {
      Object value = node.value();
      if (writeIfNeeded(node)) {
        counters.spills.increment();
      }
      node.dropValue(value);
    } finally {
      release(node);
    }
  }

  /**
   * Writes the node's blob unless it is written, for a persist or a retry: one write per version
   * however many want it, so a spill's write in flight is waited for, not repeated (a second
   * write of the same blob would rename over the file a persist is linking). Returns whether this
   * call wrote it. The caller holds a reference.
   */
  boolean writeIfNeeded(Node<K> node) {
    return writeIfNeeded(node, null);
  }

  /** {@link #writeIfNeeded(Node)} with the key already encoded ({@code null}: encode it). */
  boolean writeIfNeeded(Node<K> node, byte[] encodedKey) {
    for (;;) {
      switch (node.claimWrite()) {
        case WRITTEN_ALREADY -> {
          return false;
        }
        case SKIP -> LockSupport.parkNanos(WRITE_POLL_NANOS); // a spill is writing it
        case WRITE -> {
          try {
            counters.bytesWritten.add(writeBlob(node, node.value(), encodedKey));
          } catch (RuntimeException | Error e) {
            node.writeFailed();
            if (node.cancelSpill()) {
              memory.admit(node); // a spill skipped while we wrote: back in the tier, to retry
            }
            throw e;
          }
          node.writeSucceeded();
          node.leaveMemoryAfterSpill(); // evicted meanwhile: the spill left that to us
          return true;
        }
      }
    }
  }

  private int writeBlob(Node<K> node, Object payload, byte[] encodedKey) {
    byte[] value = form.encoded(payload);
    byte[] key = encodedKey != null ? encodedKey : keyCodec.encode(node.key);
    store.write(node.id(), new Blob(valueCodec.id(), valueCodec.formatVersion(), key, value));
    return value.length;
  }

  // ---------------------------------------------------------------- the load

  /**
   * The node's value: in memory, or loaded now, or the load in flight joined;
   * {@link #UNREADABLE} if the policy answered its failure as a miss. The caller holds a
   * reference.
   */
  Object load(Node<K> node) {
    for (;;) {
      Object value = node.value();
      if (Node.isResident(value)) {
        return value;
      }
      if (value instanceof PendingLoad pending) {
        return pending.join();
      }
      PendingLoad pending = new PendingLoad();
      if (node.beginLoad(pending)) {
        runLoad(node, pending);
        return pending.join();
      }
    }
  }

  /**
   * The load of the node's value in flight, started in the background if there is none; or
   * {@code null} if the value is in memory. The caller holds a reference.
   */
  PendingLoad loadInBackground(Node<K> node) {
    for (;;) {
      Object value = node.value();
      if (Node.isResident(value)) {
        return null;
      }
      if (value instanceof PendingLoad inFlight) {
        return inFlight;
      }
      PendingLoad pending = new PendingLoad();
      if (node.beginLoad(pending)) {
        try {
          tasks.execute(() -> runLoad(node, pending));
        } catch (RejectedExecutionException e) {
          node.endLoad(pending, null);
          pending.fail(new IllegalStateException("Pool " + name + " is closed", e));
        }
        return pending;
      }
    }
  }

  /**
   * Reads the blob for {@code pending}, publishes the value, and completes it; a blob the policy
   * answers as a miss completes it with {@link #UNREADABLE}, its version already dropped.
   */
  private void runLoad(Node<K> node, PendingLoad pending) {
    Object payload;
    try {
      payload = readVersion(node);
    } catch (RuntimeException e) {
      // Decided while the load is still in the node, so readers that come meanwhile join it
      // instead of reading a blob that is being quarantined.
      boolean replaced = e instanceof BlobNotFoundException && node.isRemoved();
      boolean miss = !replaced && answeredAsMiss(node, e);
      node.endLoad(pending, null);
      if (miss) {
        pending.complete(UNREADABLE);
      } else {
        pending.fail(e);
      }
      return;
    } catch (Error e) {
      node.endLoad(pending, null);
      pending.fail(e);
      return;
    }
    if (node.isRemoved() || closed) {
      node.endLoad(pending, null); // the reader gets the value; memory does not keep it
    } else {
      node.endLoad(pending, payload);
      memory.admit(node);
    }
    pending.complete(payload);
  }

  /** Reads and verifies the node's blob, trying again after a passing error. */
  private Object readVersion(Node<K> node) {
    UUID id = node.id();
    for (int attempt = 1; ; attempt++) {
      try {
        // Decoded while the store lends its buffer: a large value is copied once, by the codec.
        Object payload = store.read(id, blob -> {
          checkCodec(blob.codecId(), blob.codecVersion(), "blob " + id);
          checkKey(node, blob.key());
          int length = blob.value().remaining();
          Object decoded = form.payloadOfEncoded(blob.value());
          counters.bytesRead.add(length);
          return decoded;
        });
        counters.loads.increment();
        return payload;
      } catch (RuntimeException e) {
        if (policy.afterRead(FailureKind.of(e), attempt) != FailurePolicy.AfterRead.RETRY) {
          throw e;
        }
        pause(FailurePolicy.backoffMillis(attempt));
      }
    }
  }

  /**
   * Carries out the policy for a read that failed for good: returns {@code true} if the reader
   * gets a miss (the version dropped, its blob quarantined if corrupt), {@code false} if the
   * error reaches it (the entry stays).
   */
  boolean answeredAsMiss(Node<K> node, RuntimeException error) {
    FailureKind kind = FailureKind.of(error);
    UUID id = node.id();
    switch (policy.afterRead(kind, FailurePolicy.ATTEMPTS)) {
      case FAIL -> {
        if (kind != FailureKind.OTHER) {
          counters.ioErrors.increment();
        }
        failures.warn(kind, "Pool " + name + ": cannot read the value of key " + node.key
            + " (version " + id + "): " + error + "; the entry and its blob stay", error);
        return false;
      }
      case QUARANTINE_VERSION -> {
        counters.corruptBlobs.increment();
        String kept = quarantine(id);
        evictVersion(node);
        failures.warn(kind, "Pool " + name + ": the blob of key " + node.key + ", version " + id
            + ", failed verification and is never served: " + error.getMessage()
            + (kept != null ? "; moved to " + kept : "") + "; the entry left the pool", null);
        return true;
      }
      default -> {
        if (kind == FailureKind.MISSING_BLOB) {
          counters.missingBlobs.increment();
        } else {
          counters.unreadableValues.increment();
        }
        evictVersion(node);
        String message = "Pool " + name + ": the value of key " + node.key + ", version " + id
            + ", cannot be read back (" + error.getMessage() + "); the entry left the pool";
        String changed = ChangedClass.named(error);
        if (changed != null) {
          failures.warnClassChanged(changed, message, error);
        } else {
          failures.warn(kind, message, error);
        }
        return true;
      }
    }
  }

  private String quarantine(UUID id) {
    try {
      return store.quarantine(id);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Pool " + name + ": cannot quarantine blob " + id, e);
      return null;
    }
  }

  /**
   * A blob names the key it belongs to; one that names another key is corrupt (a blob file
   * copied over another's). Encodings are compared first; keys whose encodings differ are
   * decoded and compared by {@code equals}, for codecs whose output is not canonical.
   */
  private void checkKey(Node<K> node, ByteBuffer key) {
    if (ByteBuffer.wrap(keyCodec.encode(node.key)).equals(key)) {
      return;
    }
    Object found;
    try {
      found = keyCodec.decode(key.duplicate(), classLoader);
    } catch (RuntimeException e) {
      found = "(" + key.remaining() + " bytes that do not decode as a key)";
    }
    if (!node.key.equals(found)) {
      throw new CorruptBlobException("Blob " + node.id() + " in " + store + " holds the value of "
          + "key " + found + ", not of key " + node.key + " (a blob file copied or moved over "
          + "another)");
    }
  }

  /**
   * Refuses a blob written by another codec than the pool's: {@code codecId} and
   * {@code codecVersion} are what the blob names, {@code what} names the blob.
   */
  void checkCodec(String codecId, int codecVersion, String what) {
    if (!codecId.equals(valueCodec.id()) || codecVersion != valueCodec.formatVersion()) {
      throw new CodecException("Pool " + name + ": " + what + " was written by codec '"
          + codecId + "' version " + codecVersion + ", but this pool uses '"
          + valueCodec.id() + "' version " + valueCodec.formatVersion()
          + "; open it with the codec that wrote it");
    }
  }

  // ---------------------------------------------------------------- release and deletion

  /**
   * Takes {@code node} out of the pool if it is still the key's current version, never a newer
   * one (the index's conditional remove is atomic with a concurrent put of the key), and tells
   * the eviction listener. Returns whether it did.
   */
  private boolean evictVersion(Node<K> node) {
    if (!unindex.test(node)) {
      return false;
    }
    retire(node);
    try {
      evictionListener.accept(node.key);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Pool " + name + ": the eviction listener failed", e);
    }
    return true;
  }

  /** Takes a version out of the pool: out of memory, and its index reference released. */
  void retire(Node<K> node) {
    node.markRemoved();
    memory.remove(node);
    release(node);
  }

  /**
   * {@link #retire} for a version whose successor the memory tier has just taken in its place,
   * so that it is no longer there: a put spares the tier a second lookup of the key.
   */
  void retireReplaced(Node<K> node) {
    node.markRemoved();
    release(node);
  }

  /** Drops a reference; the last one deletes a written blob in the background. */
  void release(Node<K> node) {
    if (node.release() && node.isWritten() && !closed) {
      try {
        deletions.accept(() -> deleteVersion(node));
      } catch (RejectedExecutionException e) {
        // Closing: a destroyed store takes the blob with it; a kept one is cleaned on reopen.
      }
    }
  }

  /** Deletes a dead version's blob unless a registered node of the same id took it over. */
  private void deleteVersion(Node<K> node) {
    if (closed) {
      return;
    }
    UUID id = node.id();
    try (KeyedLocks.Held held = versionLocks.lock(id)) {
      Node<K> current = index.get(node.key);
      if (current != null && current != node && current.sameVersionAs(node)) {
        return;
      }
      if (store.delete(id)) {
        counters.blobsDeleted.increment();
      }
    } catch (RuntimeException e) {
      counters.ioErrors.increment();
      failures.warn(FailureKind.of(e), "Pool " + name + ": cannot delete blob " + id + " of a "
          + "dead version (" + e.getMessage() + "); it is removed when the store is next opened",
          e);
    }
  }

  /**
   * Locks the version {@code id} against the deletion of its blob: a registration of it takes
   * this lock, so that a deferred delete runs either before it or after it sees the new node.
   */
  KeyedLocks.Held lockVersion(UUID id) {
    return versionLocks.lock(id);
  }

  /** Deletes the blobs an earlier run left in {@code store}: no entry of a new pool owns them. */
  static void deleteLeftovers(String poolName, BlobStore store) {
    Set<UUID> leftovers = store.ids();
    if (!leftovers.isEmpty()) {
      leftovers.forEach(store::delete);
      LOG.log(Level.INFO, "Pool {0}: deleted {1} blobs left by an earlier run in {2}", poolName,
          leftovers.size(), store);
    }
  }

  /** Stops starting background work: spills and deletes from now on are skipped. */
  void close() {
    closed = true;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
