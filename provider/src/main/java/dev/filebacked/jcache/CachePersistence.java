package dev.filebacked.jcache;

import dev.filebacked.core.concurrent.KeyedLocks;
import dev.filebacked.core.pool.FilePool;
import dev.filebacked.jcache.event.EventDispatcher;
import dev.filebacked.jcache.expiry.EntryLifetimes;
import dev.filebacked.spi.TrackedLocation;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The {@link dev.filebacked.spi.FileBackedCache} extension of a cache: persisted locations
 * (track, persist, register, sync, delete) with JCache's rules where they apply (key locks,
 * liveness and expiry, events for a registration), and the asynchronous twin of each call.
 */
final class CachePersistence<K, V> {

  private static final System.Logger LOG = System.getLogger(CachePersistence.class.getName());

  private final String name;
  private final FilePool<K, V> pool;
  private final CallChecks<K, V> checks;
  private final KeyedLocks<Object> locks;
  private final PoolEntries<K, V> entries;
  private final EntryLifetimes<K> lifetimes;
  private final EventDispatcher<K, V> events;
  private final Executor executor;

  CachePersistence(String name, FilePool<K, V> pool, CallChecks<K, V> checks,
      KeyedLocks<Object> locks, PoolEntries<K, V> entries, EntryLifetimes<K> lifetimes,
      EventDispatcher<K, V> events, Executor executor) {
    this.name = name;
    this.pool = pool;
    this.checks = checks;
    this.locks = locks;
    this.entries = entries;
    this.lifetimes = lifetimes;
    this.events = events;
    this.executor = executor;
  }

  TrackedLocation trackPath(Path directory) {
    return onPool(() -> pool.trackPath(directory), "trackPath(" + directory + ")");
  }

  UUID persist(K key, TrackedLocation location) {
    checks.requireKey(key);
    return onPool(() -> {
      try (KeyedLocks.Held held = locks.lock(key)) {
        if (!entries.isLive(key, lifetimes.now())) {
          throw new NoSuchElementException("Cache " + name + " holds no live entry for key "
              + key + " to persist");
        }
        return pool.persist(key, location);
      }
    }, "persisting key " + key);
  }

  Map<K, UUID> persistAll(TrackedLocation location) {
    checks.requireOpen();
    Map<K, UUID> persisted = new LinkedHashMap<>();
    for (K key : pool.keySet()) {
      try {
        persisted.put(key, persist(key, location));
      } catch (NoSuchElementException e) {
        // Removed or expired since the keys were listed: not persisted, as the method says.
      }
    }
    return persisted;
  }

  /** See the class comment of {@code FileBackedCache} for what a registration means. */
  K register(TrackedLocation location, UUID id) {
    return onPool(() -> {
      K key = pool.keyOf(location, id);
      try (KeyedLocks.Held held = locks.lock(key)) {
        long now = lifetimes.now();
        boolean present = entries.isLive(key, now);
        long expiresAt = present ? lifetimes.forUpdate(key, now) : lifetimes.forCreation(now);
        if (EntryLifetimes.isExpired(expiresAt, now)) {
          return key;
        }
        V old = present ? entries.oldValue(key) : null;
        pool.register(location, id, expiresAt);
        if (events.listening()) {
          V value = pool.get(key);
          if (present) {
            events.updated(key, value, old);
          } else {
            events.created(key, value);
          }
        }
        return key;
      }
    }, "registering " + id);
  }

  int registerAll(TrackedLocation location) {
    checks.requireOpen();
    int registered = 0;
    for (UUID id : location.ids()) {
      try {
        register(location, id);
        registered++;
      } catch (NoSuchElementException e) {
        // Deleted from the location meanwhile.
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Cache " + name + ": skipping " + id + " at "
            + location.location().directory() + ": " + e.getMessage(), e);
      }
    }
    return registered;
  }

  void sync(TrackedLocation location) {
    onPool(() -> {
      pool.sync(location);
      return null;
    }, "sync of " + location.location().directory());
  }

  boolean deletePersisted(TrackedLocation location, UUID id) {
    return onPool(() -> pool.deletePersisted(location, id), "deletePersisted of " + id);
  }

  void flush() {
    onPool(() -> {
      pool.flush();
      return null;
    }, "flush");
  }

  /** {@code call} on FileBacked's threads, failing as the blocking form would. */
  <T> CompletableFuture<T> async(Supplier<T> call) {
    checks.requireOpen();
    return CompletableFuture.supplyAsync(call, executor);
  }

  /** An extension call on an open cache, the engine's failures reported as JCache's. */
  private <T> T onPool(Supplier<T> call, String operation) {
    checks.requireOpen();
    try {
      return call.get();
    } catch (NoSuchElementException e) {
      throw e;
    } catch (RuntimeException e) {
      throw JCacheFailures.of(name, operation, e);
    }
  }
}
