package dev.filebacked.core.pool;

import dev.filebacked.core.concurrent.KeyedLocks;
import dev.filebacked.spi.Blob;
import dev.filebacked.spi.BlobStore;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CorruptBlobException;
import dev.filebacked.spi.PersistedLocation;
import dev.filebacked.spi.TrackedLocation;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The pool's persisted locations: permanent directories that versions are linked into
 * ({@link #persist}) and brought back from after a restart ({@link #register}), with each
 * operation's background twin. Persist and delete serialize per blob id and location; a
 * registration also takes the version's lock in the {@link DiskTier}, so that a deferred delete of
 * the same id never removes the blob it brings back. The pool never deletes from a location on
 * its own.
 *
 * @param <K> key type
 */
final class PersistedLocations<K> {

  private static final System.Logger LOG = System.getLogger(PersistedLocations.class.getName());

  /** A blob id at a persisted location: the unit that persist and delete serialize on. */
  private record LocatedId(PersistedLocation location, UUID id) {}

  private final String name;
  private final BlobStore store;
  private final Codec<K> keyCodec;
  private final ClassLoader classLoader;
  private final ConcurrentMap<K, Node<K>> index;
  private final DiskTier<K> disk;
  private final BackgroundTasks tasks;
  private final Runnable ensureOpen;
  private final UnaryOperator<Node<K>> install;
  private final KeyedLocks<LocatedId> locks = new KeyedLocks<>();

  /**
   * @param ensureOpen throws if the pool is closed; checked by every operation
   * @param install makes a registered node its key's current version (recording it, in a
   *     persistent pool) and returns the version it replaced
   */
  PersistedLocations(String name, BlobStore store, Codec<K> keyCodec, ClassLoader classLoader,
      ConcurrentMap<K, Node<K>> index, DiskTier<K> disk, BackgroundTasks tasks,
      Runnable ensureOpen, UnaryOperator<Node<K>> install) {
    this.install = install;
    this.name = name;
    this.store = store;
    this.keyCodec = keyCodec;
    this.classLoader = classLoader;
    this.index = index;
    this.disk = disk;
    this.tasks = tasks;
    this.ensureOpen = ensureOpen;
  }

  /** See {@link FilePool#trackPath}. */
  TrackedLocation trackPath(Path directory) {
    ensureOpen.run();
    PersistedLocation location = PersistedLocation.of(directory);
    return new Tracked(location, store.prepare(location));
  }

  CompletableFuture<TrackedLocation> trackPathAsync(Path directory) {
    return background(() -> trackPath(directory));
  }

  /** See {@link FilePool#persist}. */
  UUID persist(K key, TrackedLocation location) {
    Objects.requireNonNull(key, "key");
    Tracked tracked = own(location);
    ensureOpen.run();
    Node<K> node = acquireCurrent(key);
    if (node == null) {
      throw new NoSuchElementException("Cannot persist key " + key + ": pool " + name
          + " does not hold it");
    }
    try {
      disk.writeIfNeeded(node);
      UUID id = node.id();
      try (KeyedLocks.Held held = locks.lock(new LocatedId(tracked.location(), id))) {
        if (!tracked.contains(id)) {
          store.persist(id, tracked.location());
          tracked.add(id);
        }
      }
      return id;
    } finally {
      disk.release(node);
    }
  }

  CompletableFuture<UUID> persistAsync(K key, TrackedLocation location) {
    return background(() -> persist(key, location));
  }

  /** See {@link FilePool#keyOf}. */
  K keyOf(TrackedLocation location, UUID id) {
    Objects.requireNonNull(id, "id");
    Tracked tracked = own(location);
    ensureOpen.run();
    return keyOf(tracked, id);
  }

  private K keyOf(Tracked tracked, UUID id) {
    PersistedLocation where = tracked.location();
    if (!tracked.contains(id)) {
      throw new NoSuchElementException("Cannot register " + id + ": it is not persisted at "
          + where.directory());
    }
    Blob blob;
    try {
      blob = store.readPersisted(where, id);
    } catch (CorruptBlobException e) {
      String kept = store.quarantinePersisted(where, id);
      if (kept != null) {
        tracked.remove(id);
      }
      LOG.log(Level.WARNING, "Pool " + name + ": cannot register " + id + ": " + e.getMessage()
          + (kept != null ? "; moved to " + kept : ""));
      throw kept == null ? e : new CorruptBlobException(e.getMessage() + "; moved to " + kept);
    }
    disk.checkCodec(blob.codecId(), blob.codecVersion(), where.directory() + " blob " + id);
    return keyCodec.decode(blob.key(), classLoader);
  }

  /** See {@link FilePool#register}. */
  K register(TrackedLocation location, UUID id, long expiresAt) {
    Objects.requireNonNull(id, "id");
    Tracked tracked = own(location);
    ensureOpen.run();
    PersistedLocation where = tracked.location();
    try (KeyedLocks.Held atLocation = locks.lock(new LocatedId(where, id))) {
      K key = keyOf(tracked, id);
      // Under the version lock, a deferred delete of this id either ran before (and we link the
      // blob anew) or runs after and sees the registered node in the index.
      try (KeyedLocks.Held version = disk.lockVersion(id)) {
        Node<K> current = index.get(key);
        if (current != null && current.hasId(id)) {
          return key;
        }
        store.register(where, id);
        Node<K> old = install.apply(Node.onDisk(key, id, expiresAt));
        if (old != null) {
          disk.retire(old);
        }
      }
      return key;
    }
  }

  CompletableFuture<K> registerAsync(TrackedLocation location, UUID id, long expiresAt) {
    return background(() -> register(location, id, expiresAt));
  }

  /** See {@link FilePool#sync}. */
  void sync(TrackedLocation location) {
    Tracked tracked = own(location);
    ensureOpen.run();
    store.sync(tracked.location());
  }

  CompletableFuture<Void> syncAsync(TrackedLocation location) {
    return background(() -> {
      sync(location);
      return null;
    });
  }

  /** See {@link FilePool#deletePersisted}. */
  boolean deletePersisted(TrackedLocation location, UUID id) {
    Objects.requireNonNull(id, "id");
    Tracked tracked = own(location);
    ensureOpen.run();
    try (KeyedLocks.Held held = locks.lock(new LocatedId(tracked.location(), id))) {
      boolean existed = store.deletePersisted(tracked.location(), id);
      tracked.remove(id);
      return existed;
    }
  }

  CompletableFuture<Boolean> deletePersistedAsync(TrackedLocation location, UUID id) {
    return background(() -> deletePersisted(location, id));
  }

  /** Whether a persist or delete waits for the lock of {@code id} at {@code location}. */
  boolean hasWaiters(TrackedLocation location, UUID id) {
    return locks.hasWaiters(new LocatedId(own(location).location(), id));
  }

  private Node<K> acquireCurrent(K key) {
    for (;;) {
      Node<K> node = index.get(key);
      if (node == null || node.tryAcquire()) {
        return node;
      }
    }
  }

  private Tracked own(TrackedLocation location) {
    Objects.requireNonNull(location, "location");
    if (location instanceof Tracked tracked) {
      return tracked;
    }
    throw new IllegalArgumentException("Location " + location + " was not obtained from "
        + "FilePool.trackPath; call trackPath(directory) first");
  }

  private <T> CompletableFuture<T> background(Supplier<T> operation) {
    ensureOpen.run();
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
}
