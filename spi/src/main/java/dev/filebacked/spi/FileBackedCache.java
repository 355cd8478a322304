package dev.filebacked.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.cache.Cache;

/**
 * What a FileBacked cache offers beyond {@link Cache}: reached with
 * {@code cache.unwrap(FileBackedCache.class)}. Each operation that does I/O comes in a blocking
 * form and a {@link CompletableFuture} form ({@code …Async}), which runs on FileBacked's own
 * threads and completes exceptionally with what the blocking form would throw. Failures are
 * {@link javax.cache.CacheException}s, as everywhere in the cache, except where a method says
 * otherwise.
 *
 * <p><b>Persisted locations.</b> Persistence works on versions: {@link #persist} hard-links the
 * blob of an entry's current value into a {@link TrackedLocation} (writing it first if the value
 * only lived in memory; persisting the same version twice does nothing), and the returned id
 * brings it back later with {@link #register}, in this or another run, in this cache or another
 * of the same codec. Blobs at a persisted location are never deleted by the cache's own cleanup;
 * only {@link #deletePersisted} does that. A location is any directory FileBacked may own: made
 * if missing, claimed if empty, refused if it holds anything FileBacked did not write.
 *
 * <p><b>A registered entry, in JCache terms,</b> is like a loaded one: the key stored in the
 * blob gets that version as its value, replacing the value it has (the registered version wins:
 * registering is an explicit request for that version). Listeners get a CREATED event, or
 * UPDATED if the key had a live value; no {@code CacheWriter} is called (the value is not new
 * data, it comes from storage, as a loaded value does); it does not count as a put in the
 * statistics; its expiry is the expiry policy's duration for creation, or for update if the key
 * had a live value (an update duration of {@code null} keeps the current deadline). If that
 * duration is zero, nothing is registered. The value stays on disk until read.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface FileBackedCache<K, V> extends Cache<K, V> {

  /**
   * Prepares {@code directory} as a persisted location (made if missing, claimed if empty,
   * refused if it holds anything FileBacked did not write; leftovers of interrupted writes
   * removed) and lists the blobs it holds ({@link TrackedLocation#ids()}).
   */
  TrackedLocation trackPath(Path directory);

  /** {@link #trackPath} without blocking the caller. */
  CompletableFuture<TrackedLocation> trackPathAsync(Path directory);

  /**
   * Links the current value of {@code key} into {@code location} (writing it first if it only
   * lived in memory) and returns its id. Persisting the same version twice does nothing.
   *
   * @throws NoSuchElementException if the cache holds no live entry for {@code key}
   */
  UUID persist(K key, TrackedLocation location);

  /** {@link #persist} without blocking the caller. */
  CompletableFuture<UUID> persistAsync(K key, TrackedLocation location);

  /**
   * Persists every live entry into {@code location}; returns each key's persisted id. Entries
   * removed or expired while it runs are left out.
   */
  Map<K, UUID> persistAll(TrackedLocation location);

  /** {@link #persistAll} without blocking the caller. */
  CompletableFuture<Map<K, UUID>> persistAllAsync(TrackedLocation location);

  /**
   * Brings the version {@code id} persisted at {@code location} back into the cache as the
   * value of the key stored in it (see the class comment for what that means in JCache terms),
   * and returns that key.
   *
   * @throws NoSuchElementException if the location holds no such version
   */
  K register(TrackedLocation location, UUID id);

  /** {@link #register} without blocking the caller. */
  CompletableFuture<K> registerAsync(TrackedLocation location, UUID id);

  /**
   * Registers every version at {@code location}; returns how many it registered. A blob that
   * cannot be registered (damaged, written by another codec, a key this cache cannot decode) is
   * skipped and logged; where two versions of one key are there, which one stays is not defined.
   */
  int registerAll(TrackedLocation location);

  /** {@link #registerAll} without blocking the caller. */
  CompletableFuture<Integer> registerAllAsync(TrackedLocation location);

  /** Makes everything persisted into or deleted from {@code location} so far durable. */
  void sync(TrackedLocation location);

  /** {@link #sync} without blocking the caller. */
  CompletableFuture<Void> syncAsync(TrackedLocation location);

  /** Deletes the version {@code id} from {@code location}; returns whether it was there. */
  boolean deletePersisted(TrackedLocation location, UUID id);

  /** {@link #deletePersisted} without blocking the caller. */
  CompletableFuture<Boolean> deletePersistedAsync(TrackedLocation location, UUID id);

  /**
   * Waits until the disk tier's background work started so far (spills, loads, deletes of dead
   * versions) has finished; in a persistent cache, also makes every change so far durable.
   */
  void flush();

  /** {@link #flush} without blocking the caller. */
  CompletableFuture<Void> flushAsync();

  /**
   * {@link #get} without blocking the caller on the disk: a value in memory completes the
   * future at once, one on disk is loaded on FileBacked's threads. Expiry, read-through and
   * statistics are those of {@code get}.
   */
  CompletableFuture<V> getAsync(K key);
}
