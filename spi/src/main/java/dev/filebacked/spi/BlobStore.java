package dev.filebacked.spi;

import java.util.Set;
import java.util.UUID;

/**
 * Raw storage of immutable blobs identified by a UUID, plus the persisted locations they can be
 * linked into.
 *
 * <p>A blob is written once and never modified: a new value is a new blob with a new id. That is
 * what makes linking a blob into a persisted location (instead of copying it) safe.
 *
 * <p>Implementations are thread-safe. The engine never issues two conflicting operations on the
 * same id at once (for example a write and a delete), but operations on different ids run
 * concurrently. Every failure is a {@link BlobStoreException} whose message names the file (or
 * object) and the cause.
 */
public interface BlobStore extends AutoCloseable {

  /**
   * Stores a blob atomically: readers see either no blob or the whole blob, never part of it,
   * even if the process dies during the write. Writing an id that exists replaces it (the
   * engine only does so with identical content).
   */
  void write(UUID id, Blob blob);

  /**
   * Reads a blob back, verifying it.
   *
   * @throws BlobNotFoundException if there is no blob with this id
   * @throws CorruptBlobException if the stored bytes fail verification
   */
  Blob read(UUID id);

  /** Deletes a blob; returns whether it existed. */
  boolean delete(UUID id);

  /** The ids of the blobs in the store itself (not in persisted locations). */
  Set<UUID> ids();

  /**
   * Makes a location ready for use (creating it if missing) and cleans it: leftover temporary
   * files and files that are not blobs are removed.
   *
   * @return the ids of the blobs present at the location
   */
  Set<UUID> prepare(PersistedLocation location);

  /**
   * Links the blob {@code id} of the store into {@code location}, copying it where linking is
   * not possible (another filesystem). Persisting an id that is already there does nothing.
   *
   * @throws BlobNotFoundException if the store has no blob with this id
   */
  void persist(UUID id, PersistedLocation location);

  /**
   * Links the blob {@code id} of {@code location} back into the store, so the store can read it
   * (copying where linking is not possible). Registering an id the store already has does
   * nothing: blobs are immutable, so the content is the same.
   *
   * @throws BlobNotFoundException if the location has no blob with this id
   */
  void register(PersistedLocation location, UUID id);

  /**
   * Reads a blob at a location, verifying it, without registering it.
   *
   * @throws BlobNotFoundException if there is no blob with this id at the location
   * @throws CorruptBlobException if the stored bytes fail verification
   */
  Blob readPersisted(PersistedLocation location, UUID id);

  /** Deletes a blob from a location; returns whether it existed. */
  boolean deletePersisted(PersistedLocation location, UUID id);

  /** Makes everything persisted into or deleted from {@code location} so far durable. */
  void sync(PersistedLocation location);

  /** Releases the store (its lock, open handles). Blobs stay where they are. */
  @Override
  void close();

  /** Closes the store and deletes everything in the store itself. Locations are not touched. */
  void destroy();

  /**
   * What the store holds now, kept as blobs are written, registered and deleted; the default is
   * {@link BlobStoreUsage#UNKNOWN}.
   */
  default BlobStoreUsage usage() {
    return BlobStoreUsage.UNKNOWN;
  }
}
