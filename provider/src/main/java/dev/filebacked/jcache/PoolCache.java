package dev.filebacked.jcache;

import dev.filebacked.core.concurrent.KeyedLocks;
import dev.filebacked.core.pool.FilePool;
import dev.filebacked.jcache.copy.KeyCopier;
import dev.filebacked.jcache.event.EventDispatcher;
import dev.filebacked.jcache.expiry.EntryLifetimes;
import dev.filebacked.jcache.integration.LoaderAdapter;
import dev.filebacked.jcache.integration.WriteThrough;
import dev.filebacked.jcache.management.JCacheStatistics;
import dev.filebacked.jcache.management.DiskTierMXBean;
import dev.filebacked.jcache.management.MBeanRegistrar;
import dev.filebacked.spi.FileBackedCache;
import dev.filebacked.spi.TrackedLocation;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.function.ObjLongConsumer;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache {@link Cache} on a {@link FilePool}: the pool stores values (in memory or on disk) and
 * their expiry deadlines; this class holds the JCache verbs, each saying what it does to an
 * entry, and delegates how: the live entries to {@link PoolEntries}, deadlines and the sweep to
 * {@link EntryLifetimes}, read-through to {@link CacheLoading}, write-through to
 * {@link WriteThrough}, entry processors to {@link EntryProcessing}, the checks of its
 * arguments to {@link CallChecks} and its beans to {@link MBeanRegistrar}.
 *
 * <p><b>Atomicity.</b> Every operation that changes an entry, or must decide from its current
 * state (the compound operations, read-through, expiry on discovery), runs under that key's own
 * lock ({@link KeyedLocks}), so it may load a value from disk, call the loader or writer and
 * publish events without holding up any other key. A plain {@link #get} of a live entry takes
 * no lock at all.
 *
 * <p><b>Expiry.</b> Deadlines are {@link System#nanoTime()} instants kept by the pool beside each
 * entry (never in the blob, so extending one costs no I/O). An entry found expired by any
 * operation is removed there and then, blob included, with an {@code EXPIRED} event; a periodic
 * sweep does the same for entries nobody touches.
 *
 * <p><b>Failures of the disk tier</b> are the engine's {@code FailurePolicy} to decide: a value
 * that cannot be read back (a corrupt or missing blob, a class the codec refuses) is a miss, and
 * an entry that leaves the cache because of a failure counts in {@code CacheEvictions}. What
 * reaches the caller (a passing I/O error that outlived its retries, a value the codec refuses
 * to encode, a full disk under {@code FAIL_WRITES}) is a {@link javax.cache.CacheException}
 * ({@link JCacheFailures}).
 */
final class PoolCache<K, V> implements FileBackedCache<K, V> {

  private static final System.Logger LOG = System.getLogger(PoolCache.class.getName());

  /** Room in the key-lock map: every operation on a key locks it. */
  private static final int KEY_LOCK_SPREAD = 256;

  private final FileBackedCacheManager manager;
  private final String name;
  private final FileBackedConfiguration<K, V> configuration;
  private final FilePool<K, V> pool;
  private final CallChecks<K, V> checks;
  private final EntryLifetimes<K> lifetimes;
  private final WriteThrough<K, V> writer;
  private final EventDispatcher<K, V> events;
  private final PoolEntries<K, V> entries;
  private final CacheLoading<K, V> loading;
  private final EntryProcessing<K, V> processing;
  private final JCacheStatistics statistics;
  private final MBeanRegistrar beans;
  private final KeyedLocks<Object> locks = new KeyedLocks<>(KEY_LOCK_SPREAD);
  private final CachePersistence<K, V> persistence;

  PoolCache(FileBackedCacheManager manager, String name,
      FileBackedConfiguration<K, V> configuration, FilePool<K, V> pool, KeyCopier<K> keyCopier,
      JCacheStatistics statistics, Executor executor) {
    this.manager = manager;
    this.name = name;
    this.configuration = configuration;
    this.pool = pool;
    this.statistics = statistics;
    this.checks = new CallChecks<>(name, configuration.getKeyType(),
        configuration.getValueType());
    this.lifetimes = new EntryLifetimes<>(configuration.getExpiryPolicyFactory().create(), pool,
        name, pool.isPersistent());
    LoaderAdapter<K, V> loader = configuration.getCacheLoaderFactory() == null ? null
        : new LoaderAdapter<>(configuration.getCacheLoaderFactory().create());
    this.writer = WriteThrough.of(configuration);
    this.events = new EventDispatcher<>(this, executor);
    configuration.getCacheEntryListenerConfigurations().forEach(events::register);
    this.entries = new PoolEntries<>(name, pool, keyCopier, lifetimes, events, statistics,
        writer);
    this.loading = new CacheLoading<>(name, loader, configuration.isReadThrough(), entries,
        lifetimes, locks, executor);
    this.processing = new EntryProcessing<>(checks, locks, lifetimes, entries, loading, writer,
        statistics);
    this.persistence = new CachePersistence<>(name, pool, checks, locks, entries, lifetimes,
        events, executor);
    this.beans = new MBeanRegistrar(manager.getURI(), name, () -> configuration, statistics,
        pool::stats);
    statistics.setEnabled(configuration.isStatisticsEnabled());
    pool.countReads(configuration.isStatisticsEnabled());
  }

  /** Registers beans as configured and starts the expiry sweep; called once, after creation. */
  void start(ScheduledExecutorService scheduler, Duration every) {
    beans.registerEnabled();
    lifetimes.startSweep(scheduler, every, this::expireIfDue);
  }

  /** The sweep's removal of an expired {@code key}; {@code false} once the cache is closed. */
  private boolean expireIfDue(K key) {
    try (KeyedLocks.Held held = locks.lock(key)) {
      if (checks.isClosed()) {
        return false;
      }
      entries.isLive(key, lifetimes.now());
      return true;
    }
  }

  // ------------------------------------------------------------------ reads

  @Override
  public V get(K key) {
    checks.requireKey(key);
    long start = statistics.start();
    long now = lifetimes.now();
    V value = entries.readFresh(key, now);
    if (value != null) {
      lifetimes.accessed(key, now);
      statistics.hits(1);
      statistics.getTime(start);
      return value;
    }
    if (!loading.isReadThrough() && !pool.containsKey(key)) {
      statistics.misses(1);
      statistics.getTime(start);
      return null;
    }
    try (KeyedLocks.Held held = locks.lock(key)) {
      value = getLocked(key, lifetimes.now());
    }
    statistics.getTime(start);
    return value;
  }

  /** A get under the key's lock: hit, or miss with read-through. */
  private V getLocked(K key, long now) {
    if (entries.isLive(key, now)) {
      V value = entries.read(key);
      if (value != null) {
        lifetimes.accessed(key, now);
        statistics.hits(1);
        return value;
      }
    }
    statistics.misses(1);
    return loading.isReadThrough() ? loading.load(key) : null;
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    checks.requireKeys(keys);
    long start = statistics.start();
    Map<K, V> result = new LinkedHashMap<>();
    List<K> missing = new ArrayList<>();
    for (K key : keys) {
      long now = lifetimes.now();
      V value = entries.readFresh(key, now);
      if (value != null) {
        lifetimes.accessed(key, now);
        statistics.hits(1);
        result.put(key, value);
      } else {
        if (pool.containsKey(key)) {
          try (KeyedLocks.Held held = locks.lock(key)) {
            entries.isLive(key, lifetimes.now()); // expires it, with its event
          }
        }
        statistics.misses(1);
        missing.add(key);
      }
    }
    if (loading.isReadThrough() && !missing.isEmpty()) {
      loading.loadMissing(missing, result);
    }
    statistics.getTime(start);
    return result;
  }

  @Override
  public boolean containsKey(K key) {
    checks.requireKey(key);
    long expiresAt = pool.expiresAt(key);
    if (expiresAt == FilePool.ABSENT) {
      return false;
    }
    long now = lifetimes.now();
    if (!EntryLifetimes.isExpired(expiresAt, now)) {
      return true;
    }
    try (KeyedLocks.Held held = locks.lock(key)) {
      return entries.isLive(key, now);
    }
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
      CompletionListener completionListener) {
    checks.requireKeys(keys);
    loading.loadAll(keys, replaceExistingValues, completionListener, this::containsKey);
  }

  // ------------------------------------------------------------------ writes

  @Override
  public void put(K key, V value) {
    checks.requireEntry(key, value);
    long start = statistics.start();
    try (KeyedLocks.Held held = locks.lock(key)) {
      long now = lifetimes.now();
      if (entries.put(key, value, entries.isLive(key, now), now)) {
        statistics.puts(1);
      }
    }
    statistics.putTime(start);
  }

  @Override
  public V getAndPut(K key, V value) {
    checks.requireEntry(key, value);
    return getAnd(key, statistics::putTime, (old, now) -> {
      boolean stored = entries.writeAndStore(key, value, old != null, old, now);
      statistics.lookup(old != null);
      if (stored) {
        statistics.puts(1);
      }
    });
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    checks.requireEntries(map);
    long start = statistics.start();
    entries.requireWritable();
    WriteThrough.Outcome<K> written = writer.writeAll(map);
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      K key = entry.getKey();
      if (written.failedKeys().contains(key)) {
        continue;
      }
      try (KeyedLocks.Held held = locks.lock(key)) {
        long now = lifetimes.now();
        if (entries.storeOver(key, entry.getValue(), entries.isLive(key, now), now)) {
          statistics.puts(1);
        }
      }
    }
    statistics.putTime(start);
    written.rethrow();
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    checks.requireEntry(key, value);
    return underLock(key, statistics::putTime, now -> {
      if (entries.isLive(key, now)) {
        statistics.hits(1);
        return false;
      }
      statistics.misses(1);
      if (entries.writeAndStore(key, value, false, null, now)) {
        statistics.puts(1);
      }
      return true;
    });
  }

  @Override
  public boolean remove(K key) {
    checks.requireKey(key);
    return underLock(key, statistics::removeTime, now -> {
      boolean exists = entries.isLive(key, now);
      V old = exists ? entries.oldValue(key) : null;
      writer.delete(key);
      return exists && entries.remove(key, old);
    });
  }

  @Override
  public boolean remove(K key, V oldValue) {
    checks.requireEntry(key, oldValue);
    return ifValueEquals(key, oldValue, statistics::removeTime, (current, now) -> {
      writer.delete(key);
      return entries.remove(key, current);
    });
  }

  @Override
  public V getAndRemove(K key) {
    checks.requireKey(key);
    return getAnd(key, statistics::removeTime, (current, now) -> {
      writer.delete(key);
      statistics.lookup(current != null);
      if (current != null) {
        entries.remove(key, current);
      }
    });
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    checks.requireEntry(key, oldValue);
    checks.requireValue(newValue);
    return ifValueEquals(key, oldValue, statistics::putTime, (current, now) -> {
      update(key, newValue, current, now);
      return true;
    });
  }

  @Override
  public boolean replace(K key, V value) {
    checks.requireEntry(key, value);
    return underLock(key, statistics::putTime, now -> {
      boolean exists = entries.isLive(key, now);
      statistics.lookup(exists);
      if (!exists) {
        return false;
      }
      V old = entries.oldValue(key);
      if (!entries.stillThere(key, true, old)) { // reading found the value unreadable
        return false;
      }
      update(key, value, old, now);
      return true;
    });
  }

  @Override
  public V getAndReplace(K key, V value) {
    checks.requireEntry(key, value);
    return getAnd(key, statistics::putTime, (old, now) -> {
      statistics.lookup(old != null);
      if (old != null) {
        update(key, value, old, now);
      }
    });
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    checks.requireKeys(keys);
    removeAllOf(keys);
  }

  @Override
  public void removeAll() {
    checks.requireOpen();
    removeAllOf(new ArrayList<>(pool.keySet()));
  }

  private void removeAllOf(Collection<? extends K> keys) {
    if (keys.isEmpty()) {
      return;
    }
    long start = statistics.start();
    WriteThrough.Outcome<K> deleted = writer.deleteAll(keys);
    for (K key : keys) {
      if (deleted.failedKeys().contains(key)) {
        continue;
      }
      try (KeyedLocks.Held held = locks.lock(key)) {
        if (entries.isLive(key, lifetimes.now())) {
          entries.remove(key, entries.oldValue(key));
        }
      }
    }
    statistics.removeTime(start);
    deleted.rethrow();
  }

  /** Removes every entry, without events, writer calls or statistics, as JCache defines it. */
  @Override
  public void clear() {
    checks.requireOpen();
    pool.clear();
  }

  /**
   * The frame of the get-and verbs: under the key's lock, the live value is read and handed to
   * {@code change} (which counts the lookup where its verb does); the verb is timed as a get and
   * by {@code timer} (as a put or a remove). Returns the value read.
   */
  private V getAnd(K key, LongConsumer timer, ObjLongConsumer<V> change) {
    LongConsumer timers = start -> {
      statistics.getTime(start);
      timer.accept(start);
    };
    return underLock(key, timers, now -> {
      V current = entries.liveValue(key, now);
      change.accept(current, now);
      return current;
    });
  }

  /** A change {@link #ifValueEquals} makes to a live entry; returns whether it was made. */
  private interface ChangeOfCurrent<V> {
    boolean apply(V current, long now);
  }

  /**
   * The frame of the verbs that change an entry only if its value equals {@code expected}: under
   * the key's lock, a lookup (a hit or a miss), then {@code change} if the live value equals
   * {@code expected}, else an access; timed by {@code timer}. Returns what {@code change} did, or
   * {@code false}.
   */
  private boolean ifValueEquals(K key, V expected, LongConsumer timer,
      ChangeOfCurrent<V> change) {
    return underLock(key, timer, now -> {
      V current = entries.liveValue(key, now);
      statistics.lookup(current != null);
      if (current != null && current.equals(expected)) {
        return change.apply(current, now);
      }
      if (current != null) {
        lifetimes.accessed(key, now);
      }
      return false;
    });
  }

  /**
   * The frame of a verb on one key: {@code verb} runs under the key's lock, given the clock's
   * {@code now}; the whole is timed by {@code timer}. Returns what {@code verb} returns.
   */
  private <T> T underLock(K key, LongConsumer timer, LongFunction<T> verb) {
    long start = statistics.start();
    T result;
    try (KeyedLocks.Held held = locks.lock(key)) {
      result = verb.apply(lifetimes.now());
    }
    timer.accept(start);
    return result;
  }

  /** Replaces a live entry's value, {@code old} if it was read: write-through, store, count. */
  private void update(K key, V value, V old, long now) {
    entries.writeAndStore(key, value, true, old, now);
    statistics.puts(1);
  }

  // ------------------------------------------------------------------ entry processors

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    return processing.invoke(key, entryProcessor, arguments);
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    return processing.invokeAll(keys, entryProcessor, arguments);
  }

  // ------------------------------------------------------------------ iteration

  /** The live entries, as {@link CacheIterator} says. */
  @Override
  public Iterator<Cache.Entry<K, V>> iterator() {
    checks.requireOpen();
    return new CacheIterator<>(pool, entries, lifetimes, statistics, this::remove);
  }

  // ------------------------------------------------------------------ listeners

  @Override
  public void registerCacheEntryListener(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    checks.requireOpen();
    Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
    synchronized (configuration) { // getConfiguration copies it concurrently
      configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
    }
    events.register(listenerConfiguration);
  }

  @Override
  public void deregisterCacheEntryListener(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    checks.requireOpen();
    Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
    synchronized (configuration) {
      configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
    }
    events.deregister(listenerConfiguration);
  }

  // ------------------------------------------------------------------ FileBackedCache

  @Override
  public TrackedLocation trackPath(Path directory) {
    return persistence.trackPath(directory);
  }

  @Override
  public CompletableFuture<TrackedLocation> trackPathAsync(Path directory) {
    return persistence.async(() -> persistence.trackPath(directory));
  }

  @Override
  public UUID persist(K key, TrackedLocation location) {
    return persistence.persist(key, location);
  }

  @Override
  public CompletableFuture<UUID> persistAsync(K key, TrackedLocation location) {
    return persistence.async(() -> persistence.persist(key, location));
  }

  @Override
  public Map<K, UUID> persistAll(TrackedLocation location) {
    return persistence.persistAll(location);
  }

  @Override
  public CompletableFuture<Map<K, UUID>> persistAllAsync(TrackedLocation location) {
    return persistence.async(() -> persistence.persistAll(location));
  }

  @Override
  public K register(TrackedLocation location, UUID id) {
    return persistence.register(location, id);
  }

  @Override
  public CompletableFuture<K> registerAsync(TrackedLocation location, UUID id) {
    return persistence.async(() -> persistence.register(location, id));
  }

  @Override
  public int registerAll(TrackedLocation location) {
    return persistence.registerAll(location);
  }

  @Override
  public CompletableFuture<Integer> registerAllAsync(TrackedLocation location) {
    return persistence.async(() -> persistence.registerAll(location));
  }

  @Override
  public void sync(TrackedLocation location) {
    persistence.sync(location);
  }

  @Override
  public CompletableFuture<Void> syncAsync(TrackedLocation location) {
    return persistence.async(() -> {
      persistence.sync(location);
      return null;
    });
  }

  @Override
  public boolean deletePersisted(TrackedLocation location, UUID id) {
    return persistence.deletePersisted(location, id);
  }

  @Override
  public CompletableFuture<Boolean> deletePersistedAsync(TrackedLocation location, UUID id) {
    return persistence.async(() -> persistence.deletePersisted(location, id));
  }

  @Override
  public void flush() {
    persistence.flush();
  }

  @Override
  public CompletableFuture<Void> flushAsync() {
    return persistence.async(() -> {
      persistence.flush();
      return null;
    });
  }

  @Override
  public CompletableFuture<V> getAsync(K key) {
    checks.requireKey(key);
    return persistence.async(() -> get(key));
  }

  // ------------------------------------------------------------------ management

  void setStatisticsEnabled(boolean enabled) {
    configuration.setStatisticsEnabled(enabled);
    statistics.setEnabled(enabled);
    pool.countReads(enabled);
    beans.statisticsEnabled(enabled);
  }

  void setManagementEnabled(boolean enabled) {
    configuration.setManagementEnabled(enabled);
    beans.managementEnabled(enabled);
  }

  // ------------------------------------------------------------------ lifecycle

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    FileBackedConfiguration<K, V> copy;
    synchronized (configuration) {
      copy = new FileBackedConfiguration<>(configuration);
    }
    if (clazz.isInstance(copy)) {
      return clazz.cast(copy);
    }
    throw new IllegalArgumentException("The configuration of cache " + name + " is a "
        + FileBackedConfiguration.class.getName() + ", not a " + clazz.getName());
  }

  /** The live configuration, for the configuration bean. */
  CompleteConfiguration<K, V> configuration() {
    return configuration;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  @Override
  public boolean isClosed() {
    return checks.isClosed();
  }

  @Override
  public void close() {
    close(false);
  }

  /** Closes the cache and deletes its data, persistent or not: {@code destroyCache}. */
  void destroy() {
    close(true);
  }

  private void close(boolean destroy) {
    if (!checks.close()) {
      return;
    }
    lifetimes.stopSweep();
    beans.unregisterAll();
    try {
      if (destroy) {
        pool.destroy();
      } else {
        pool.close();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cache " + name + ": closing its disk tier failed", e);
    }
    manager.forget(this); // only now: a cache of the same name must not open the folder sooner
    events.close();
    loading.close();
    writer.close();
    lifetimes.close();
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    if (clazz == DiskTierMXBean.class) { // for metrics libraries, with or without JMX
      return clazz.cast(beans.diskTier());
    }
    throw new IllegalArgumentException("Cache " + name + " cannot be unwrapped to " + clazz);
  }

  @Override
  public String toString() {
    return "FileBacked cache " + name + " of " + manager.getURI();
  }
}
