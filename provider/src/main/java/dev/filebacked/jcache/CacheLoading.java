package dev.filebacked.jcache;

import dev.filebacked.core.concurrent.KeyedLocks;
import dev.filebacked.jcache.expiry.EntryLifetimes;
import dev.filebacked.jcache.integration.LoaderAdapter;
import java.lang.System.Logger.Level;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CompletionListener;

/**
 * Where a cache's values come from its {@code CacheLoader}: read-through on a miss (when the
 * cache is configured for it) and {@link javax.cache.Cache#loadAll}, which runs on an executor
 * and reports to a {@link CompletionListener}. A loaded value enters the cache under its key's
 * lock, with its event, but with no writer call and no put counted.
 */
final class CacheLoading<K, V> {

  private static final System.Logger LOG = System.getLogger(CacheLoading.class.getName());

  private final String name;
  /** The configured loader, or {@code null}. */
  private final LoaderAdapter<K, V> loader;
  /** {@code loader::load} if the cache reads through, else {@code null}. */
  private final Function<K, V> readThrough;
  private final PoolEntries<K, V> entries;
  private final EntryLifetimes<K> lifetimes;
  private final KeyedLocks<Object> locks;
  private final Executor executor;

  /** {@code loader} is {@code null} for a cache without one. */
  CacheLoading(String name, LoaderAdapter<K, V> loader, boolean readThrough,
      PoolEntries<K, V> entries, EntryLifetimes<K> lifetimes, KeyedLocks<Object> locks,
      Executor executor) {
    this.name = name;
    this.loader = loader;
    this.readThrough = loader != null && readThrough ? loader::load : null;
    this.entries = entries;
    this.lifetimes = lifetimes;
    this.locks = locks;
    this.executor = executor;
  }

  boolean isReadThrough() {
    return readThrough != null;
  }

  /** The loader an entry processor may read through, or {@code null}. */
  Function<K, V> readThrough() {
    return readThrough;
  }

  /** Loads and stores a missing {@code key} by read-through; under the key's lock. */
  V load(K key) {
    V loaded = loader.load(key);
    if (loaded != null) {
      entries.storeOver(key, loaded, false, lifetimes.now());
    }
    return loaded;
  }

  /** Loads the {@code missing} keys by read-through and stores each; adds them to {@code into}. */
  void loadMissing(List<K> missing, Map<K, V> into) {
    Map<K, V> loaded = loader.loadAll(missing);
    for (K key : missing) {
      V value = loaded.get(key);
      if (value != null) {
        try (KeyedLocks.Held held = locks.lock(key)) {
          long now = lifetimes.now();
          entries.storeOver(key, value, entries.isLive(key, now), now);
        }
        into.put(key, value);
      }
    }
  }

  /**
   * {@link javax.cache.Cache#loadAll}: loads {@code keys} on the executor (only those
   * {@code contained} says are absent, unless replacing) and reports to {@code listener}, or
   * logs a failure if there is none.
   */
  void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
      CompletionListener completionListener, Predicate<K> contained) {
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
          toLoad.removeIf(contained);
        }
        Map<K, V> loaded = toLoad.isEmpty() ? Map.of() : loader.loadAll(toLoad);
        for (Map.Entry<K, V> entry : loaded.entrySet()) {
          store(entry.getKey(), entry.getValue(), replaceExistingValues);
        }
        listener.onCompletion();
      } catch (Exception e) {
        listener.onException(e instanceof CacheLoaderException ? e
            : new CacheLoaderException("loadAll failed for cache " + name, e));
      }
    });
  }

  /** Stores one value {@code loadAll} loaded, unless it is incomplete or may not replace. */
  private void store(K key, V value, boolean replaceExistingValues) {
    if (key == null || value == null) {
      return;
    }
    try (KeyedLocks.Held held = locks.lock(key)) {
      long now = lifetimes.now();
      boolean exists = entries.isLive(key, now);
      if (!exists || replaceExistingValues) {
        entries.storeOver(key, value, exists, now);
      }
    }
  }

  void close() {
    if (loader != null) {
      loader.close();
    }
  }
}
