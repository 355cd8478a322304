package dev.filebacked.jcache;

import dev.filebacked.core.pool.FilePool;
import dev.filebacked.jcache.expiry.EntryLifetimes;
import dev.filebacked.jcache.management.JCacheStatistics;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import javax.cache.Cache;

/**
 * The iterator of a cache: over its live entries, weakly consistent with concurrent changes.
 * Each entry it returns counts as a hit and an access; {@link #remove} removes as
 * {@link Cache#remove(Object)} does. A named class so that the cache's {@code iterator()} is
 * one line and this logic is read in one place.
 */
final class CacheIterator<K, V> implements Iterator<Cache.Entry<K, V>> {

  private final Iterator<K> keys;
  private final PoolEntries<K, V> entries;
  private final EntryLifetimes<K> lifetimes;
  private final JCacheStatistics statistics;
  private final Consumer<K> remove;
  private Cache.Entry<K, V> next;
  private K lastKey;

  /** Over the keys of {@code pool}; {@code remove} is the cache's {@code remove(key)}. */
  CacheIterator(FilePool<K, V> pool, PoolEntries<K, V> entries, EntryLifetimes<K> lifetimes,
      JCacheStatistics statistics, Consumer<K> remove) {
    this.keys = pool.keySet().iterator();
    this.entries = entries;
    this.lifetimes = lifetimes;
    this.statistics = statistics;
    this.remove = remove;
  }

  @Override
  public boolean hasNext() {
    while (next == null && keys.hasNext()) {
      K key = keys.next();
      V value = entries.readFresh(key, lifetimes.now());
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
    lifetimes.accessed(lastKey, lifetimes.now());
    statistics.hits(1);
    return entry;
  }

  @Override
  public void remove() {
    if (lastKey == null) {
      throw new IllegalStateException("next() has not returned an entry to remove");
    }
    remove.accept(lastKey);
    lastKey = null;
  }
}
