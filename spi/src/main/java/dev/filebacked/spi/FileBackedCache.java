package dev.filebacked.spi;

import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.UUID;
import javax.cache.Cache;

/**
 * What a FileBacked cache offers beyond {@link Cache}: reached with
 * {@code cache.unwrap(FileBackedCache.class)}.
 *
 * <p>Persistence works on versions: {@link #persist} hard-links the blob of an entry's current
 * value into a {@link TrackedLocation} (writing it first if the value only lived in memory), and
 * the returned id brings it back later with {@link #register}, in this or another run. Blobs at
 * a persisted location are never deleted by the cache; only {@link #deletePersisted} does that.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface FileBackedCache<K, V> extends Cache<K, V> {

  /**
   * Prepares {@code directory} as a persisted location (made if missing, claimed if empty,
   * refused if it holds anything FileBacked did not write; leftovers of interrupted writes
   * removed) and lists the blobs it holds.
   */
  TrackedLocation trackPath(Path directory);

  /**
   * Links the current value of {@code key} into {@code location} and returns its id.
   *
   * @throws NoSuchElementException if the cache holds no live entry for {@code key}
   */
  UUID persist(K key, TrackedLocation location);

  /**
   * Brings the version {@code id} persisted at {@code location} back into the cache as the value
   * of the key stored in it, and returns that key.
   *
   * @throws UnsupportedOperationException until whole-cache persistence lands: the JCache
   *     semantics of a registered entry (events, writer, expiry) are defined there
   */
  K register(TrackedLocation location, UUID id);

  /** Makes everything persisted into or deleted from {@code location} so far durable. */
  void sync(TrackedLocation location);

  /** Deletes the version {@code id} from {@code location}; returns whether it was there. */
  boolean deletePersisted(TrackedLocation location, UUID id);

  /**
   * Waits until the disk tier's background work started so far (spills, loads, deletes of dead
   * versions) has finished.
   */
  void flush();
}
