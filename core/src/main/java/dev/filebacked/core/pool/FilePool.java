package dev.filebacked.core.pool;

import dev.filebacked.core.codec.JavaSerializationCodec;
import dev.filebacked.core.concurrent.BatchingExecutor;
import dev.filebacked.core.concurrent.DaemonThreads;
import dev.filebacked.core.concurrent.KeyedLocks;
import dev.filebacked.core.store.FileBlobStore;
import dev.filebacked.spi.Blob;
import dev.filebacked.spi.BlobNotFoundException;
import dev.filebacked.spi.BlobStore;
import dev.filebacked.spi.BlobStoreFullException;
import dev.filebacked.spi.BlobStoreUsage;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.CorruptBlobException;
import dev.filebacked.spi.DiskFullPolicy;
import dev.filebacked.spi.PersistedLocation;
import dev.filebacked.spi.TrackedLocation;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A file-backed pool: a map whose values live in a bounded memory tier while they are hot and
 * in a {@link BlobStore} when they are not, read back lazily and transparently.
 *
 * <ul>
 *   <li><b>Memory tier, spill, lazy load.</b> When the tier is over its bound (entries, or bytes
 *       by a weigher or by encoded size), the values it pushes out are written to the store in
 *       the background and dropped from memory; the entry stays in the pool. A later
 *       {@link #get} loads the value back. While a value's write is in flight it is still served
 *       from memory, and an access that comes first cancels the write. Concurrent reads of an
 *       entry being loaded share one load.
 *   <li><b>Immutable versions.</b> Every {@link #put} makes a new version with a fresh UUID,
 *       stored as {@code <store>/<uuid[0..2]>/<uuid>} if it is ever written. A version already
 *       written leaves memory without I/O. Once no entry and no reader in flight needs a
 *       version, its blob is deleted in the background.
 *   <li><b>Persistence.</b> {@link #trackPath} prepares a permanent directory; {@link #persist}
 *       links an entry's current version there; {@link #register} brings a persisted version
 *       back as the value of the key stored in it (replacing any current value), cold;
 *       {@link #sync} makes a location durable; {@link #deletePersisted} removes a version from
 *       it. The pool never deletes from a persisted location on its own.
 *   <li><b>Expiry times</b> are metadata: each entry carries one ({@link #put(Object, Object,
 *       long)}, {@link #setExpiresAt}), in whatever clock the caller uses. {@link #getIfFresh}
 *       treats an expired entry as absent and {@link #expiredKeys} finds them; removing them is
 *       left to the caller, which decides what an expiry means (a JCache event, for one).
 *   <li><b>Background work</b> runs on a bounded executor; writers wait when too many spills are
 *       queued ({@link Builder#maxPendingSpills}), or, in a tier bounded by bytes, when the
 *       values waiting to be written weigh as much as the tier itself. {@link #flush} waits
 *       for all of it.
 * </ul>
 *
 * <p>Keys must have stable {@code equals}/{@code hashCode}; keys and values must not be
 * {@code null}. No disk I/O happens while a lock that other keys need is held. A read never
 * returns a wrong value: every blob is verified, its version id and key included. What a
 * storage or codec failure becomes (a miss, a retry, an exception, an eviction) is decided in
 * one place, {@link FailurePolicy}, whose table says it for each kind of failure; an entry that
 * leaves the pool because of one is counted in {@link PoolStats} and reported to the
 * {@link Builder#evictionListener eviction listener}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class FilePool<K, V> implements AutoCloseable {

  /** What a load completes with when the policy answers its failure as a miss. */
  private static final Object UNREADABLE = new Object();

  /** The expiry time of an entry that never expires. */
  public static final long NEVER = Long.MAX_VALUE;

  /** What {@link #expiresAt} returns for a key the pool does not hold. */
  public static final long ABSENT = Long.MIN_VALUE;

  private static final System.Logger LOG = System.getLogger(FilePool.class.getName());

  private final String name;
  private final BlobStore store;
  private final Codec<K> keyCodec;
  private final Codec<V> valueCodec;
  private final ValueForm<K, V> form;
  private final ClassLoader classLoader;
  private final boolean destroyStoreOnClose;
  private final ExecutorService ownedExecutor;
  private final ConcurrentHashMap<K, Node<K>> index = new ConcurrentHashMap<>();
  private final MemoryTier<K> memory;
  private final BackgroundTasks tasks;
  private final SpillQueue spills;
  private final KeyedLocks<UUID> versionLocks = new KeyedLocks<>();
  private final KeyedLocks<LocatedId> locationLocks = new KeyedLocks<>();
  private final PoolCounters counters = new PoolCounters();
  private final FailurePolicy policy;
  private final FailureLog failures;
  private final Consumer<? super K> evictionListener;
  /** Values kept in memory because the disk could not take them (FAIL_WRITES); its monitor
   * guards the retry. */
  private final ConcurrentLinkedQueue<Node<K>> unwritten = new ConcurrentLinkedQueue<>();
  private volatile boolean refusingPuts;
  private long nextRetryNanos; // guarded by unwritten
  private boolean retrying; // guarded by unwritten
  private volatile RuntimeException lastWriteFailure;
  private volatile boolean closed;

  /** A blob id at a persisted location: the unit that persist and delete serialize on. */
  private record LocatedId(PersistedLocation location, UUID id) {}

  private FilePool(Builder<K, V> builder, BlobStore store, ExecutorService ownedExecutor,
      Executor executor) {
    this.name = builder.name;
    this.store = store;
    this.keyCodec = builder.keyCodec;
    this.valueCodec = builder.valueCodec;
    this.classLoader = builder.classLoader;
    this.destroyStoreOnClose = builder.destroyStoreOnClose;
    this.ownedExecutor = ownedExecutor;
    this.form = builder.form();
    this.policy = new FailurePolicy(builder.diskFullPolicy, builder.writeRetryInterval);
    this.failures = FailureLog.toLogger(LOG, builder.failureLogInterval);
    this.evictionListener = builder.evictionListener;
    this.tasks = new BackgroundTasks(executor);
    this.spills = new SpillQueue(tasks, builder.maxPendingSpills,
        builder.maxBytes > 0 ? builder.maxBytes : Long.MAX_VALUE);
    this.memory = builder.maxBytes > 0
        ? MemoryTier.ofWeight(builder.maxBytes, this::weightOf, index::get, builder.maintenance,
            this::evicted)
        : MemoryTier.ofEntries(builder.maxEntries, index::get, builder.maintenance,
            this::evicted);
  }

  /** The upkeep thread of all pools that are not given their own, started with the first. */
  private static final class SharedMaintenance {
    static final Executor EXECUTOR =
        new BatchingExecutor("filebacked-memory-upkeep", Duration.ofMillis(1));
  }

  /** A builder for a pool of keys {@code K} and values {@code V}. */
  public static <K, V> Builder<K, V> builder() {
    return new Builder<>();
  }

  // ---------------------------------------------------------------- reads

  /**
   * The value of {@code key}, or {@code null} if absent; loads it from disk if it is not in
   * memory, waiting for a load already in flight rather than starting another. Expiry times are
   * not looked at: see {@link #getIfFresh}.
   */
  public V get(K key) {
    return getIfFresh(key, Long.MIN_VALUE);
  }

  /**
   * The value of {@code key} if it is present and expires after {@code now}, otherwise
   * {@code null}; like {@link #get} otherwise. An expired entry stays in the pool: removing it,
   * and telling anyone, is the caller's business.
   */
  public V getIfFresh(K key, long now) {
    Objects.requireNonNull(key, "key");
    ensureOpen();
    // The common hit: one lookup in the memory tier, which records the access. A value in
    // memory is immutable for its node and stays valid after the node is replaced, so it needs
    // no reference (two atomic updates saved).
    Node<K> held = memory.get(key);
    if (held != null && !held.isRemoved() && held.expiresAt() > now) {
      Object resident = held.value();
      if (Node.isResident(resident)) {
        counters.memoryHit();
        return decode(held, resident);
      }
    }
    for (;;) {
      Node<K> node = index.get(key);
      if (node == null || node.expiresAt() <= now) {
        counters.miss();
        return null;
      }
      Object resident = node.value();
      if (Node.isResident(resident)) {
        touch(node);
        counters.memoryHit();
        return decode(node, resident);
      }
      if (!node.tryAcquire()) {
        continue; // replaced or removed just now: the index has moved on
      }
      try {
        Object value = node.value();
        if (Node.isResident(value)) {
          touch(node);
          counters.memoryHit();
          return decode(node, value);
        }
        Object payload = value instanceof PendingLoad pending ? pending.join() : load(node);
        if (payload == UNREADABLE) {
          counters.miss();
          return null;
        }
        counters.diskHit();
        return decode(node, payload);
      } catch (BlobNotFoundException e) {
        if (!node.isRemoved()) {
          throw e;
        }
        // The version went away under us (replaced, and a re-registered copy of it removed):
        // the key's current version is what this read returns.
      } finally {
        release(node);
      }
    }
  }

  /**
   * The value of {@code key}, loaded in the background if it is not in memory. The future
   * completes with {@code null} if the key is absent.
   */
  public CompletableFuture<V> getAsync(K key) {
    Objects.requireNonNull(key, "key");
    ensureOpen();
    for (;;) {
      Node<K> node = index.get(key);
      if (node == null) {
        counters.miss();
        return CompletableFuture.completedFuture(null);
      }
      if (!node.tryAcquire()) {
        continue;
      }
      Object value = node.value();
      if (Node.isResident(value)) {
        try {
          touch(node);
          counters.memoryHit();
          return CompletableFuture.completedFuture(decode(node, value));
        } catch (RuntimeException e) {
          return CompletableFuture.failedFuture(e);
        } finally {
          release(node);
        }
      }
      PendingLoad pending;
      if (value instanceof PendingLoad inFlight) {
        pending = inFlight;
      } else {
        pending = new PendingLoad();
        if (!node.casValue(null, pending)) {
          release(node);
          continue; // loaded or being loaded by someone else: look again
        }
        PendingLoad mine = pending;
        try {
          tasks.execute(() -> runLoad(node, mine));
        } catch (RejectedExecutionException e) {
          node.casValue(mine, null);
          mine.fail(new IllegalStateException("Pool " + name + " is closed", e));
        }
      }
      return pending.future().handle((payload, error) -> {
        release(node);
        if (error == null && payload == UNREADABLE) {
          counters.miss();
          return CompletableFuture.<V>completedFuture(null);
        }
        if (error == null) {
          counters.diskHit();
          return CompletableFuture.completedFuture(decode(node, payload));
        }
        Throwable cause = error instanceof CompletionException
            && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof BlobNotFoundException && node.isRemoved()) {
          return getAsync(key);
        }
        return CompletableFuture.<V>failedFuture(cause);
      }).thenCompose(f -> f);
    }
  }

  /**
   * Decodes a payload for a reader. A store-by-value pool decodes here rather than when loading,
   * so a value the codec refuses (a class the decoding policy does not allow) is met here too,
   * and answered as the policy says: a miss, with that version dropped.
   */
  private V decode(Node<K> node, Object payload) {
    try {
      return form.read(payload);
    } catch (CodecException e) {
      if (answeredAsMiss(node, e)) {
        return null;
      }
      throw e;
    }
  }

  /** Whether the pool holds {@code key}; never does I/O. */
  public boolean containsKey(K key) {
    Objects.requireNonNull(key, "key");
    ensureOpen();
    return index.containsKey(key);
  }

  /**
   * When the entry of {@code key} expires, in the caller's clock ({@link #NEVER} unless set), or
   * {@link #ABSENT} if the pool does not hold the key.
   */
  public long expiresAt(K key) {
    Objects.requireNonNull(key, "key");
    Node<K> node = index.get(key);
    return node == null ? ABSENT : node.expiresAt();
  }

  /**
   * Sets when the current entry of {@code key} expires; returns whether the pool holds the key.
   * Only metadata changes: the value is not rewritten.
   */
  public boolean setExpiresAt(K key, long expiresAt) {
    Objects.requireNonNull(key, "key");
    checkExpiry(expiresAt);
    Node<K> node = index.get(key);
    if (node == null) {
      return false;
    }
    node.setExpiresAt(expiresAt);
    return true;
  }

  /**
   * The keys whose entries expire at or before {@code now}, found by one pass over the index
   * without I/O. They stay in the pool until the caller removes them.
   */
  public List<K> expiredKeys(long now) {
    List<K> expired = new ArrayList<>();
    for (Node<K> node : index.values()) {
      if (node.expiresAt() <= now) {
        expired.add(node.key);
      }
    }
    return expired;
  }

  /** Entries in the pool, in memory or on disk. */
  public long size() {
    return index.size();
  }

  /** A live, unmodifiable view of the keys; weakly consistent under concurrent changes. */
  public Set<K> keySet() {
    return Collections.unmodifiableSet(index.keySet());
  }

  // ---------------------------------------------------------------- writes

  /** Sets the value of {@code key}, as a new version in memory that never expires. */
  public void put(K key, V value) {
    put(key, value, NEVER);
  }

  /**
   * Sets the value of {@code key}, as a new version in memory that expires at
   * {@code expiresAt} in the caller's clock ({@link #NEVER} for never). The pool only keeps the
   * time for {@link #getIfFresh} and {@link #expiredKeys}; it never reads a clock.
   */
  public void put(K key, V value, long expiresAt) {
    checkExpiry(expiresAt);
    Node<K> node = newNode(key, value, expiresAt);
    requireWritable();
    install(node);
    spills.awaitCapacity();
  }

  /** Sets the value of {@code key} if it has none; returns whether it did. */
  public boolean putIfAbsent(K key, V value) {
    Node<K> node = newNode(key, value, NEVER);
    requireWritable();
    Node<K> existing = index.putIfAbsent(key, node);
    if (existing != null) {
      return false;
    }
    admit(node);
    spills.awaitCapacity();
    return true;
  }

  /** Removes {@code key}; returns whether it was present. Its blob is deleted in the background. */
  public boolean remove(K key) {
    Objects.requireNonNull(key, "key");
    ensureOpen();
    Node<K> old = index.remove(key);
    if (old == null) {
      return false;
    }
    retire(old);
    return true;
  }

  /** Removes every entry. */
  public void clear() {
    ensureOpen();
    for (K key : index.keySet()) {
      Node<K> old = index.remove(key);
      if (old != null) {
        retire(old);
      }
    }
  }

  private Node<K> newNode(K key, V value, long expiresAt) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    ensureOpen();
    return new Node<>(key, VersionIds.next(), form.payloadOf(value), 0, expiresAt);
  }

  private static void checkExpiry(long expiresAt) {
    if (expiresAt == ABSENT) {
      throw new IllegalArgumentException("expiresAt must be greater than Long.MIN_VALUE, which "
          + "stands for an absent entry");
    }
  }

  private void install(Node<K> node) {
    Node<K> old = index.put(node.key, node);
    admit(node);
    if (old != null) {
      retire(old);
    }
  }

  // ---------------------------------------------------------------- persistence

  /**
   * Prepares {@code directory} as a persisted location (made if missing, claimed if empty,
   * refused if it holds anything FileBacked did not write; the store's own leftovers of
   * interrupted writes removed) and lists what it holds.
   */
  public TrackedLocation trackPath(Path directory) {
    ensureOpen();
    PersistedLocation location = PersistedLocation.of(directory);
    return new Tracked(location, store.prepare(location));
  }

  /** {@link #trackPath} in the background. */
  public CompletableFuture<TrackedLocation> trackPathAsync(Path directory) {
    return background(() -> trackPath(directory));
  }

  /**
   * Links the current version of {@code key} into {@code location}, writing it first if it only
   * lived in memory, and returns its id (what {@link #register} takes back).
   *
   * @throws NoSuchElementException if the pool does not hold {@code key}
   */
  public UUID persist(K key, TrackedLocation location) {
    Objects.requireNonNull(key, "key");
    Tracked tracked = own(location);
    ensureOpen();
    Node<K> node = acquireCurrent(key);
    if (node == null) {
      throw new NoSuchElementException("Cannot persist key " + key + ": pool " + name
          + " does not hold it");
    }
    try {
      writeIfNeeded(node);
      UUID id = node.id();
      try (KeyedLocks.Held held = locationLocks.lock(new LocatedId(tracked.location(), id))) {
        if (!tracked.contains(id)) {
          store.persist(id, tracked.location());
          tracked.add(id);
        }
      }
      return id;
    } finally {
      release(node);
    }
  }

  /** {@link #persist} in the background. */
  public CompletableFuture<UUID> persistAsync(K key, TrackedLocation location) {
    return background(() -> persist(key, location));
  }

  /**
   * Brings the version {@code id} persisted at {@code location} back into the pool as the value
   * of the key stored in it, replacing that key's current value; the value stays on disk until
   * read. Returns the key.
   *
   * @throws NoSuchElementException if the location holds no such version
   * @throws CodecException if the blob was written by another codec or its key cannot be decoded
   */
  public K register(TrackedLocation location, UUID id) {
    Objects.requireNonNull(id, "id");
    Tracked tracked = own(location);
    ensureOpen();
    PersistedLocation where = tracked.location();
    try (KeyedLocks.Held atLocation = locationLocks.lock(new LocatedId(where, id))) {
      if (!tracked.contains(id)) {
        throw new NoSuchElementException("Cannot register " + id + ": it is not persisted at "
            + where.directory());
      }
      Blob blob = store.readPersisted(where, id);
      checkCodec(blob, where.directory() + " blob " + id);
      K key = keyCodec.decode(blob.key(), classLoader);
      // Under the version lock, a deferred delete of this id either ran before (and we link the
      // blob anew) or runs after and sees the registered node in the index.
      try (KeyedLocks.Held version = versionLocks.lock(id)) {
        Node<K> current = index.get(key);
        if (current != null && current.hasId(id)) {
          return key;
        }
        store.register(where, id);
        Node<K> node = new Node<>(key, id, null, Node.WRITTEN, NEVER);
        Node<K> old = index.put(key, node);
        if (old != null) {
          retire(old);
        }
      }
      return key;
    }
  }

  /** {@link #register} in the background. */
  public CompletableFuture<K> registerAsync(TrackedLocation location, UUID id) {
    return background(() -> register(location, id));
  }

  /** Makes everything persisted into or deleted from {@code location} so far durable. */
  public void sync(TrackedLocation location) {
    Tracked tracked = own(location);
    ensureOpen();
    store.sync(tracked.location());
  }

  /** {@link #sync} in the background. */
  public CompletableFuture<Void> syncAsync(TrackedLocation location) {
    return background(() -> {
      sync(location);
      return null;
    });
  }

  /** Deletes the version {@code id} from {@code location}; returns whether it was there. */
  public boolean deletePersisted(TrackedLocation location, UUID id) {
    Objects.requireNonNull(id, "id");
    Tracked tracked = own(location);
    ensureOpen();
    try (KeyedLocks.Held held = locationLocks.lock(new LocatedId(tracked.location(), id))) {
      boolean existed = store.deletePersisted(tracked.location(), id);
      tracked.remove(id);
      return existed;
    }
  }

  /** {@link #deletePersisted} in the background. */
  public CompletableFuture<Boolean> deletePersistedAsync(TrackedLocation location, UUID id) {
    return background(() -> deletePersisted(location, id));
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Waits until every spill, load and delete started so far, and any they start in turn, has
   * finished. After it returns, the store holds exactly the blobs of written live versions.
   *
   * @throws IllegalStateException if called from a background task, which would wait for itself
   */
  public void flush() {
    memory.cleanUp();
    tasks.awaitIdle();
  }

  /**
   * Whether reads are counted in {@link PoolStats#memoryHits()}, {@link PoolStats#diskHits()} and
   * {@link PoolStats#misses()}; they are by default. Each count is an atomic update of a shared
   * counter, which a read from memory feels: switch it off when nobody reads the figures.
   */
  public void countReads(boolean on) {
    counters.readsCounted = on;
  }

  /** {@link PoolStats} as of now. */
  public PoolStats stats() {
    return counters.snapshot(index.size(), memory.entries(), memory.weight(), unwritten.size(),
        closed ? BlobStoreUsage.UNKNOWN : store.usage());
  }

  /** The pool's name, used in thread names and messages. */
  public String name() {
    return name;
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes the pool: background work still queued is skipped, the work in flight finishes, and
   * the store is destroyed (its directory deleted) unless the pool was built to keep it.
   * Persisted locations are never touched. Closing twice does nothing.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    tasks.awaitIdle();
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
      awaitTermination(ownedExecutor);
    }
    memory.clear();
    index.clear();
    if (destroyStoreOnClose) {
      store.destroy();
    } else {
      store.close();
    }
  }

  @Override
  public String toString() {
    return "FilePool[" + name + ", " + index.size() + " entries, store " + store + "]";
  }

  // ---------------------------------------------------------------- engine

  private void admit(Node<K> node) {
    memory.admit(node);
    // A retire that ran before the admit could not take the node out of the tier: do it here.
    if (node.isRemoved()) {
      memory.remove(node);
    }
  }

  /** Records an access; an access to a value whose spill is queued cancels the spill. */
  private void touch(Node<K> node) {
    if (node.clear(Node.SPILLING)) {
      counters.spillsCancelled.increment();
      admit(node);
    } else {
      memory.touch(node);
    }
  }

  /** The memory tier pushed {@code node} out. Runs under the tier's locks: no I/O, no waiting. */
  private void evicted(Node<K> node) {
    if (closed || !node.tryAcquire()) {
      return;
    }
    boolean queued = false;
    try {
      for (;;) {
        int s = node.state();
        Object value = node.value();
        if ((s & Node.WRITTEN) != 0) {
          if (Node.isResident(value) && node.casValue(value, null)) {
            counters.drops.increment();
          }
          return;
        }
        if ((s & Node.SPILLING) != 0 || !Node.isResident(value)) {
          return;
        }
        if (node.casState(s, s | Node.SPILLING)) {
          break;
        }
      }
      spills.submit(() -> spill(node), weightOf(node));
      queued = true;
    } catch (RejectedExecutionException e) {
      node.clear(Node.SPILLING); // closing: the value stays in memory until the pool is gone
    } finally {
      if (!queued) {
        release(node);
      }
    }
  }

  /** A spill task: write the value of an evicted node, then drop it from memory. */
  private void spill(Node<K> node) {
    try {
      for (;;) {
        int s = node.state();
        if (closed || (s & Node.REMOVED) != 0 || (s & Node.SPILLING) == 0
            || (s & Node.WRITING) != 0) {
          return; // cancelled by an access, removed, or another task is on it
        }
        if ((s & Node.WRITTEN) != 0) {
          leaveMemoryAfterWrite(node); // persisted meanwhile: nothing to write
          return;
        }
        if (node.casState(s, s | Node.WRITING)) {
          break;
        }
      }
      try {
        int bytes = writeWithRetries(node, node.value());
        counters.spills.increment();
        counters.bytesWritten.add(bytes);
      } catch (RuntimeException e) {
        node.clear(Node.WRITING);
        unwritable(node, e);
        return;
      }
      for (;;) {
        int s = node.state();
        if (node.casState(s, (s & ~Node.WRITING) | Node.WRITTEN)) {
          break;
        }
      }
      leaveMemoryAfterWrite(node);
    } finally {
      release(node);
    }
  }

  /** Writes the node's blob, trying again after a passing error as the policy says. */
  private int writeWithRetries(Node<K> node, Object payload) {
    for (int attempt = 1; ; attempt++) {
      try {
        return writeBlob(node, payload);
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
    if (!node.clear(Node.SPILLING)) {
      return; // back in the memory tier: it tries the disk again when it next leaves
    }
    FailureKind kind = FailureKind.of(error);
    if (policy.afterWrite(kind, FailurePolicy.ATTEMPTS)
        == FailurePolicy.AfterWrite.KEEP_AND_REFUSE_PUTS) {
      synchronized (unwritten) {
        unwritten.add(node);
        lastWriteFailure = error;
        if (!refusingPuts) {
          refusingPuts = true;
          nextRetryNanos = System.nanoTime() + policy.retryInterval().toNanos();
        }
      }
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

  /**
   * Throws the {@link BlobStoreFullException} a put would throw now, for a caller that must know
   * before it does something it cannot undo (a JCache write-through). Under
   * {@link DiskFullPolicy#FAIL_WRITES}, puts are refused while values wait in memory for the
   * disk; once per retry interval, one caller writes the first of them instead (outside every
   * lock; callers meanwhile are refused at once), and on success sends the rest back to the
   * spill queue and goes through.
   */
  public void requireWritable() {
    if (!refusingPuts) {
      return;
    }
    Node<K> first;
    synchronized (unwritten) {
      unwritten.removeIf(Node::isRemoved); // removed or replaced: no longer waiting
      if (unwritten.isEmpty()) {
        refusingPuts = false;
      }
      if (!refusingPuts) {
        return;
      }
      long now = System.nanoTime();
      if (retrying || now - nextRetryNanos < 0) {
        throw refused(lastWriteFailure);
      }
      retrying = true;
      nextRetryNanos = now + policy.retryInterval().toNanos();
      first = unwritten.peek();
    }
    List<Node<K>> resubmit = List.of();
    try {
      writeWaiting(first);
      synchronized (unwritten) {
        unwritten.remove(first);
        refusingPuts = false;
        resubmit = new ArrayList<>(unwritten);
        unwritten.clear();
      }
    } catch (RuntimeException e) {
      lastWriteFailure = e;
      throw refused(e);
    } finally {
      synchronized (unwritten) {
        retrying = false;
      }
    }
    for (Node<K> node : resubmit) {
      evicted(node); // back through the spill queue; a failure there refuses puts again
    }
  }

  /** Writes a value that waits for the disk, and drops it from memory (it is not in the tier). */
  private void writeWaiting(Node<K> node) {
    if (!node.tryAcquire()) {
      return; // removed meanwhile: nothing to write
    }
    try {
      Object value = node.value();
      if (Node.isResident(value) && !node.has(Node.WRITTEN)) {
        counters.bytesWritten.add(writeBlob(node, value));
        counters.spills.increment();
        node.set(Node.WRITTEN);
        node.casValue(value, null);
      }
    } finally {
      release(node);
    }
  }

  private BlobStoreFullException refused(RuntimeException cause) {
    counters.writesRefused.increment();
    return new BlobStoreFullException("Pool " + name + " refuses new values: "
        + unwritten.size() + " values wait in memory because the disk tier cannot take them ("
        + (cause == null ? "unknown cause" : cause.getMessage()) + "). Free space; puts succeed "
        + "again once a write does (tried at most every " + policy.retryInterval() + ")", cause);
  }

  /**
   * Takes {@code node} out of the pool if it is still the key's current version, never a newer
   * one (the index's conditional remove is atomic with a concurrent put of the key), and tells
   * the eviction listener. Returns whether it did.
   */
  private boolean evictVersion(Node<K> node) {
    if (!index.remove(node.key, node)) {
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

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Drops the value of a written node from memory, unless an access cancelled the spill. */
  private void leaveMemoryAfterWrite(Node<K> node) {
    if (node.clear(Node.SPILLING)) {
      Object value = node.value();
      if (Node.isResident(value)) {
        node.casValue(value, null);
      }
    }
  }

  /** Writes the node's blob unless it is already written (persist on an in-memory value). */
  private void writeIfNeeded(Node<K> node) {
    for (;;) {
      if (node.has(Node.WRITTEN)) {
        return;
      }
      Object value = node.value();
      if (!Node.isResident(value)) {
        continue; // a spill published WRITTEN and dropped the value between our two reads
      }
      int bytes = writeBlob(node, value);
      counters.bytesWritten.add(bytes);
      node.set(Node.WRITTEN);
      return;
    }
  }

  private int writeBlob(Node<K> node, Object payload) {
    byte[] value = form.encoded(payload);
    byte[] key = keyCodec.encode(node.key);
    store.write(node.id(), new Blob(valueCodec.id(), valueCodec.formatVersion(), key, value));
    return value.length;
  }

  /** Loads the node's value, or joins the load in flight. The caller holds a reference. */
  private Object load(Node<K> node) {
    for (;;) {
      Object value = node.value();
      if (Node.isResident(value)) {
        return value;
      }
      if (value instanceof PendingLoad pending) {
        return pending.join();
      }
      PendingLoad pending = new PendingLoad();
      if (node.casValue(null, pending)) {
        runLoad(node, pending);
        return pending.join();
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
      node.casValue(pending, null);
      if (miss) {
        pending.complete(UNREADABLE);
      } else {
        pending.fail(e);
      }
      return;
    } catch (Error e) {
      node.casValue(pending, null);
      pending.fail(e);
      return;
    }
    if (node.isRemoved() || closed) {
      node.casValue(pending, null); // the reader gets the value; memory does not keep it
    } else {
      node.casValue(pending, payload);
      admit(node);
    }
    pending.complete(payload);
  }

  /** Reads and verifies the node's blob, trying again after a passing error. */
  private Object readVersion(Node<K> node) {
    UUID id = node.id();
    for (int attempt = 1; ; attempt++) {
      try {
        Blob blob = store.read(id);
        checkCodec(blob, "blob " + id);
        checkKey(node, blob);
        Object payload = form.payloadOfEncoded(blob.value());
        counters.loads.increment();
        counters.bytesRead.add(blob.value().length);
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
  private boolean answeredAsMiss(Node<K> node, RuntimeException error) {
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
        failures.warn(kind, "Pool " + name + ": the value of key " + node.key + ", version "
            + id + ", cannot be read back (" + error.getMessage() + "); the entry left the pool",
            error);
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
  private void checkKey(Node<K> node, Blob blob) {
    if (Arrays.equals(keyCodec.encode(node.key), blob.key())) {
      return;
    }
    Object found;
    try {
      found = keyCodec.decode(blob.key(), classLoader);
    } catch (RuntimeException e) {
      found = "(" + blob.key().length + " bytes that do not decode as a key)";
    }
    if (!node.key.equals(found)) {
      throw new CorruptBlobException("Blob " + node.id() + " in " + store + " holds the value of "
          + "key " + found + ", not of key " + node.key + " (a blob file copied or moved over "
          + "another)");
    }
  }

  private void checkCodec(Blob blob, String what) {
    if (!blob.writtenBy(valueCodec)) {
      throw new CodecException("Pool " + name + ": " + what + " was written by codec '"
          + blob.codecId() + "' version " + blob.codecVersion() + ", but this pool uses '"
          + valueCodec.id() + "' version " + valueCodec.formatVersion()
          + "; open it with the codec that wrote it");
    }
  }

  /** Takes a version out of the pool: out of memory, and its index reference released. */
  private void retire(Node<K> node) {
    node.set(Node.REMOVED);
    memory.remove(node);
    release(node);
  }

  private void release(Node<K> node) {
    if (node.release()) {
      node.setValue(null);
      if (node.has(Node.WRITTEN) && !closed) {
        try {
          tasks.execute(() -> deleteVersion(node));
        } catch (RejectedExecutionException e) {
          // Closing: a destroyed store takes the blob with it; a kept one is cleaned on reopen.
        }
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

  private Node<K> acquireCurrent(K key) {
    for (;;) {
      Node<K> node = index.get(key);
      if (node == null || node.tryAcquire()) {
        return node;
      }
    }
  }

  private int weightOf(Node<K> node) {
    Object value = node.value();
    return Node.isResident(value) ? form.weight(node.key, value) : 0;
  }

  private Tracked own(TrackedLocation location) {
    Objects.requireNonNull(location, "location");
    if (location instanceof Tracked tracked) {
      return tracked;
    }
    throw new IllegalArgumentException("Location " + location + " was not obtained from "
        + "FilePool.trackPath; call trackPath(directory) first");
  }

  <T> CompletableFuture<T> background(Supplier<T> operation) {
    ensureOpen();
    CompletableFuture<T> result = new CompletableFuture<>();
    tasks.execute(() -> {
      try {
        result.complete(operation.get());
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("Pool " + name + " is closed");
    }
  }

  private static void awaitTermination(ExecutorService executor) {
    try {
      while (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
        LOG.log(Level.WARNING, "Still waiting for FileBacked background threads to stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- test hooks

  /** Pushes {@code key}'s value out of memory as an eviction would. For tests. */
  void spillNow(K key) {
    Node<K> node = index.get(key);
    if (node != null) {
      memory.remove(node);
      evicted(node);
    }
  }

  /** The key's current node, for tests that check its state. */
  Node<K> nodeOf(K key) {
    return index.get(key);
  }

  /** The ids of live versions whose blob is written: what the store should hold after flush. */
  Set<UUID> writtenIds() {
    Set<UUID> ids = new HashSet<>();
    for (Node<K> node : index.values()) {
      if (node.has(Node.WRITTEN)) {
        ids.add(node.id());
      }
    }
    return ids;
  }

  /** The index itself, for the heap-cost measurement. */
  Object indexForMeasurement() {
    return index;
  }

  boolean inMemoryTier(K key) {
    Node<K> node = index.get(key);
    return node != null && memory.contains(node);
  }

  long memoryWeight() {
    return memory.weight();
  }

  boolean locationLockHasWaiters(TrackedLocation location, UUID id) {
    return locationLocks.hasWaiters(new LocatedId(own(location).location(), id));
  }

  // ---------------------------------------------------------------- builder

  /**
   * Builds a {@link FilePool}. Defaults: JDK serialization for keys and values, a memory tier of
   * 10,000 entries holding values by reference, 2 background I/O threads, at most 1,024 queued
   * spills, and a store that is deleted when the pool closes.
   */
  public static final class Builder<K, V> {

    private String name = "pool";
    private BlobStore store;
    private Path directory;
    private Codec<K> keyCodec = new JavaSerializationCodec<>();
    private Codec<V> valueCodec = new JavaSerializationCodec<>();
    private long maxEntries = 10_000;
    private long maxBytes;
    private Weigher<? super K, ? super V> weigher;
    private boolean storeByValue;
    private Executor executor;
    private Executor maintenance = SharedMaintenance.EXECUTOR;
    private int ioThreads = 2;
    private int maxPendingSpills = 1_024;
    private ClassLoader classLoader = FilePool.class.getClassLoader();
    private boolean destroyStoreOnClose = true;
    private DiskFullPolicy diskFullPolicy = DiskFullPolicy.EVICT;
    private Duration writeRetryInterval = Duration.ofSeconds(1);
    private Duration failureLogInterval = Duration.ofSeconds(30);
    private Consumer<? super K> evictionListener = key -> { };

    private Builder() {}

    /** A name for messages and thread names. */
    public Builder<K, V> name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The blob store to spill to. The pool owns it from now on and closes it. */
    public Builder<K, V> store(BlobStore store) {
      this.store = Objects.requireNonNull(store, "store");
      this.directory = null;
      return this;
    }

    /** Spill to a {@link FileBlobStore} opened at {@code directory} when the pool is built. */
    public Builder<K, V> directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      this.store = null;
      return this;
    }

    public Builder<K, V> keyCodec(Codec<K> codec) {
      this.keyCodec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    public Builder<K, V> valueCodec(Codec<V> codec) {
      this.valueCodec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /**
     * Bounds the memory tier by entry count. Values waiting to be written are bounded only by
     * {@link #maxPendingSpills}; for large values, bound by bytes instead.
     */
    public Builder<K, V> maximumEntriesInMemory(long entries) {
      if (entries < 0) {
        throw new IllegalArgumentException("maximumEntriesInMemory must be 0 or more, was "
            + entries);
      }
      this.maxEntries = entries;
      this.maxBytes = 0;
      return this;
    }

    /**
     * Bounds the memory tier by weight: by the {@link #weigher} if one is set, otherwise by the
     * encoded size of each value (the encoding is then kept with the value, so a spill writes
     * it as it is). Values evicted and waiting to be written count against the same bound:
     * writers wait once those weigh {@code bytes}.
     */
    public Builder<K, V> maximumBytesInMemory(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maximumBytesInMemory must be positive, was "
            + bytes);
      }
      this.maxBytes = bytes;
      return this;
    }

    /** Weighs values for {@link #maximumBytesInMemory}; not used with store-by-value. */
    public Builder<K, V> weigher(Weigher<? super K, ? super V> weigher) {
      this.weigher = Objects.requireNonNull(weigher, "weigher");
      return this;
    }

    /**
     * Hold values in memory encoded, so every read returns a fresh copy and a spill writes bytes
     * already there. Off by default: reads return the object that was put.
     */
    public Builder<K, V> storeByValue(boolean storeByValue) {
      this.storeByValue = storeByValue;
      return this;
    }

    /**
     * Runs background work on {@code executor} instead of the pool's own threads. It must run
     * tasks on other threads than the caller's, and is not shut down by the pool.
     */
    public Builder<K, V> executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Runs the memory tier's upkeep (recording reads, choosing what to evict) on
     * {@code executor}. By default one thread shared by all pools, which batches that upkeep
     * (see {@link BatchingExecutor}) so reads do not pay for it; {@code Runnable::run} evicts
     * on the thread that adds a value, which makes eviction deterministic for tests.
     */
    public Builder<K, V> maintenanceExecutor(Executor executor) {
      this.maintenance = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Threads of the pool's own executor (when none is given). */
    public Builder<K, V> ioThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("ioThreads must be at least 1, was " + threads);
      }
      this.ioThreads = threads;
      return this;
    }

    /** Spills queued or running before writers wait for the disk. */
    public Builder<K, V> maxPendingSpills(int spills) {
      if (spills < 1) {
        throw new IllegalArgumentException("maxPendingSpills must be at least 1, was " + spills);
      }
      this.maxPendingSpills = spills;
      return this;
    }

    /** Resolves classes when decoding. Defaults to the class loader of FileBacked. */
    public Builder<K, V> classLoader(ClassLoader classLoader) {
      this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
      return this;
    }

    /**
     * Whether closing the pool deletes its store (default {@code true}). A pool that keeps its
     * store still deletes blobs no entry owns.
     */
    public Builder<K, V> destroyStoreOnClose(boolean destroy) {
      this.destroyStoreOnClose = destroy;
      return this;
    }

    /**
     * What happens to a value that leaves memory when the disk cannot take it (default
     * {@link DiskFullPolicy#EVICT}); see {@link FailurePolicy}.
     */
    public Builder<K, V> diskFullPolicy(DiskFullPolicy policy) {
      this.diskFullPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Under {@link DiskFullPolicy#FAIL_WRITES}, how often at most a refused put tries the kept
     * values' writes again (default 1 second).
     */
    public Builder<K, V> writeRetryInterval(Duration interval) {
      this.writeRetryInterval = notNegative(interval, "writeRetryInterval");
      return this;
    }

    /**
     * How often at most a WARNING is logged per kind of failure (default 30 seconds); the
     * failures in between are logged at DEBUG, counted, and summed up in the next WARNING.
     */
    public Builder<K, V> failureLogInterval(Duration interval) {
      this.failureLogInterval = notNegative(interval, "failureLogInterval");
      return this;
    }

    private static Duration notNegative(Duration interval, String name) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, was " + interval);
      }
      return interval;
    }

    /**
     * Called with the key of every entry that leaves the pool because of a storage or codec
     * failure (a blob that cannot be read back, a value that cannot be written); the JCache
     * adapter counts these as evictions. Runs on the thread that met the failure; must not
     * block.
     */
    public Builder<K, V> evictionListener(Consumer<? super K> listener) {
      this.evictionListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    ValueForm<K, V> form() {
      if (storeByValue) {
        return ValueForm.byValue(valueCodec, classLoader);
      }
      if (maxBytes > 0 && weigher == null) {
        return ValueForm.byReferenceWithBytes(valueCodec, classLoader);
      }
      return ValueForm.byReference(valueCodec, classLoader, maxBytes > 0 ? weigher : null);
    }

    public FilePool<K, V> build() {
      if (storeByValue && weigher != null) {
        throw new IllegalStateException("A store-by-value pool weighs values by their encoded "
            + "size; remove the weigher or turn store-by-value off");
      }
      if (store == null && directory == null) {
        throw new IllegalStateException("Set where values spill to: directory(path) or "
            + "store(blobStore)");
      }
      BlobStore blobs = store != null ? store : FileBlobStore.open(directory);
      deleteLeftovers(blobs);
      ExecutorService owned = executor == null
          ? Executors.newFixedThreadPool(ioThreads,
          DaemonThreads.named("filebacked-io-" + name)) : null;
      return new FilePool<>(this, blobs, owned, owned != null ? owned : executor);
    }

    /** Blobs left by an earlier run belong to no entry of this new pool. */
    private void deleteLeftovers(BlobStore blobs) {
      Set<UUID> leftovers = blobs.ids();
      if (!leftovers.isEmpty()) {
        leftovers.forEach(blobs::delete);
        LOG.log(Level.INFO, "Pool {0}: deleted {1} blobs left by an earlier run in {2}", name,
            leftovers.size(), blobs);
      }
    }
  }
}
