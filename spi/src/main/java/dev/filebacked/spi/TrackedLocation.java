package dev.filebacked.spi;

import java.util.Set;
import java.util.UUID;

/**
 * A {@link PersistedLocation} prepared for use by a cache, with the ids of the blobs known to be
 * there. Obtained from the engine's {@code trackPath}; it stays current as blobs are persisted
 * into or deleted from the location through the engine.
 */
public interface TrackedLocation {

  /** The location. */
  PersistedLocation location();

  /** A snapshot of the ids of the blobs present at the location. */
  Set<UUID> ids();

  /** Whether a blob with this id is present at the location. */
  boolean contains(UUID id);
}
