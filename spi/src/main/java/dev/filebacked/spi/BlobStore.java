package dev.filebacked.spi;

import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

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
 * object) and the cause; its subclass says what kind of failure it is, which decides what the
 * engine makes of it: {@link BlobNotFoundException}, {@link CorruptBlobException},
 * {@link BlobStoreFullException}, {@link BlobTooLargeException}, and the plain class for a
 * failure that may pass (an interrupted call, too many open files, an I/O error).
 */
public interface BlobStore extends AutoCloseable {

  /**
   * Stores a blob atomically: readers see either no blob or the whole blob, never part of it,
   * even if the process dies during the write. Writing an id that exists replaces it (the
   * engine only does so with identical content). The stored blob names {@code id}, so that a
   * read can tell it from another version's.
   *
   * @throws BlobStoreFullException if there is no room for it now
   * @throws BlobTooLargeException if there can never be room for it
   */
  void write(UUID id, Blob blob);

  /**
   * Reads a blob back, verifying it, the version id it names included: a blob that names
   * another id is corrupt (a file copied or moved over another), never returned.
   *
   * @throws BlobNotFoundException if there is no blob with this id
   * @throws CorruptBlobException if the stored bytes fail verification
   * @throws BlobStoreException for any other failure, which may pass (retry it)
   */
  Blob read(UUID id);

  /**
   * Reads a blob back, verified as {@link #read(UUID)} does, and lends it to {@code reader}:
   * returns what {@code reader} returns. The view's buffers are valid only while {@code reader}
   * runs; a store may read into memory it reuses for later reads, which spares a large value
   * the copies an owned {@link Blob} costs. An exception {@code reader} throws reaches the
   * caller as it is.
   *
   * <p>The default lends the arrays of {@link #read(UUID)}.
   *
   * @throws BlobNotFoundException if there is no blob with this id
   * @throws CorruptBlobException if the stored bytes fail verification ({@code reader} is not
   *     called: a blob that fails verification is never lent)
   * @throws BlobStoreException for any other failure, which may pass (retry it)
   */
  default <R> R read(UUID id, Function<BlobView, R> reader) {
    return reader.apply(BlobView.of(read(id)));
  }

  /** Deletes a blob; returns whether it existed. */
  boolean delete(UUID id);

  /**
   * Moves a blob that failed verification out of the store's reach, keeping it for a person to
   * look at: no later {@link #read} finds it, and nothing deletes it on its own. The default, for
   * stores that cannot keep such a thing, deletes it.
   *
   * @return where the blob is kept now, for a log line; {@code null} if there was no such blob
   *     or it was deleted
   */
  default String quarantine(UUID id) {
    delete(id);
    return null;
  }

  /** The ids of the blobs in the store itself (not in persisted locations). */
  Set<UUID> ids();

  /**
   * Makes a location ready for use (creating it if missing, claiming it if empty) and cleans
   * it of the store's own leftovers (temporary files of interrupted writes). A location holds
   * only what the store put there: a folder with other content is refused, and nothing the store
   * did not write is ever removed.
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

  /**
   * Moves a blob at a location that failed verification out of the location's reach, keeping
   * it for a person to look at (a location is permanent data: it is never deleted for this).
   * The default, for stores that cannot keep such a thing, leaves it where it is.
   *
   * @return where the blob is kept now, for a log line; {@code null} if it stayed or was gone
   */
  default String quarantinePersisted(PersistedLocation location, UUID id) {
    return null;
  }

  /** Deletes a blob from a location; returns whether it existed. */
  boolean deletePersisted(PersistedLocation location, UUID id);

  /** Makes everything persisted into or deleted from {@code location} so far durable. */
  void sync(PersistedLocation location);

  /** Releases the store (its lock, open handles). Blobs stay where they are. */
  @Override
  void close();

  /**
   * Closes the store and deletes every blob in the store itself, and the store's own folder if
   * nothing else is left in it. Locations are not touched, nor anything the store did not
   * write, nor blobs it quarantined.
   */
  void destroy();

  /**
   * What the store holds now, kept as blobs are written, registered and deleted; the default is
   * {@link BlobStoreUsage#UNKNOWN}.
   */
  default BlobStoreUsage usage() {
    return BlobStoreUsage.UNKNOWN;
  }
}
