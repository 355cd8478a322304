package dev.filebacked.core.store;

import dev.filebacked.spi.BlobStoreException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A directory of blob files sharded by the first two hex digits of their UUID:
 * {@code <root>/00} .. {@code <root>/ff}, each blob named by its UUID in lower case. Used for a
 * store's own directory and for persisted locations alike.
 *
 * <p>Temporary files are named {@code .<uuid>.<random>.tmp} in the blob's shard, and files of
 * deleted blobs kept for reuse {@code .<random>.free} in theirs, so a crash leaves only files
 * that {@link #prepare} recognizes and removes.
 */
final class ShardedDirectory {

  private static final System.Logger LOG = System.getLogger(ShardedDirectory.class.getName());
  static final String TEMP_SUFFIX = ".tmp";
  private static final int SHARDS = 256;

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
   * Creates the root and any missing shard, removes leftover temporary files and files that are
   * not blobs (logging each), and returns the ids of the blobs present.
   *
   * @param keep a file name at the root that belongs there (the lock file), or {@code null}
   */
  Set<UUID> prepare(String keep) {
    createDirectory(root);
    Set<UUID> ids = new HashSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.equals(keep) || isShardName(name) && Files.isDirectory(entry,
            LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        removeForeign(entry, "it is not a shard directory");
      }
    } catch (IOException e) {
      throw new BlobStoreException("Cannot list directory " + root + ": " + e, e);
    }
    for (int shard = 0; shard < SHARDS; shard++) {
      Path dir = root.resolve(String.format("%02x", shard));
      createDirectory(dir);
      sanitizeShard(dir, ids);
    }
    return ids;
  }

  /** The ids of the blobs present, without cleaning anything. */
  Set<UUID> list() {
    Set<UUID> ids = new HashSet<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      Path dir = root.resolve(String.format("%02x", shard));
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        for (Path file : files) {
          UUID id = blobId(dir, file);
          if (id != null) {
            ids.add(id);
          }
        }
      } catch (IOException e) {
        throw new BlobStoreException("Cannot list directory " + dir + ": " + e, e);
      }
    }
    return ids;
  }

  private void sanitizeShard(Path dir, Set<UUID> ids) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        UUID id = blobId(dir, file);
        if (id != null) {
          ids.add(id);
        } else if (name.startsWith(".") && name.endsWith(TEMP_SUFFIX)
            && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(file);
          LOG.log(Level.INFO, "Removed leftover temporary file {0} (an interrupted write)", file);
        } else if (name.startsWith(".") && name.endsWith(RecycledFiles.SUFFIX)
            && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(file); // a deleted blob kept for reuse when the store stopped
        } else {
          removeForeign(file, "it is not a blob of this shard");
        }
      }
    } catch (IOException e) {
      throw new BlobStoreException("Cannot clean directory " + dir + ": " + e, e);
    }
  }

  /** The id of {@code file} if it is a regular file named as a blob of shard {@code dir}. */
  private static UUID blobId(Path dir, Path file) {
    String name = file.getFileName().toString();
    if (name.length() != 36 || !name.startsWith(dir.getFileName().toString())
        || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try {
      UUID id = UUID.fromString(name);
      return id.toString().equals(name) ? id : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void removeForeign(Path entry, String why) throws IOException {
    if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
      // Never delete a directory tree we did not create; it may hold someone's data.
      LOG.log(Level.WARNING, "Leaving foreign directory {0} in place ({1}); move it elsewhere",
          entry, why);
      return;
    }
    Files.deleteIfExists(entry);
    LOG.log(Level.WARNING, "Removed foreign file {0}: {1}", entry, why);
  }

  private static boolean isShardName(String name) {
    return name.length() == 2 && Character.digit(name.charAt(0), 16) >= 0
        && Character.digit(name.charAt(1), 16) >= 0 && name.equals(name.toLowerCase());
  }

  static void createDirectory(Path dir) {
    try {
      Files.createDirectory(dir, FilePermissions.ownerOnlyDirectory());
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw new BlobStoreException("Cannot use " + dir + " as a directory: a file of that "
            + "name is in the way; move it elsewhere", e);
      }
    } catch (IOException e) {
      throw new BlobStoreException("Cannot create directory " + dir + ": " + e, e);
    }
  }
}
