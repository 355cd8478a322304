package dev.filebacked.core.pool;

import dev.filebacked.core.codec.JavaSerializationCodec;
import dev.filebacked.core.concurrent.BatchingExecutor;
import dev.filebacked.core.concurrent.DaemonThreads;
import dev.filebacked.core.persist.BootId;
import dev.filebacked.core.store.BlobSync;
import dev.filebacked.core.store.FileBlobStore;
import dev.filebacked.spi.BlobStore;
import dev.filebacked.spi.BlobStoreFullException;
import dev.filebacked.spi.BlobStoreUsage;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.DiskFullPolicy;
import dev.filebacked.spi.Durability;
import dev.filebacked.spi.TrackedLocation;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
 * <p><b>Where each job lives.</b> This class keeps the index (each key's current {@link Node},
 * one version of it, whose state machine the node owns), the map API and the lifecycle, and
 * delegates: {@link MemoryTier} holds the hot values and chooses what leaves, {@link DiskTier}
 * writes what leaves and loads it back and deletes dead versions' blobs, {@link WaitingForDisk}
 * holds values the disk refused, and {@link PersistedLocations} persists and registers.
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

  /** The expiry time of an entry that never expires. */
  public static final long NEVER = Long.MAX_VALUE;

  /** What {@link #expiresAt} returns for a key the pool does not hold. */
  public static final long ABSENT = Long.MIN_VALUE;

  private static final System.Logger LOG = System.getLogger(FilePool.class.getName());

  private final String name;
  private final BlobStore store;
  private final ValueForm<K, V> form;
  private final boolean destroyStoreOnClose;
  private final ExecutorService ownedExecutor;
  private final ConcurrentHashMap<K, Node<K>> index;
  private final MemoryTier<K> memory;
  private final DiskTier<K> disk;
  private final PersistedLocations<K> persisted;
  private final BackgroundTasks tasks;
  private final SpillQueue spills;
  private final PoolCounters counters = new PoolCounters();
  private final PoolReader<K, V> reader;
  /** The journal of a persistent pool; {@code null} for a pool whose contents die with it. */
  private final PoolJournal<K> journal;
  private final ReopenReport reopenReport;
  private volatile boolean closed;

  private FilePool(Builder<K, V> builder, BlobStore store, ExecutorService ownedExecutor,
      Executor executor, PoolRecovery.Recovered recovered) {
    this.name = builder.name;
    this.index = recovered == null ? new ConcurrentHashMap<>()
        : new ConcurrentHashMap<>(recovered.indexCapacity());
    this.store = store;
    this.destroyStoreOnClose = builder.destroyStoreOnClose;
    this.ownedExecutor = ownedExecutor;
    this.form = builder.form();
    this.tasks = new BackgroundTasks(executor);
    this.spills = new SpillQueue(tasks, builder.maxPendingSpills,
        builder.maxBytes > 0 ? builder.maxBytes : Long.MAX_VALUE);
    Consumer<Node<K>> evicted = this::evicted;
    this.memory = builder.maxBytes > 0
        ? MemoryTier.ofWeight(builder.maxBytes, form::weightOf, index::get, builder.maintenance,
            evicted)
        : MemoryTier.ofEntries(builder.maxEntries, index::get, builder.maintenance, evicted);
    this.disk = new DiskTier<>(new DiskTier.Parts<>(name, store, builder.keyCodec,
        builder.valueCodec, form, builder.classLoader, index, memory, tasks, spills, counters,
        new FailurePolicy(builder.diskFullPolicy, builder.writeRetryInterval),
        FailureLog.toLogger(LOG, builder.failureLogInterval), builder.evictionListener));
    this.persisted = new PersistedLocations<>(name, store, builder.keyCodec,
        builder.classLoader, index, disk, tasks, this::ensureOpen, this::installRegistered);
    this.reader = new PoolReader<>(index, memory, disk, form, counters);
    if (builder.durability != null) {
      PoolRecovery.Opened<K> opened = PoolRecovery.open(name, (FileBlobStore) store, recovered,
          builder.durability, builder.keyCodec, builder.classLoader, builder.bootId, index, tasks);
      this.journal = opened.journal();
      this.reopenReport = opened.report();
      disk.journalWith(journal);
    } else {
      this.journal = null;
      this.reopenReport = null;
    }
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
    return reader.getIfFresh(key, now);
  }

  /**
   * The value of {@code key}, loaded in the background if it is not in memory. The future
   * completes with {@code null} if the key is absent.
   */
  public CompletableFuture<V> getAsync(K key) {
    Objects.requireNonNull(key, "key");
    ensureOpen();
    return reader.getAsync(key);
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
    if (journal != null) {
      installDurably(node, false);
    } else {
      install(node);
    }
    spills.awaitCapacity();
  }

  /** Sets the value of {@code key} if it has none; returns whether it did. */
  public boolean putIfAbsent(K key, V value) {
    Node<K> node = newNode(key, value, NEVER);
    requireWritable();
    if (journal != null) {
      boolean added = !index.containsKey(key) && installDurably(node, true);
      spills.awaitCapacity();
      return added;
    }
    Node<K> existing = index.putIfAbsent(key, node);
    if (existing != null) {
      return false;
    }
    memory.admit(node);
    spills.awaitCapacity();
    return true;
  }

  /** Removes {@code key}; returns whether it was present. Its blob is deleted in the background. */
  public boolean remove(K key) {
    Objects.requireNonNull(key, "key");
    ensureOpen();
    Node<K> old = journal != null ? journal.remove(key, null) : index.remove(key);
    if (old == null) {
      return false;
    }
    disk.retire(old);
    return true;
  }

  /** Removes every entry. */
  public void clear() {
    ensureOpen();
    if (journal != null) {
      journal.removeAll(index.keySet(), disk::retire);
      return;
    }
    for (K key : index.keySet()) {
      Node<K> old = index.remove(key);
      if (old != null) {
        disk.retire(old);
      }
    }
  }

  /**
   * Throws the {@link BlobStoreFullException} a put would throw now, for a caller that must know
   * before it does something it cannot undo (a JCache write-through). Under
   * {@link DiskFullPolicy#FAIL_WRITES}, puts are refused while values wait in memory for the
   * disk ({@link WaitingForDisk}); once per retry interval, one caller tries the disk again.
   */
  public void requireWritable() {
    disk.requireWritable();
  }

  private Node<K> newNode(K key, V value, long expiresAt) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    ensureOpen();
    return Node.inMemory(key, VersionIds.next(), form.payloadOf(value), expiresAt);
  }

  private static void checkExpiry(long expiresAt) {
    if (expiresAt == ABSENT) {
      throw new IllegalArgumentException("expiresAt must be greater than Long.MIN_VALUE, which "
          + "stands for an absent entry");
    }
  }

  private void install(Node<K> node) {
    Node<K> old = index.put(node.key, node);
    boolean replacedInMemory = memory.admit(node);
    if (old == null) {
      return;
    }
    if (replacedInMemory) {
      disk.retireReplaced(old);
    } else {
      disk.retire(old);
    }
  }

  /**
   * A persistent pool's put: the blob is written first (durably under FSYNC), then the node is
   * installed and recorded in the journal; the version it replaced is retired after that, so
   * its blob is deleted only once the record is durable. Returns whether it installed the node.
   */
  private boolean installDurably(Node<K> node, boolean onlyIfAbsent) {
    byte[] key = journal.encode(node.key);
    disk.writeIfNeeded(node, key);
    Node<K> old;
    try {
      old = journal.install(node, key, onlyIfAbsent);
    } catch (RuntimeException e) {
      disk.retire(node); // never current: its blob is deleted
      throw e;
    }
    if (old == node) {
      disk.retire(node); // putIfAbsent found the key present
      return false;
    }
    boolean replacedInMemory = memory.admit(node);
    if (old != null) {
      if (replacedInMemory) {
        disk.retireReplaced(old);
      } else {
        disk.retire(old);
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- persistence

  /**
   * Prepares {@code directory} as a persisted location (made if missing, claimed if empty,
   * refused if it holds anything FileBacked did not write; the store's own leftovers of
   * interrupted writes removed) and lists what it holds.
   */
  public TrackedLocation trackPath(Path directory) {
    return persisted.trackPath(directory);
  }

  /** {@link #trackPath} in the background. */
  public CompletableFuture<TrackedLocation> trackPathAsync(Path directory) {
    return persisted.trackPathAsync(directory);
  }

  /**
   * Links the current version of {@code key} into {@code location}, writing it first if it only
   * lived in memory, and returns its id (what {@link #register} takes back).
   *
   * @throws NoSuchElementException if the pool does not hold {@code key}
   */
  public UUID persist(K key, TrackedLocation location) {
    return persisted.persist(key, location);
  }

  /** {@link #persist} in the background. */
  public CompletableFuture<UUID> persistAsync(K key, TrackedLocation location) {
    return persisted.persistAsync(key, location);
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
    return register(location, id, NEVER);
  }

  /** {@link #register(TrackedLocation, UUID)}, the entry expiring at {@code expiresAt}. */
  public K register(TrackedLocation location, UUID id, long expiresAt) {
    checkExpiry(expiresAt);
    return persisted.register(location, id, expiresAt);
  }

  /** {@link #register(TrackedLocation, UUID)} in the background. */
  public CompletableFuture<K> registerAsync(TrackedLocation location, UUID id) {
    return registerAsync(location, id, NEVER);
  }

  /** {@link #register(TrackedLocation, UUID, long)} in the background. */
  public CompletableFuture<K> registerAsync(TrackedLocation location, UUID id, long expiresAt) {
    checkExpiry(expiresAt);
    return persisted.registerAsync(location, id, expiresAt);
  }

  /**
   * The key stored in the version {@code id} persisted at {@code location}, read without
   * registering it: for a caller that must lock the key before it registers.
   *
   * @throws NoSuchElementException if the location holds no such version
   */
  public K keyOf(TrackedLocation location, UUID id) {
    return persisted.keyOf(location, id);
  }

  /** Makes a registered version current, through the journal in a persistent pool. */
  private Node<K> installRegistered(Node<K> node) {
    return journal == null ? index.put(node.key, node) : journal.installLinked(node);
  }

  /** Makes everything persisted into or deleted from {@code location} so far durable. */
  public void sync(TrackedLocation location) {
    persisted.sync(location);
  }

  /** {@link #sync} in the background. */
  public CompletableFuture<Void> syncAsync(TrackedLocation location) {
    return persisted.syncAsync(location);
  }

  /** Deletes the version {@code id} from {@code location}; returns whether it was there. */
  public boolean deletePersisted(TrackedLocation location, UUID id) {
    return persisted.deletePersisted(location, id);
  }

  /** {@link #deletePersisted} in the background. */
  public CompletableFuture<Boolean> deletePersistedAsync(TrackedLocation location, UUID id) {
    return persisted.deletePersistedAsync(location, id);
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
    if (journal != null) {
      journal.makeDurable();
      tasks.awaitIdle(); // the deletions the sync let go
    }
  }

  /** Whether the pool is persistent: its contents outlive it (see {@link Builder#persistent}). */
  public boolean isPersistent() {
    return journal != null;
  }

  /** What opening this persistent pool found; {@code null} for a pool that is not persistent. */
  public ReopenReport reopenReport() {
    return reopenReport;
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
    long weight = memory.weight(); // first: it runs the tier's pending evictions
    return counters.snapshot(index.size(), memory.entries(), weight, disk.waitingForDisk(),
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
    close(destroyStoreOnClose);
  }

  /**
   * Closes the pool and deletes its store, persistent or not: its blobs and, for a persistent
   * pool, its journal. Persisted locations are never touched.
   */
  public void destroy() {
    if (closed) {
      if (journal != null) {
        journal.close(true);
      }
      store.destroy();
      return;
    }
    close(true);
  }

  private synchronized void close(boolean destroy) {
    if (closed) {
      return;
    }
    if (journal != null && !destroy) {
      // What a clean close leaves: every change durable, then a checkpoint for a fast reopen.
      try {
        memory.cleanUp();
        tasks.awaitIdle();
        journal.makeDurable();
        tasks.awaitIdle();
        journal.checkpoint();
        tasks.awaitIdle();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Pool " + name + ": closing without a checkpoint (" + e
            + "); the next open replays the journal instead", e);
      }
    }
    closed = true;
    disk.close();
    tasks.awaitIdle();
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
      awaitTermination(ownedExecutor);
    }
    memory.clear();
    index.clear();
    if (journal != null) {
      journal.close(destroy);
    }
    if (destroy) {
      store.destroy();
    } else {
      store.close();
    }
  }

  @Override
  public String toString() {
    return "FilePool[" + name + ", " + index.size() + " entries, store " + store + "]";
  }

  // ---------------------------------------------------------------- helpers

  /** The memory tier pushed {@code node} out: the disk tier (made after the tier) takes it. */
  private void evicted(Node<K> node) {
    disk.evicted(node);
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

  /**
   * Stops the pool as a killed process would: nothing made durable, no checkpoint, the journal's
   * last segment left as it is (its writes are in the page cache, as after a kill -9). For tests.
   */
  void crash() {
    closed = true;
    disk.close();
    tasks.awaitIdle();
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
    if (journal != null) {
      journal.abandon();
    }
    store.close();
  }

  /** Runs {@code task} as the pool's background work runs. For tests. */
  void runInBackground(Runnable task) {
    tasks.execute(task);
  }

  /** Pushes {@code key}'s value out of memory as an eviction would. For tests. */
  void spillNow(K key) {
    Node<K> node = index.get(key);
    if (node != null) {
      memory.remove(node);
      disk.evicted(node);
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
      if (node.isWritten()) {
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
    return persisted.hasWaiters(location, id);
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
    private Durability durability;
    private UUID bootId = BootId.current();

    private Builder() {}

    /**
     * Makes the pool persistent: its entries outlive it, and a pool built later on the same
     * directory (in this process or another, after a clean close or any crash) holds them
     * again, values still on disk until read. Every put writes its value to the store at once;
     * a journal beside the blobs records each change, and {@code durability} says when a change
     * is durable. Closing keeps everything (with a checkpoint, for a fast reopen); only
     * {@link FilePool#destroy} deletes it. Needs a {@link FileBlobStore}: set {@link #directory},
     * or give a store opened with {@link FileBlobStore#openPersistent}.
     */
    public Builder<K, V> persistent(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      this.destroyStoreOnClose = false;
      return this;
    }

    /** Stands for the machine's boot, so that a test can play a reboot. For tests. */
    Builder<K, V> bootId(UUID bootId) {
      this.bootId = bootId;
      return this;
    }

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
      BlobStore blobs = store != null ? store : durability != null
          ? FileBlobStore.openPersistent(directory, BlobSync.of(durability), name)
          : FileBlobStore.open(directory);
      if (durability == null) {
        DiskTier.deleteLeftovers(name, blobs);
      } else if (!(blobs instanceof FileBlobStore files)) {
        throw new IllegalStateException("A persistent pool keeps its journal beside its blobs, "
            + "in a FileBlobStore; " + blobs + " is not one: set directory(path) instead");
      } else if (durability == Durability.FSYNC && files.blobSync() != BlobSync.FSYNC) {
        throw new IllegalStateException("A pool with durability FSYNC needs a store that "
            + "fsyncs its blobs: open it with BlobSync.FSYNC");
      }
      ExecutorService owned = executor == null
          ? Executors.newFixedThreadPool(ioThreads,
          DaemonThreads.named("filebacked-io-" + name)) : null;
      try {
        PoolRecovery.Recovered recovered = durability == null ? null
            : PoolRecovery.recover(name, (FileBlobStore) blobs, bootId);
        return new FilePool<>(this, blobs, owned, owned != null ? owned : executor, recovered);
      } catch (RuntimeException | Error e) {
        if (owned != null) {
          owned.shutdownNow();
        }
        if (store == null) {
          blobs.close();
        }
        throw e;
      }
    }
  }
}
