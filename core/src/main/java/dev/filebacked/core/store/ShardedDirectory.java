package dev.filebacked.core.store;

import dev.filebacked.spi.BlobStoreException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * A directory of blob files sharded by the first two hex digits of their UUID:
 * {@code <root>/00} .. {@code <root>/ff}, each blob named by its UUID in lower case. Used for a
 * store's own directory and for persisted locations alike. A shard is made when the first blob
 * goes into it, so an empty store costs no directories.
 *
 * <p>Names of our own making, and the only files this class ever removes: blobs
 * ({@code <uuid>}), temporary files of writes ({@code .<uuid>.<random>.tmp}) and files of deleted
 * blobs kept for reuse ({@code .<random>.free}), all inside shards. Anything else found is left
 * where it is and logged.
 */
final class ShardedDirectory {

  private static final System.Logger LOG = System.getLogger(ShardedDirectory.class.getName());
  static final String TEMP_SUFFIX = ".tmp";
  /** Where blobs that failed verification are moved, for a person to look at. */
  static final String QUARANTINE = "quarantine";

  private final Path root;

  ShardedDirectory(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  Path pathOf(UUID id) {
    String name = id.toString();
    return root.resolve(name.substring(0, 2)).resolve(name);
  }

  Path shardOf(UUID id) {
    return root.resolve(id.toString().substring(0, 2));
  }

  Path newTempFile(UUID id) {
    return shardOf(id).resolve("." + id + "." + Long.toHexString(
        ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
  }

  /** A new name for the file of deleted blob {@code id} that is kept for reuse. */
  Path newFreeFile(UUID id) {
    return shardOf(id).resolve("." + Long.toHexString(ThreadLocalRandom.current().nextLong())
        + RecycledFiles.SUFFIX);
  }

  /**
   * Makes the shard of {@code id} if it is missing; returns whether it made it. Throws the
   * filesystem's own exception, so that a full disk is told apart from other failures.
   */
  boolean ensureShard(UUID id) throws IOException {
    return makeDirectory(shardOf(id));
  }

  /**
   * Removes our leftovers of an earlier run (temporary files of interrupted writes, kept files
   * of deleted blobs) and returns the ids of the blobs present. Anything not of our naming is
   * left in place and logged.
   *
   * @param expected names at the root that belong there besides shards (marker, lock,
   *     quarantine)
   */
  Set<UUID> sanitize(Set<String> expected) {
    checkRoot(expected);
    return sanitizeShards();
  }

  /** Logs what does not belong at the root: neither a shard nor one of {@code expected}. */
  void checkRoot(Set<String> expected) {
    for (Path entry : entries(root)) {
      String name = entry.getFileName().toString();
      if (!expected.contains(name) && !isShard(entry)) {
        LOG.log(Level.WARNING, "Leaving {0} in place: FileBacked did not write it, and it does "
            + "not belong in {1}; move it elsewhere", entry, root);
      }
    }
  }

  /** The shard half of {@link #sanitize}. */
  Set<UUID> sanitizeShards() {
    return sanitizeShards(id -> false);
  }

  /**
   * {@link #sanitizeShards}, trusting a file named as a blob in {@code known} to be one without
   * asking the filesystem (a million lstat calls take seconds).
   */
  Set<UUID> sanitizeShards(Predicate<UUID> known) {
    Set<UUID> ids = new HashSet<>();
    for (Path shard : shards()) {
      sanitizeShard(shard, ids, known);
    }
    return ids;
  }

  /** The ids of the blobs present, without cleaning anything. */
  Set<UUID> list() {
    Set<UUID> ids = new HashSet<>();
    for (Path shard : shards()) {
      for (Path file : entries(shard)) {
        UUID id = blobId(shard, file);
        if (id != null) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  /**
   * Deletes every file of our naming in the shards, then each shard left empty. Returns the
   * entries that were not ours and so were left (with the shards holding them).
   */
  List<Path> deleteOwnFiles() {
    List<Path> left = new ArrayList<>();
    for (Path shard : shards()) {
      for (Path file : entries(shard)) {
        if (blobId(shard, file) != null || isTempOrFree(file)) {
          deleteIfExists(file);
        } else {
          left.add(file);
        }
      }
      try {
        Files.deleteIfExists(shard);
      } catch (DirectoryNotEmptyException e) {
        // Holds something not ours: it stays, and so does the shard.
      } catch (IOException e) {
        throw new BlobStoreException("Cannot delete directory " + shard + ": " + e, e);
      }
    }
    return left;
  }

  /**
   * Moves the blob {@code id} into {@code <root>/quarantine}, under a name no later write takes.
   * Returns where it went, or {@code null} if there was no such blob.
   */
  Path quarantine(UUID id) {
    Path dir = root.resolve(QUARANTINE);
    createDirectory(dir);
    Path target = dir.resolve(id + "." + System.currentTimeMillis()
        + "." + Integer.toHexString(ThreadLocalRandom.current().nextInt()));
    try {
      Files.move(pathOf(id), target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new BlobStoreException("Cannot move blob " + pathOf(id) + " to quarantine " + dir
          + ": " + e, e);
    }
  }

  private void sanitizeShard(Path dir, Set<UUID> ids, Predicate<UUID> known) {
    for (Path file : entries(dir)) {
      UUID id = blobName(dir, file);
      if (id != null && !known.test(id)
          && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        id = null;
      }
      if (id != null) {
        ids.add(id);
      } else if (isTempOrFree(file)) {
        deleteIfExists(file);
        if (file.getFileName().toString().endsWith(TEMP_SUFFIX)) {
          LOG.log(Level.INFO, "Removed leftover temporary file {0} (an interrupted write)", file);
        }
      } else {
        LOG.log(Level.WARNING, "Leaving {0} in place: FileBacked did not write it; move it out "
            + "of {1}", file, dir);
      }
    }
  }

  private List<Path> shards() {
    List<Path> shards = new ArrayList<>();
    for (Path entry : entries(root)) {
      if (isShard(entry)) {
        shards.add(entry);
      }
    }
    return shards;
  }

  private static List<Path> entries(Path dir) {
    return DirectoryListing.of(dir);
  }

  /** The id of {@code file} if it is a regular file named as a blob of shard {@code dir}. */
  private static UUID blobId(Path dir, Path file) {
    UUID id = blobName(dir, file);
    return id != null && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? id : null;
  }

  /** The id {@code file} is named after as a blob of shard {@code dir}, or {@code null}. */
  private static UUID blobName(Path dir, Path file) {
    String name = file.getFileName().toString();
    if (name.length() != 36 || !name.startsWith(dir.getFileName().toString())) {
      return null;
    }
    try {
      UUID id = UUID.fromString(name);
      return id.toString().equals(name) ? id : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isTempOrFree(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(".") && (name.endsWith(TEMP_SUFFIX)
        || name.endsWith(RecycledFiles.SUFFIX))
        && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
  }

  private static boolean isShard(Path entry) {
    String name = entry.getFileName().toString();
    return name.length() == 2 && Character.digit(name.charAt(0), 16) >= 0
        && Character.digit(name.charAt(1), 16) >= 0 && name.equals(name.toLowerCase())
        && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
  }

  private static void deleteIfExists(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new BlobStoreException("Cannot delete " + file + ": " + e, e);
    }
  }

  /** Creates {@code dir} (owner-only) unless it exists; returns whether it made it. */
  static boolean createDirectory(Path dir) {
    try {
      return makeDirectory(dir);
    } catch (IOException e) {
      throw new BlobStoreException("Cannot create directory " + dir + ": " + e, e);
    }
  }

  private static boolean makeDirectory(Path dir) throws IOException {
    try {
      Files.createDirectory(dir, FilePermissions.ownerOnlyDirectory());
      return true;
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw new BlobStoreException("Cannot use " + dir + " as a directory: a file of that "
            + "name is in the way; move it elsewhere", e);
      }
      return false;
    }
  }
}
