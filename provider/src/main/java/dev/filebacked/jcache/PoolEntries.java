package dev.filebacked.jcache;

import dev.filebacked.core.pool.FilePool;
import dev.filebacked.jcache.copy.KeyCopier;
import dev.filebacked.jcache.event.EventDispatcher;
import dev.filebacked.jcache.expiry.EntryLifetimes;
import dev.filebacked.jcache.integration.WriteThrough;
import dev.filebacked.jcache.management.JCacheStatistics;
import dev.filebacked.spi.BlobStoreFullException;

/**
 * A cache's live entries as its operations see them in the pool: whether a key has one (an
 * expired one found here leaves with its {@code EXPIRED} event), its value, the old value a
 * listener wants, and storing or removing a value with its deadline and event. It exists so
 * that the cache's verbs say what they do to an entry, and this class how the pool does it.
 *
 * <p>Everything but {@link #readFresh} runs under the key's lock, which the caller holds.
 * Engine failures reach the caller as {@link JCacheFailures} says.
 */
final class PoolEntries<K, V> {

  private final String name;
  private final FilePool<K, V> pool;
  private final KeyCopier<K> keyCopier;
  private final EntryLifetimes<K> lifetimes;
  private final EventDispatcher<K, V> events;
  private final JCacheStatistics statistics;
  /** The cache's writer, which a new value is handed before the pool stores it. */
  private final WriteThrough<K, V> writer;

  PoolEntries(String name, FilePool<K, V> pool, KeyCopier<K> keyCopier,
      EntryLifetimes<K> lifetimes, EventDispatcher<K, V> events, JCacheStatistics statistics,
      WriteThrough<K, V> writer) {
    this.name = name;
    this.pool = pool;
    this.keyCopier = keyCopier;
    this.writer = writer;
    this.lifetimes = lifetimes;
    this.events = events;
    this.statistics = statistics;
  }

  /** Whether {@code key} has a live entry. An expired one is removed here, with its event. */
  boolean isLive(K key, long now) {
    long expiresAt = pool.expiresAt(key);
    if (expiresAt == FilePool.ABSENT) {
      return false;
    }
    if (!EntryLifetimes.isExpired(expiresAt, now)) {
      return true;
    }
    V old = oldValue(key);
    if (pool.remove(key)) {
      events.expired(key, old);
    }
    return false;
  }

  /**
   * The value of a live entry, or {@code null}; takes no lock. A value the engine cannot read
   * back is a miss (the engine's failure policy dropped that version and reported the
   * eviction) or, for a passing I/O error, a {@code CacheException} with the entry left in place.
   */
  V readFresh(K key, long now) {
    try {
      return pool.getIfFresh(key, now);
    } catch (RuntimeException e) {
      throw JCacheFailures.of(name, "reading key " + key, e);
    }
  }

  /** The value of an entry found live, or {@code null} if it could not be read back. */
  V read(K key) {
    try {
      return pool.get(key);
    } catch (RuntimeException e) {
      throw JCacheFailures.of(name, "reading key " + key, e);
    }
  }

  /** The value of {@code key}'s live entry, or {@code null}; an expired one leaves here. */
  V liveValue(K key, long now) {
    return isLive(key, now) ? read(key) : null;
  }

  /**
   * The old value of a live entry for its event, read only if a listener wants old values (a
   * value on disk costs a load); {@code null} otherwise.
   */
  V oldValue(K key) {
    return events.oldValuesWanted() ? read(key) : null;
  }

  /**
   * Whether an entry found live is still there after {@link #oldValue} was read: that read may
   * have found the value unreadable and dropped it (then a put is a creation). Only looked up
   * when such a read came back empty.
   */
  boolean stillThere(K key, boolean exists, V old) {
    return exists && (old != null || !events.oldValuesWanted() || pool.containsKey(key));
  }

  /**
   * Sets {@code key}'s value as a create or an update, with its deadline and event; returns
   * whether it was stored ({@code false} for a new entry that expires on creation).
   */
  boolean store(K key, V value, boolean exists, V old, long now) {
    if (exists) {
      putInPool(key, key, value, lifetimes.forUpdate(key, now));
      events.updated(key, value, old);
      return true;
    }
    long deadline = lifetimes.forCreation(now);
    if (EntryLifetimes.isExpired(deadline, now)) {
      return false;
    }
    putInPool(key, keyCopier.copy(key), value, deadline);
    events.created(key, value);
    return true;
  }

  /**
   * A put of {@code value} over {@code key}'s entry, live or not as {@code exists} says: the old
   * value is read if a listener wants it, the writer gets the new one, then it is stored.
   * Returns whether it was stored.
   */
  boolean put(K key, V value, boolean exists, long now) {
    V old = exists ? oldValue(key) : null;
    return writeAndStore(key, value, stillThere(key, exists, old), old, now);
  }

  /**
   * Hands {@code value} to the writer, unless the disk tier refuses writes now (checked first:
   * the writer's write cannot be taken back), then {@link #store}s it.
   */
  boolean writeAndStore(K key, V value, boolean exists, V old, long now) {
    requireWritable();
    writer.write(key, value);
    return store(key, value, exists, old, now);
  }

  /**
   * {@link #store}s {@code value} over {@code key}'s entry, live or not as {@code exists} says,
   * reading the old value first if a listener wants it. For a caller that has no writer to call
   * in between (the writer has the value already, or it came from the loader).
   */
  boolean storeOver(K key, V value, boolean exists, long now) {
    V old = exists ? oldValue(key) : null;
    return store(key, value, stillThere(key, exists, old), old, now);
  }

  /** Removes a live entry with its event and statistics; returns whether it was there. */
  boolean remove(K key, V old) {
    if (!pool.remove(key)) {
      return false;
    }
    statistics.removals(1);
    events.removed(key, old);
    return true;
  }

  /**
   * Refuses a change the disk tier cannot take now; checked before the writer is called, as
   * the writer's write cannot be taken back.
   */
  void requireWritable() {
    try {
      pool.requireWritable();
    } catch (RuntimeException e) {
      throw JCacheFailures.of(name, "writing", e);
    }
  }

  /**
   * A new value for {@code key}, stored under {@code stored} (the key itself, or its copy for a
   * new entry). If the disk tier started refusing writes since {@link #requireWritable}, a
   * writer already has the new value: the old one leaves the cache (counted as an eviction)
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
}
