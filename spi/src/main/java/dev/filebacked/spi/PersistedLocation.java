package dev.filebacked.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A permanent place, outside a cache's own storage, that blobs can be persisted into and
 * registered back from. It survives restarts; the engine never deletes from it on its own.
 *
 * <p>For a file store it is a directory laid out like the store itself: shard folders
 * {@code 00}..{@code ff}, one file per blob named by its UUID.
 *
 * @param directory the location's root directory, made absolute and normalized
 */
public record PersistedLocation(Path directory) {

  public PersistedLocation {
    Objects.requireNonNull(directory, "directory");
    directory = directory.toAbsolutePath().normalize();
  }

  /** The location rooted at {@code directory}. */
  public static PersistedLocation of(Path directory) {
    return new PersistedLocation(directory);
  }
}
