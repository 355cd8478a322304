package dev.filebacked.core.store;

import dev.filebacked.spi.Blob;
import dev.filebacked.spi.BlobNotFoundException;
import dev.filebacked.spi.BlobStore;
import dev.filebacked.spi.BlobStoreException;
import dev.filebacked.spi.BlobStoreUsage;
import dev.filebacked.spi.PersistedLocation;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A {@link BlobStore} on the local filesystem.
 *
 * <p>Layout: {@code <root>/<xx>/<uuid>}, where {@code xx} is the first two hex digits of the
 * UUID; the same layout for persisted locations. Each file is one blob in the
 * {@link BlobFormat}, verified on every read.
 *
 * <ul>
 *   <li><b>Atomic writes.</b> A blob is written to a temporary file in its shard and renamed
 *       into place, so a reader or a crash never sees half a blob. With
 *       {@link Durability#FSYNC} the file and its shard are fsynced first.
 *   <li><b>Recycled files.</b> A deleted blob's file is renamed away and kept for a later
 *       write to overwrite ({@link RecycledFiles}), unless a persisted location shares it. So
 *       {@code delete(id)} must not race a {@code read(id)} of the same blob; the pool never
 *       deletes a version while a reader holds it.
 *   <li><b>Persist and register</b> are hard links (blobs are immutable, so sharing the inode is
 *       safe), with a copy where linking fails, for example across filesystems.
 *   <li><b>Sanitize.</b> Opening the store, or preparing a location, removes leftover temporary
 *       files and files that are not blobs, logging each, and creates missing shards.
 *   <li><b>Lock.</b> An open store holds {@code <root>/.lock}; a second opener gets an error
 *       naming the holder's pid and host.
 *   <li><b>Permissions.</b> Directories are created 0700 and files 0600.
 * </ul>
 */
public final class FileBlobStore implements BlobStore {

  private static final System.Logger LOG = System.getLogger(FileBlobStore.class.getName());

  /** Creates a hard link; replaceable in tests to force the copy fallback. */
  @FunctionalInterface
  interface Linker {
    void link(Path link, Path existing) throws IOException;
  }

  private final ShardedDirectory directory;
  private final Durability durability;
  private final Linker linker;
  private final DirectoryLock lock;
  private final Set<UUID> idsAtOpen;
  private final ConcurrentHashMap<Path, Set<Path>> unsynced = new ConcurrentHashMap<>();
  private final AtomicBoolean linkFallbackLogged = new AtomicBoolean();
  private final AtomicLong blobs = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final RecycledFiles recycled = new RecycledFiles();
  private volatile boolean closed;

  private FileBlobStore(Path root, Durability durability, Linker linker) {
    this.directory = new ShardedDirectory(root);
    this.durability = Objects.requireNonNull(durability, "durability");
    this.linker = linker;
    createDirectories(directory.root());
    this.lock = DirectoryLock.acquire(directory.root());
    try {
      this.idsAtOpen = Set.copyOf(directory.prepare(DirectoryLock.FILE_NAME));
      for (UUID id : idsAtOpen) {
        counted(directory.pathOf(id));
      }
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Opens (creating if needed) the store at {@code root}, without fsync on write. */
  public static FileBlobStore open(Path root) {
    return open(root, Durability.NONE);
  }

  /** Opens (creating if needed) the store at {@code root}. */
  public static FileBlobStore open(Path root, Durability durability) {
    return new FileBlobStore(root, durability, Files::createLink);
  }

  static FileBlobStore open(Path root, Durability durability, Linker linker) {
    return new FileBlobStore(root, durability, linker);
  }

  /** The store's root directory. */
  public Path root() {
    return directory.root();
  }

  /** Where the blob {@code id} lives (whether or not it exists). */
  public Path pathOf(UUID id) {
    return directory.pathOf(id);
  }

  /** The ids that were in the store when it was opened, after sanitizing. */
  public Set<UUID> idsAtOpen() {
    return idsAtOpen;
  }

  @Override
  public void write(UUID id, Blob blob) {
    ensureOpen();
    Path target = directory.pathOf(id);
    Path temp = recycled.take();
    long length;
    try {
      FileChannel opened = temp == null ? null : openRecycled(temp);
      boolean reused = opened != null;
      if (!reused) {
        temp = directory.newTempFile(id);
        opened = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE), FilePermissions.ownerOnlyFile());
      }
      try (FileChannel channel = opened) {
        ByteBuffer header = BlobFormat.header(blob);
        length = (long) header.remaining() + blob.key().length + blob.value().length;
        long remaining = length;
        ByteBuffer[] parts = {header, ByteBuffer.wrap(blob.key()), ByteBuffer.wrap(blob.value())};
        while (remaining > 0) {
          remaining -= channel.write(parts);
        }
        if (reused) {
          channel.truncate(length); // it may have held a longer blob
        }
        if (durability == Durability.FSYNC) {
          channel.force(true);
        }
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      blobs.incrementAndGet();
      bytes.addAndGet(length);
      if (durability == Durability.FSYNC) {
        fsync(target.getParent());
      }
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new BlobStoreException("Cannot write blob " + target + ": " + e, e);
    }
  }

  /** Opens a recycled file to overwrite, or returns {@code null} if it went away. */
  private static FileChannel openRecycled(Path file) throws IOException {
    try {
      return FileChannel.open(file, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  @Override
  public Blob read(UUID id) {
    ensureOpen();
    return readAt(directory.pathOf(id));
  }

  @Override
  public Blob readPersisted(PersistedLocation location, UUID id) {
    ensureOpen();
    return readAt(locationOf(location).pathOf(id));
  }

  private static Blob readAt(Path path) {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return BlobFormat.read(channel, path);
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException("No blob at " + path);
    } catch (IOException e) {
      throw new BlobStoreException("Cannot read blob " + path + ": " + e, e);
    }
  }

  @Override
  public boolean delete(UUID id) {
    ensureOpen();
    Path path = directory.pathOf(id);
    try {
      // Renamed first: from then on no reader can open it, and no persist can link it.
      Path free = directory.newFreeFile(id);
      Files.move(path, free, StandardCopyOption.ATOMIC_MOVE);
      long size = recycled.keep(free);
      blobs.decrementAndGet();
      bytes.addAndGet(-size);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new BlobStoreException("Cannot delete blob " + path + ": " + e, e);
    }
  }

  @Override
  public Set<UUID> ids() {
    ensureOpen();
    return directory.list();
  }

  @Override
  public Set<UUID> prepare(PersistedLocation location) {
    ensureOpen();
    ShardedDirectory target = locationOf(location);
    createDirectories(target.root());
    return target.prepare(null);
  }

  @Override
  public void persist(UUID id, PersistedLocation location) {
    ensureOpen();
    ShardedDirectory target = locationOf(location);
    if (linkOrCopy(directory.pathOf(id), target, id)) {
      markUnsynced(target, id);
    }
  }

  @Override
  public void register(PersistedLocation location, UUID id) {
    ensureOpen();
    if (linkOrCopy(locationOf(location).pathOf(id), directory, id)) {
      counted(directory.pathOf(id));
    }
  }

  @Override
  public BlobStoreUsage usage() {
    return new BlobStoreUsage(blobs.get(), bytes.get());
  }

  private void counted(Path blob) {
    try {
      bytes.addAndGet(Files.size(blob));
      blobs.incrementAndGet();
    } catch (IOException e) {
      // Deleted meanwhile: nothing to count.
    }
  }

  @Override
  public boolean deletePersisted(PersistedLocation location, UUID id) {
    ensureOpen();
    ShardedDirectory target = locationOf(location);
    Path path = target.pathOf(id);
    try {
      boolean existed = Files.deleteIfExists(path);
      if (existed) {
        unsyncedOf(target).add(target.shardOf(id));
      }
      return existed;
    } catch (IOException e) {
      throw new BlobStoreException("Cannot delete persisted blob " + path + ": " + e, e);
    }
  }

  @Override
  public void sync(PersistedLocation location) {
    ensureOpen();
    ShardedDirectory target = locationOf(location);
    Set<Path> pending = unsyncedOf(target);
    for (Path path : pending) {
      // Remove before syncing: a path marked again meanwhile stays for the next sync.
      if (pending.remove(path) && Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        try {
          fsync(path);
        } catch (IOException e) {
          pending.add(path);
          throw new BlobStoreException("Cannot sync " + path + " of location " + target.root()
              + ": " + e, e);
        }
      }
    }
    try {
      fsync(target.root());
    } catch (IOException e) {
      throw new BlobStoreException("Cannot sync location " + target.root() + ": " + e, e);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        recycled.clear();
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "Could not remove a recycled file of " + directory.root()
            + "; the next open removes it", e);
      } finally {
        lock.close();
      }
    }
  }

  @Override
  public void destroy() {
    close();
    Path root = directory.root();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    } catch (NoSuchFileException e) {
      // Already gone.
    } catch (IOException e) {
      throw new BlobStoreException("Cannot delete store directory " + root + ": " + e, e);
    }
    blobs.set(0);
    bytes.set(0);
  }

  /**
   * Makes {@code to}'s blob {@code id} the file at {@code from}, by hard link or else by copy.
   * Returns whether a file was added ({@code false} if it was already there).
   */
  private boolean linkOrCopy(Path from, ShardedDirectory to, UUID id) {
    Path target = to.pathOf(id);
    if (!Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
      throw new BlobNotFoundException("No blob at " + from);
    }
    try {
      linker.link(target, from);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false; // Blobs are immutable: the same id is the same content.
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException("No blob at " + from + " (it went away while linking it "
          + "to " + target + ")");
    } catch (IOException | UnsupportedOperationException e) {
      if (linkFallbackLogged.compareAndSet(false, true)) {
        LOG.log(Level.INFO, "Cannot hard-link {0} to {1} ({2}); copying blobs between these "
            + "directories instead", from, target, e.toString());
      }
    }
    Path temp = to.newTempFile(id);
    try {
      Files.copy(from, temp, StandardCopyOption.COPY_ATTRIBUTES);
      if (durability == Durability.FSYNC) {
        fsync(temp);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (FileAlreadyExistsException e) {
      deleteQuietly(temp);
      return false;
    } catch (NoSuchFileException e) {
      deleteQuietly(temp);
      throw new BlobNotFoundException("No blob at " + from + " (it went away while copying it "
          + "to " + target + ")");
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new BlobStoreException("Cannot copy blob " + from + " to " + target + ": " + e, e);
    }
  }

  private void markUnsynced(ShardedDirectory location, UUID id) {
    Set<Path> pending = unsyncedOf(location);
    pending.add(location.pathOf(id));
    pending.add(location.shardOf(id));
  }

  private Set<Path> unsyncedOf(ShardedDirectory location) {
    return unsynced.computeIfAbsent(location.root(), root -> ConcurrentHashMap.newKeySet());
  }

  private static ShardedDirectory locationOf(PersistedLocation location) {
    return new ShardedDirectory(location.directory());
  }

  private static void fsync(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static void createDirectories(Path dir) {
    Path parent = dir.getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      createDirectories(parent);
    }
    ShardedDirectory.createDirectory(dir);
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // Best effort: a leftover temp file is removed by the next sanitize.
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("The blob store at " + directory.root() + " is closed");
    }
  }

  @Override
  public String toString() {
    return "FileBlobStore[" + directory.root() + ", " + durability + "]";
  }
}
