package dev.filebacked.core.store;

import dev.filebacked.spi.BlobStoreException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A temporary folder for caches that need no permanent one, {@code <java.io.tmpdir>/filebacked-*},
 * held through a {@link DirectoryLock} for as long as it is in use and marked as FileBacked's
 * ({@link OwnedFolder.Kind#TEMPORARY}). A process killed before closing its folder leaves it
 * behind; the next folder made under the same parent removes every such folder whose lock no
 * live process holds.
 *
 * <p>The lock is taken before the marker is written, so a folder another process is still
 * setting up is never mistaken for an abandoned one.
 */
public final class TemporaryFolder implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(TemporaryFolder.class.getName());
  static final String PREFIX = "filebacked-";

  private final Path path;
  private final DirectoryLock lock;
  private boolean closed;

  private TemporaryFolder(Path path, DirectoryLock lock) {
    this.path = path;
    this.lock = lock;
  }

  /** Makes a new folder under {@code java.io.tmpdir}, first removing abandoned ones there. */
  public static TemporaryFolder create() {
    return create(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** Makes a new folder under {@code parent}, first removing abandoned ones there. */
  public static TemporaryFolder create(Path parent) {
    removeAbandoned(parent);
    Path path;
    try {
      Files.createDirectories(parent);
      path = Files.createTempDirectory(parent, PREFIX, FilePermissions.ownerOnlyDirectory());
    } catch (IOException e) {
      throw new BlobStoreException("Cannot create a temporary directory in " + parent + ": " + e
          + "; set a directory for the caches instead", e);
    }
    DirectoryLock lock = DirectoryLock.acquire(path);
    try {
      OwnedFolder.claim(path, OwnedFolder.Kind.TEMPORARY, null);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    return new TemporaryFolder(path, lock);
  }

  /** The folder. */
  public Path path() {
    return path;
  }

  /**
   * Releases the folder and removes it with its marker and lock file, unless something is left
   * in it (a quarantined blob, say): then it stays until a later start finds it abandoned.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (onlyOwnFilesLeft(path)) {
        Files.deleteIfExists(path.resolve(OwnedFolder.MARKER));
        Files.deleteIfExists(path.resolve(DirectoryLock.FILE_NAME));
        Files.deleteIfExists(path);
      } else {
        LOG.log(Level.INFO, "Keeping temporary directory {0}: something is left in it (a "
            + "quarantined blob?); it is removed at a later start once no process holds it",
            path);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Could not remove temporary directory " + path
          + "; a later start removes it", e);
    } finally {
      lock.close();
    }
  }

  /**
   * Removes every {@code filebacked-*} folder under {@code parent} that is marked as a temporary
   * folder and whose lock no live process holds, logging each with its size. Returns how many.
   */
  static int removeAbandoned(Path parent) {
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, PREFIX + "*")) {
      for (Path dir : entries) {
        if (Files.isDirectory(dir) && OwnedFolder.isMarked(dir, OwnedFolder.Kind.TEMPORARY)
            && removeIfAbandoned(dir)) {
          removed++;
        }
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "Cannot look for abandoned temporary directories in " + parent, e);
    }
    return removed;
  }

  private static boolean removeIfAbandoned(Path dir) {
    DirectoryLock lock;
    try {
      lock = DirectoryLock.acquire(dir);
    } catch (RuntimeException e) {
      return false; // held by a live process, this one included
    }
    try {
      long bytes = deleteTree(dir);
      LOG.log(Level.INFO, "Removed temporary directory {0} ({1} bytes) left by a process that "
          + "ended without closing its caches", dir, bytes);
      return true;
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Could not remove abandoned temporary directory " + dir, e);
      return false;
    } finally {
      lock.close();
    }
  }

  private static boolean onlyOwnFilesLeft(Path dir) {
    return OwnedFolder.firstEntryBut(dir, OwnedFolder.MARKER, DirectoryLock.FILE_NAME) == null;
  }

  /** Deletes a tree without following links; returns the bytes of the files it deleted. */
  private static long deleteTree(Path root) throws IOException {
    long[] bytes = {0};
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
          throws IOException {
        bytes[0] += attributes.size();
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException error) throws IOException {
        if (error != null) {
          throw error;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
    return bytes[0];
  }

  @Override
  public String toString() {
    return "TemporaryFolder[" + path + "]";
  }
}
