package dev.filebacked.jcache;

import dev.filebacked.core.concurrent.KeyedLocks;
import dev.filebacked.core.pool.FilePool;
import dev.filebacked.jcache.copy.KeyCopier;
import dev.filebacked.jcache.event.EventDispatcher;
import dev.filebacked.jcache.expiry.ExpiryCalculator;
import dev.filebacked.jcache.integration.Closeables;
import dev.filebacked.jcache.integration.LoaderAdapter;
import dev.filebacked.jcache.integration.WriteThrough;
import dev.filebacked.jcache.management.CacheConfigurationBean;
import dev.filebacked.jcache.management.DiskTierStatistics;
import dev.filebacked.jcache.management.JCacheStatistics;
import dev.filebacked.jcache.management.MBeans;
import dev.filebacked.jcache.processor.ProcessorEntry;
import dev.filebacked.jcache.processor.ProcessorResult;
import dev.filebacked.spi.BlobStoreFullException;
import dev.filebacked.spi.FileBackedCache;
import dev.filebacked.spi.TrackedLocation;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache {@link Cache} on a {@link FilePool}: the pool stores values (in memory or on disk) and
 * their expiry deadlines; this class adds everything JCache means by a cache operation.
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

  private final FileBackedCacheManager manager;
  private final String name;
  private final FileBackedConfiguration<K, V> configuration;
  private final FilePool<K, V> pool;
  private final KeyCopier<K> keyCopier;
  private final ExpiryCalculator expiry;
  private final LoaderAdapter<K, V> loader;
  private final WriteThrough<K, V> writer;
  private final EventDispatcher<K, V> events;
  private final JCacheStatistics statistics;
  private final KeyedLocks<Object> locks = new KeyedLocks<>();
  private final Executor executor;
  private volatile Future<?> sweep;
  private volatile boolean closed;

  PoolCache(FileBackedCacheManager manager, String name,
      FileBackedConfiguration<K, V> configuration, FilePool<K, V> pool, KeyCopier<K> keyCopier,
      JCacheStatistics statistics, Executor executor) {
    this.manager = manager;
    this.name = name;
    this.configuration = configuration;
    this.pool = pool;
    this.keyCopier = keyCopier;
    this.statistics = statistics;
    this.executor = executor;
    this.expiry = new ExpiryCalculator(configuration.getExpiryPolicyFactory().create());
    this.loader = configuration.getCacheLoaderFactory() == null ? null
        : new LoaderAdapter<>(configuration.getCacheLoaderFactory().create());
    this.writer = WriteThrough.of(configuration);
    this.events = new EventDispatcher<>(this, executor);
    configuration.getCacheEntryListenerConfigurations().forEach(events::register);
    statistics.setEnabled(configuration.isStatisticsEnabled());
    pool.countReads(configuration.isStatisticsEnabled());
  }

  /** Registers beans as configured and starts the expiry sweep; called once, after creation. */
  void start(ScheduledExecutorService scheduler, Duration every) {
    if (configuration.isManagementEnabled()) {
      registerConfigurationBean();
    }
    if (configuration.isStatisticsEnabled()) {
      registerStatisticsBeans();
    }
    if (!expiry.isEternal()) {
      long millis = Math.max(1, every.toMillis());
      sweep = scheduler.scheduleWithFixedDelay(this::sweepExpired, millis, millis,
          TimeUnit.MILLISECONDS);
    }
  }

  // ------------------------------------------------------------------ reads

  @Override
  public V get(K key) {
    requireOpen();
    requireKey(key);
    long start = statistics.start();
    long now = now();
    V value = readFresh(key, now);
    if (value != null) {
      accessed(key, now);
      statistics.hits(1);
      statistics.getTime(start);
      return value;
    }
    if (!isReadThrough() && !pool.containsKey(key)) {
      statistics.misses(1);
      statistics.getTime(start);
      return null;
    }
    try (KeyedLocks.Held held = locks.lock(key)) {
      value = getLocked(key, now());
    }
    statistics.getTime(start);
    return value;
  }

  /** A get under the key's lock: hit, or miss with read-through. */
  private V getLocked(K key, long now) {
    if (isLive(key, now)) {
      V value = read(key);
      if (value != null) {
        accessed(key, now);
        statistics.hits(1);
        return value;
      }
    }
    statistics.misses(1);
    if (!isReadThrough()) {
      return null;
    }
    V loaded = loader.load(key);
    if (loaded != null) {
      storeLoaded(key, loaded, false, now());
    }
    return loaded;
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    requireOpen();
    requireKeys(keys);
    long start = statistics.start();
    Map<K, V> result = new LinkedHashMap<>();
    List<K> missing = new ArrayList<>();
    for (K key : keys) {
      long now = now();
      V value = readFresh(key, now);
      if (value != null) {
        accessed(key, now);
        statistics.hits(1);
        result.put(key, value);
      } else {
        if (pool.containsKey(key)) {
          try (KeyedLocks.Held held = locks.lock(key)) {
            isLive(key, now()); // expires it, with its event
          }
        }
        statistics.misses(1);
        missing.add(key);
      }
    }
    if (isReadThrough() && !missing.isEmpty()) {
      Map<K, V> loaded = loader.loadAll(missing);
      for (K key : missing) {
        V value = loaded.get(key);
        if (value != null) {
          try (KeyedLocks.Held held = locks.lock(key)) {
            storeLoaded(key, value, isLive(key, now()), now());
          }
          result.put(key, value);
        }
      }
    }
    statistics.getTime(start);
    return result;
  }

  @Override
  public boolean containsKey(K key) {
    requireOpen();
    requireKey(key);
    long expiresAt = pool.expiresAt(key);
    if (expiresAt == FilePool.ABSENT) {
      return false;
    }
    long now = now();
    if (expiresAt > now) {
      return true;
    }
    try (KeyedLocks.Held held = locks.lock(key)) {
      return isLive(key, now);
    }
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
      CompletionListener completionListener) {
    requireOpen();
    requireKeys(keys);
    CompletionListener listener = completionListener != null ? completionListener
        : new CompletionListener() {
          @Override
          public void onCompletion() {}

          @Override
          public void onException(Exception e) {
            LOG.log(Level.WARNING, "Cache " + name + ": loadAll failed", e);
          }
        };
    if (loader == null) {
      listener.onCompletion();
      return;
    }
    Set<K> toLoad = new LinkedHashSet<>(keys);
    executor.execute(() -> {
      try {
        if (!replaceExistingValues) {
          toLoad.removeIf(this::containsKey);
        }
        Map<K, V> loaded = toLoad.isEmpty() ? Map.of() : loader.loadAll(toLoad);
        for (Map.Entry<K, V> entry : loaded.entrySet()) {
          K key = entry.getKey();
          V value = entry.getValue();
          if (key == null || value == null) {
            continue;
          }
          try (KeyedLocks.Held held = locks.lock(key)) {
            long now = now();
            boolean exists = isLive(key, now);
            if (exists && !replaceExistingValues) {
              continue;
            }
            storeLoaded(key, value, exists, now);
          }
        }
        listener.onCompletion();
      } catch (Exception e) {
        listener.onException(e instanceof CacheLoaderException ? e
            : new CacheLoaderException("loadAll failed for cache " + name, e));
      }
    });
  }

  // ------------------------------------------------------------------ writes

  @Override
  public void put(K key, V value) {
    requireOpen();
    requireEntry(key, value);
    long start = statistics.start();
    try (KeyedLocks.Held held = locks.lock(key)) {
      long now = now();
      boolean exists = isLive(key, now);
      V old = exists && events.oldValuesWanted() ? read(key) : null;
      writeThrough(key, value);
      if (store(key, value, stillThere(key, exists, old), old, now)) {
        statistics.puts(1);
      }
    }
    statistics.putTime(start);
  }

  @Override
  public V getAndPut(K key, V value) {
    requireOpen();
    requireEntry(key, value);
    long start = statistics.start();
    V old;
    try (KeyedLocks.Held held = locks.lock(key)) {
      long now = now();
      boolean exists = isLive(key, now);
      old = exists ? read(key) : null;
      exists = old != null;
      writeThrough(key, value);
      countLookup(exists);
      if (store(key, value, exists, old, now)) {
        statistics.puts(1);
      }
    }
    statistics.getTime(start);
    statistics.putTime(start);
    return old;
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    requireOpen();
    Objects.requireNonNull(map, "map");
    map.forEach(this::requireEntry);
    long start = statistics.start();
    requireWritable();
    WriteThrough.Outcome<K> written = writer.writeAll(map);
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      K key = entry.getKey();
      if (written.failedKeys().contains(key)) {
        continue;
      }
      try (KeyedLocks.Held held = locks.lock(key)) {
        long now = now();
        boolean exists = isLive(key, now);
        V old = exists && events.oldValuesWanted() ? read(key) : null;
        if (store(key, entry.getValue(), stillThere(key, exists, old), old, now)) {
          statistics.puts(1);
        }
      }
    }
    statistics.putTime(start);
    written.rethrow();
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    requireOpen();
    requireEntry(key, value);
    long start = statistics.start();
    boolean stored = false;
    try (KeyedLocks.Held held = locks.lock(key)) {
      long now = now();
      if (isLive(key, now)) {
        statistics.hits(1);
      } else {
        statistics.misses(1);
        writeThrough(key, value);
        stored = true;
        if (store(key, value, false, null, now)) {
          statistics.puts(1);
        }
      }
    }
    statistics.putTime(start);
    return stored;
  }

  @Override
  public boolean remove(K key) {
    requireOpen();
    requireKey(key);
    long start = statistics.start();
    boolean removed;
    try (KeyedLocks.Held held = locks.lock(key)) {
      long now = now();
      boolean exists = isLive(key, now);
      V old = exists && events.oldValuesWanted() ? read(key) : null;
      writer.delete(key);
      removed = exists && removeLocked(key, old);
    }
    statistics.removeTime(start);
    return removed;
  }

  @Override
  public boolean remove(K key, V oldValue) {
    requireOpen();
    requireEntry(key, oldValue);
    long start = statistics.start();
    boolean removed = false;
    try (KeyedLocks.Held held = locks.lock(key)) {
      long now = now();
      V current = isLive(key, now) ? read(key) : null;
      if (current == null) {
        statistics.misses(1);
      } else {
        statistics.hits(1);
        if (current.equals(oldValue)) {
          writer.delete(key);
          removed = removeLocked(key, current);
        } else {
          accessed(key, now);
        }
      }
    }
    statistics.removeTime(start);
    return removed;
  }

  @Override
  public V getAndRemove(K key) {
    requireOpen();
    requireKey(key);
    long start = statistics.start();
    V current;
    try (KeyedLocks.Held held = locks.lock(key)) {
      current = isLive(key, now()) ? read(key) : null;
      writer.delete(key);
      countLookup(current != null);
      if (current != null) {
        removeLocked(key, current);
      }
    }
    statistics.getTime(start);
    statistics.removeTime(start);
    return current;
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    requireOpen();
    requireEntry(key, oldValue);
    requireValue(newValue);
    long start = statistics.start();
    boolean replaced = false;
    try (KeyedLocks.Held held = locks.lock(key)) {
      long now = now();
      V current = isLive(key, now) ? read(key) : null;
      countLookup(current != null);
      if (current != null && current.equals(oldValue)) {
        writeThrough(key, newValue);
        store(key, newValue, true, current, now);
        statistics.puts(1);
        replaced = true;
      } else if (current != null) {
        accessed(key, now);
      }
    }
    statistics.putTime(start);
    return replaced;
  }

  @Override
  public boolean replace(K key, V value) {
    requireOpen();
    requireEntry(key, value);
    long start = statistics.start();
    boolean replaced = false;
    try (KeyedLocks.Held held = locks.lock(key)) {
      long now = now();
      boolean exists = isLive(key, now);
      countLookup(exists);
      if (exists) {
        V old = events.oldValuesWanted() ? read(key) : null;
        if (pool.containsKey(key)) { // reading may have found the value unreadable
          writeThrough(key, value);
          store(key, value, true, old, now);
          statistics.puts(1);
          replaced = true;
        }
      }
    }
    statistics.putTime(start);
    return replaced;
  }

  @Override
  public V getAndReplace(K key, V value) {
    requireOpen();
    requireEntry(key, value);
    long start = statistics.start();
    V old;
    try (KeyedLocks.Held held = locks.lock(key)) {
      long now = now();
      old = isLive(key, now) ? read(key) : null;
      countLookup(old != null);
      if (old != null) {
        writeThrough(key, value);
        store(key, value, true, old, now);
        statistics.puts(1);
      }
    }
    statistics.getTime(start);
    statistics.putTime(start);
    return old;
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    requireOpen();
    requireKeys(keys);
    removeAllOf(keys);
  }

  @Override
  public void removeAll() {
    requireOpen();
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
        if (isLive(key, now())) {
          removeLocked(key, events.oldValuesWanted() ? read(key) : null);
        }
      }
    }
    statistics.removeTime(start);
    deleted.rethrow();
  }

  /** Removes every entry, without events, writer calls or statistics, as JCache defines it. */
  @Override
  public void clear() {
    requireOpen();
    pool.clear();
  }

  // ------------------------------------------------------------------ entry processors

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    requireOpen();
    requireKey(key);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    long start = statistics.start();
    try (KeyedLocks.Held held = locks.lock(key)) {
      long now = now();
      boolean exists = isLive(key, now);
      countLookup(exists);
      ProcessorEntry<K, V> entry = new ProcessorEntry<>(key, exists, () -> read(key),
          isReadThrough() ? loader::load : null);
      T result;
      try {
        result = entryProcessor.process(entry, arguments);
      } catch (EntryProcessorException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new EntryProcessorException("Entry processor " + entryProcessor
            + " failed on key " + key, e);
      }
      apply(entry, now, start);
      return result;
    }
  }

  /** Applies what a processor did to its entry. Runs under the key's lock. */
  private void apply(ProcessorEntry<K, V> entry, long now, long start) {
    K key = entry.getKey();
    switch (entry.action()) {
      case NONE -> { }
      case READ -> accessed(key, now);
      case LOADED -> storeLoaded(key, entry.valueAfter(), false, now);
      case CREATED, UPDATED -> {
        boolean exists = entry.action() == ProcessorEntry.Action.UPDATED;
        V old = exists && events.oldValuesWanted() ? read(key) : null;
        writeThrough(key, entry.valueAfter());
        if (store(key, entry.valueAfter(), stillThere(key, exists, old), old, now)) {
          statistics.puts(1);
          statistics.putTime(start);
        }
      }
      case DELETED -> {
        V old = events.oldValuesWanted() ? read(key) : null;
        writer.delete(key);
        removeLocked(key, old);
        statistics.removeTime(start);
      }
      default -> throw new IllegalStateException("Unknown action " + entry.action());
    }
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    requireOpen();
    requireKeys(keys);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T result = invoke(key, entryProcessor, arguments);
        if (result != null) {
          results.put(key, ProcessorResult.of(result));
        }
      } catch (EntryProcessorException e) {
        results.put(key, ProcessorResult.failed(e));
      } catch (RuntimeException e) {
        results.put(key, ProcessorResult.failed(new EntryProcessorException(e)));
      }
    }
    return results;
  }

  // ------------------------------------------------------------------ iteration

  /**
   * Iterates over the live entries, weakly consistent with concurrent changes. Each entry it
   * returns counts as a hit and an access; {@link Iterator#remove} removes as {@link #remove}.
   */
  @Override
  public Iterator<Cache.Entry<K, V>> iterator() {
    requireOpen();
    Iterator<K> keys = pool.keySet().iterator();
    return new Iterator<>() {
      private Cache.Entry<K, V> next;
      private K lastKey;

      @Override
      public boolean hasNext() {
        while (next == null && keys.hasNext()) {
          K key = keys.next();
          long now = now();
          V value = readFresh(key, now);
          if (value != null) {
            next = new FileBackedEntry<>(key, value);
          }
        }
        return next != null;
      }

      @Override
      public Cache.Entry<K, V> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Cache.Entry<K, V> entry = next;
        next = null;
        lastKey = entry.getKey();
        accessed(lastKey, now());
        statistics.hits(1);
        return entry;
      }

      @Override
      public void remove() {
        if (lastKey == null) {
          throw new IllegalStateException("next() has not returned an entry to remove");
        }
        PoolCache.this.remove(lastKey);
        lastKey = null;
      }
    };
  }

  // ------------------------------------------------------------------ the engine, locked

  /**
   * Whether {@code key} has a live entry. An expired one is removed here, with its event. Runs
   * under the key's lock.
   */
  private boolean isLive(K key, long now) {
    long expiresAt = pool.expiresAt(key);
    if (expiresAt == FilePool.ABSENT) {
      return false;
    }
    if (expiresAt > now) {
      return true;
    }
    V old = events.oldValuesWanted() ? read(key) : null;
    if (pool.remove(key)) {
      events.expired(key, old);
    }
    return false;
  }

  /**
   * Sets {@code key}'s value as a create or an update, with its expiry and event; returns
   * whether it was stored ({@code false} for a new entry that expires on creation). Runs under
   * the key's lock.
   */
  private boolean store(K key, V value, boolean exists, V old, long now) {
    if (exists) {
      long deadline = expiry.forUpdate(now);
      if (deadline == ExpiryCalculator.UNCHANGED) {
        long current = pool.expiresAt(key);
        deadline = current == FilePool.ABSENT ? FilePool.NEVER : current;
      }
      putInPool(key, key, value, deadline);
      events.updated(key, value, old);
      return true;
    }
    long deadline = expiry.forCreation(now);
    if (deadline <= now) {
      return false;
    }
    putInPool(key, keyCopier.copy(key), value, deadline);
    events.created(key, value);
    return true;
  }

  /**
   * A new value for {@code key}, stored under {@code stored} (the key itself, or its copy for a
   * new entry). If the disk tier started refusing writes since {@link #writeThrough} checked,
   * the writer already has the new value: the old one leaves the cache (counted as an eviction)
   * rather than stay stale.
   */
  private void putInPool(K key, K stored, V value, long deadline) {
    try {
      pool.put(stored, value, deadline);
    } catch (BlobStoreFullException e) {
      if (writer.isEnabled() && pool.remove(key)) {
        statistics.evictions(1);
      }
      throw JCacheFailures.of(name, "storing key " + key, e);
    } catch (RuntimeException e) {
      throw JCacheFailures.of(name, "storing key " + key, e);
    }
  }

  /**
   * Whether an entry found live is still there after its old value was read for a listener:
   * that read may have found the value unreadable and dropped it (then a put is a creation).
   * Only looked up when such a read came back empty.
   */
  private boolean stillThere(K key, boolean exists, V old) {
    return exists && (old != null || !events.oldValuesWanted() || pool.containsKey(key));
  }

  /** Stores a value the loader gave: no writer call and no put counted. */
  private void storeLoaded(K key, V value, boolean exists, long now) {
    V old = exists && events.oldValuesWanted() ? read(key) : null;
    store(key, value, stillThere(key, exists, old), old, now);
  }

  /**
   * Hands a new value to the writer, if the cache writes through, unless the disk tier refuses
   * writes now (checked first: the writer's write cannot be taken back).
   */
  private void writeThrough(K key, V value) {
    requireWritable();
    writer.write(key, value);
  }

  private void requireWritable() {
    try {
      pool.requireWritable();
    } catch (RuntimeException e) {
      throw JCacheFailures.of(name, "writing", e);
    }
  }

  /** Removes a live entry with its event; returns whether it was there. */
  private boolean removeLocked(K key, V old) {
    if (!pool.remove(key)) {
      return false;
    }
    statistics.removals(1);
    events.removed(key, old);
    return true;
  }

  /** Extends or shortens an entry's life on a read, as the expiry policy says. */
  private void accessed(K key, long now) {
    long deadline = expiry.forAccess(now);
    if (deadline != ExpiryCalculator.UNCHANGED) {
      pool.setExpiresAt(key, deadline);
    }
  }

  private void countLookup(boolean hit) {
    if (hit) {
      statistics.hits(1);
    } else {
      statistics.misses(1);
    }
  }

  /**
   * The value of a live entry, or {@code null}. A value the engine cannot read back is a miss
   * (the engine's failure policy dropped that version and reported the eviction) or, for a
   * passing I/O error, a {@code CacheException} with the entry left in place.
   */
  private V readFresh(K key, long now) {
    try {
      return pool.getIfFresh(key, now);
    } catch (RuntimeException e) {
      throw JCacheFailures.of(name, "reading key " + key, e);
    }
  }

  private V read(K key) {
    try {
      return pool.get(key);
    } catch (RuntimeException e) {
      throw JCacheFailures.of(name, "reading key " + key, e);
    }
  }

  /** Removes entries whose deadline has passed, with their events. Runs on the scheduler. */
  private void sweepExpired() {
    if (closed) {
      return;
    }
    try {
      for (K key : pool.expiredKeys(now())) {
        try (KeyedLocks.Held held = locks.lock(key)) {
          if (closed) {
            return;
          }
          isLive(key, now());
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cache " + name + ": expiry sweep failed", e);
    }
  }

  /**
   * The clock deadlines are read against. An eternal cache's deadlines are all
   * {@link FilePool#NEVER}, so it skips the clock read on every operation.
   */
  private long now() {
    return expiry.isEternal() ? 0 : System.nanoTime();
  }

  private boolean isReadThrough() {
    return loader != null && configuration.isReadThrough();
  }

  // ------------------------------------------------------------------ argument checks

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("Cache " + name + " is closed");
    }
  }

  private void requireKey(K key) {
    Objects.requireNonNull(key, "A cache key cannot be null");
    Class<?> type = configuration.getKeyType();
    if (type != Object.class && !type.isInstance(key)) {
      throw new ClassCastException("Cache " + name + " takes keys of " + type.getName()
          + ", not " + key.getClass().getName());
    }
  }

  private void requireValue(V value) {
    Objects.requireNonNull(value, "A cache value cannot be null");
    Class<?> type = configuration.getValueType();
    if (type != Object.class && !type.isInstance(value)) {
      throw new ClassCastException("Cache " + name + " takes values of " + type.getName()
          + ", not " + value.getClass().getName());
    }
  }

  private void requireEntry(K key, V value) {
    requireKey(key);
    requireValue(value);
  }

  private void requireKeys(Collection<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    for (K key : keys) {
      requireKey(key);
    }
  }

  // ------------------------------------------------------------------ listeners

  @Override
  public void registerCacheEntryListener(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    requireOpen();
    Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
    synchronized (configuration) { // getConfiguration copies it concurrently
      configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
    }
    events.register(listenerConfiguration);
  }

  @Override
  public void deregisterCacheEntryListener(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    requireOpen();
    Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
    synchronized (configuration) {
      configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
    }
    events.deregister(listenerConfiguration);
  }

  // ------------------------------------------------------------------ FileBackedCache

  @Override
  public TrackedLocation trackPath(Path directory) {
    requireOpen();
    try {
      return pool.trackPath(directory);
    } catch (RuntimeException e) {
      throw JCacheFailures.of(name, "trackPath(" + directory + ")", e);
    }
  }

  @Override
  public UUID persist(K key, TrackedLocation location) {
    requireOpen();
    requireKey(key);
    try (KeyedLocks.Held held = locks.lock(key)) {
      if (!isLive(key, now())) {
        throw new NoSuchElementException("Cache " + name + " holds no live entry for key "
            + key + " to persist");
      }
      return pool.persist(key, location);
    } catch (RuntimeException e) {
      throw JCacheFailures.of(name, "persisting key " + key, e);
    }
  }

  @Override
  public K register(TrackedLocation location, UUID id) {
    throw new UnsupportedOperationException("Registering persisted entries into a JCache cache "
        + "arrives with whole-cache persistence; use the engine's FilePool.register meanwhile");
  }

  @Override
  public void sync(TrackedLocation location) {
    requireOpen();
    try {
      pool.sync(location);
    } catch (RuntimeException e) {
      throw JCacheFailures.of(name, "sync of " + location, e);
    }
  }

  @Override
  public boolean deletePersisted(TrackedLocation location, UUID id) {
    requireOpen();
    try {
      return pool.deletePersisted(location, id);
    } catch (RuntimeException e) {
      throw JCacheFailures.of(name, "deletePersisted of " + id, e);
    }
  }

  @Override
  public void flush() {
    requireOpen();
    pool.flush();
  }

  // ------------------------------------------------------------------ management

  void setStatisticsEnabled(boolean enabled) {
    configuration.setStatisticsEnabled(enabled);
    statistics.setEnabled(enabled);
    pool.countReads(enabled);
    if (enabled) {
      registerStatisticsBeans();
    } else {
      unregisterStatisticsBeans();
    }
  }

  void setManagementEnabled(boolean enabled) {
    configuration.setManagementEnabled(enabled);
    if (enabled) {
      registerConfigurationBean();
    } else {
      MBeans.unregister(MBeans.nameOf(MBeans.Kind.CONFIGURATION, manager.getURI(), name));
    }
  }

  private void registerConfigurationBean() {
    MBeans.register(new CacheConfigurationBean(() -> configuration),
        MBeans.nameOf(MBeans.Kind.CONFIGURATION, manager.getURI(), name));
  }

  private void registerStatisticsBeans() {
    MBeans.register(statistics, MBeans.nameOf(MBeans.Kind.STATISTICS, manager.getURI(), name));
    MBeans.register(new DiskTierStatistics(pool::stats),
        MBeans.nameOf(MBeans.Kind.DISK_TIER, manager.getURI(), name));
  }

  private void unregisterStatisticsBeans() {
    MBeans.unregister(MBeans.nameOf(MBeans.Kind.STATISTICS, manager.getURI(), name));
    MBeans.unregister(MBeans.nameOf(MBeans.Kind.DISK_TIER, manager.getURI(), name));
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
    return closed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    Future<?> running = sweep;
    if (running != null) {
      running.cancel(false);
    }
    unregisterStatisticsBeans();
    MBeans.unregister(MBeans.nameOf(MBeans.Kind.CONFIGURATION, manager.getURI(), name));
    try {
      pool.close();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cache " + name + ": closing its disk tier failed", e);
    }
    manager.forget(this); // only now: a cache of the same name must not open the folder sooner
    events.close();
    if (loader != null) {
      loader.close();
    }
    writer.close();
    Closeables.closeQuietly(expiry.policy());
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cache " + name + " cannot be unwrapped to " + clazz);
  }

  @Override
  public String toString() {
    return "FileBacked cache " + name + " of " + manager.getURI();
  }
}
