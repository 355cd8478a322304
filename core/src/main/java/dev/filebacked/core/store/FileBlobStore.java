package dev.filebacked.core.store;

import dev.filebacked.spi.Blob;
import dev.filebacked.spi.BlobNotFoundException;
import dev.filebacked.spi.BlobStore;
import dev.filebacked.spi.BlobStoreException;
import dev.filebacked.spi.BlobStoreUsage;
import dev.filebacked.spi.BlobView;
import dev.filebacked.spi.PersistedLocation;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A {@link BlobStore} on the local filesystem.
 *
 * <p>Layout: {@code <root>/<xx>/<uuid>}, where {@code xx} is the first two hex digits of the
 * UUID; the same layout for persisted locations. Each file is one blob in the
 * {@link BlobFormat}, verified on every read, its version id included. Beside the shards, the
 * root holds the marker {@value OwnedFolder#MARKER} (see {@link OwnedFolder}), the lock file
 * {@code .lock} and, once a blob failed verification, {@code quarantine/}.
 *
 * <ul>
 *   <li><b>Ownership.</b> The root is a folder FileBacked made, or found empty and marked; a
 *       folder holding anything else is refused. Sanitizing and destroying remove only files of
 *       FileBacked's own naming, and never a quarantined blob.
 *   <li><b>Shards on demand.</b> A shard is made by the first write into it, so opening and
 *       destroying an empty store does no per-shard work.
 *   <li><b>Atomic writes.</b> A blob is written to a temporary file in its shard and renamed
 *       into place, so a reader or a crash never sees half a blob. With
 *       {@link BlobSync#FSYNC} the file and its shard are fsynced first.
 *   <li><b>Recycled files.</b> A deleted blob's file is renamed away and kept for a later
 *       write to overwrite ({@link RecycledFiles}), unless a persisted location shares it. So
 *       {@code delete(id)} must not race a {@code read(id)} of the same blob; the pool never
 *       deletes a version while a reader holds it.
 *   <li><b>Persist and register</b> are hard links (blobs are immutable, so sharing the inode is
 *       safe), with a copy where linking fails, for example across filesystems.
 *   <li><b>Sanitize.</b> Opening the store, or preparing a location, removes leftover temporary
 *       files of interrupted writes; anything else unexpected is left in place and logged.
 *   <li><b>Lock.</b> An open store holds {@code <root>/.lock}; a second opener gets an error
 *       naming the holder's pid and host.
 *   <li><b>Permissions.</b> Directories are created 0700 and files 0600.
 *   <li><b>Failures</b> say what kind they are: no space left is a
 *       {@link BlobStoreFullException} (a {@link BlobTooLargeException} when the blob is larger
 *       than the whole filesystem), a missing file a {@link BlobNotFoundException}, a failed
 *       verification a {@link dev.filebacked.spi.CorruptBlobException}, and any other I/O error
 *       a plain {@link BlobStoreException}, which may pass.
 * </ul>
 */
public final class FileBlobStore implements BlobStore {

  private static final System.Logger LOG = System.getLogger(FileBlobStore.class.getName());

  /** Creates a hard link; replaceable in tests to force the copy fallback. */
  @FunctionalInterface
  interface Linker {
    void link(Path link, Path existing) throws IOException;
  }

  /** The most one read call reads: a chunk that a core's cache holds (see {@link #readAndSum}). */
  private static final int READ_CHUNK = 256 << 10;

  /** The folder of a persistent pool's journal, beside the shards; written by the pool. */
  public static final String JOURNAL = "journal";

  private static final Set<String> ROOT_ENTRIES = Set.of(OwnedFolder.MARKER,
      DirectoryLock.FILE_NAME, ShardedDirectory.QUARANTINE, JOURNAL);

  private final ShardedDirectory directory;
  private final BlobSync blobSync;
  private final Linker linker;
  private final String owner;
  private final Path reserved;
  /** Whether opening lists and cleans the shards; a persistent pool's clean reopen skips it. */
  private final boolean scanAtOpen;
  /** The folder once opened (made or claimed, locked, cleaned); {@code null} until then. */
  private volatile Opened opened;
  private final ConcurrentHashMap<Path, Set<Path>> unsynced = new ConcurrentHashMap<>();
  private final AtomicBoolean linkFallbackLogged = new AtomicBoolean();
  /** Whether the folder itself (its marker, its entry in its parent) was made durable. */
  private final AtomicBoolean folderDurable = new AtomicBoolean();
  /** Shards whose entry in the root is known durable: FSYNC writes into them need no root sync. */
  private final Set<String> durableShards = ConcurrentHashMap.newKeySet();
  private final AtomicLong blobs = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final RecycledFiles recycled = new RecycledFiles();
  private volatile boolean closed;
  /** Runs where a rename found the target's shard missing. For tests: a racing writer. */
  volatile Runnable onMissingShard = () -> { };

  /** An opened folder: its claim, its lock, and the blobs it held when opened. */
  private record Opened(OwnedFolder folder, DirectoryLock lock, Set<UUID> ids) {}

  private FileBlobStore(Path root, BlobSync sync, String owner, Linker linker,
      boolean lazily, boolean scan) {
    this.directory = new ShardedDirectory(root);
    this.blobSync = Objects.requireNonNull(sync, "sync");
    this.linker = linker;
    this.owner = owner;
    this.scanAtOpen = scan;
    this.reserved = DirectoryLock.reserve(directory.root());
    try {
      if (!lazily || Files.exists(directory.root(), LinkOption.NOFOLLOW_LINKS)) {
        opened = openFolder();
      }
    } catch (RuntimeException e) {
      DirectoryLock.unreserve(reserved);
      throw e;
    }
  }

  /** Makes or claims the folder, locks it and cleans it. */
  private Opened openFolder() {
    OwnedFolder folder = OwnedFolder.claim(directory.root(), OwnedFolder.Kind.STORE, owner);
    DirectoryLock lock = DirectoryLock.lockReserved(reserved);
    try {
      if (blobSync == BlobSync.FSYNC || !scanAtOpen) {
        // A persistent pool's folder must outlive a power cut from the start, whatever its
        // durability: a marker torn by one would make the folder unusable.
        try {
          makeFolderDurable();
        } catch (IOException e) {
          throw WriteFailures.of(e, directory.root(), 0);
        }
      }
      directory.checkRoot(ROOT_ENTRIES);
      Set<UUID> ids = scanAtOpen ? scanShards() : Set.of();
      return new Opened(folder, lock, ids);
    } catch (RuntimeException e) {
      lock.unlock();
      throw e;
    }
  }

  /**
   * Lists the blobs in the shards, removing leftovers of interrupted writes, and counts them in
   * {@link #usage}. Done when the store opens, unless it was opened with
   * {@link #openPersistent}, whose pool calls it only after an unclean stop.
   */
  public Set<UUID> scanShards() {
    Set<UUID> ids = Set.copyOf(directory.sanitizeShards());
    for (UUID id : ids) {
      counted(directory.pathOf(id));
    }
    return ids;
  }

  /**
   * The blobs in the shards that {@code live} does not name, leftovers of interrupted writes
   * removed: what a persistent pool's reopen after an unclean stop deletes. Blobs named in
   * {@code live} are taken on their name and not counted in {@link #usage}: see
   * {@link #countRecovered} and {@link #countBytesOf}.
   */
  public Set<UUID> scanShardsForOrphans(Set<UUID> live) {
    Set<UUID> orphans = new HashSet<>(directory.sanitizeShards(live::contains));
    orphans.removeAll(live);
    return orphans;
  }

  /** Adds the sizes of the blobs {@code ids} to {@link #usage}'s bytes, a stat each. */
  public void countBytesOf(Collection<UUID> ids) {
    for (UUID id : ids) {
      try {
        bytes.addAndGet(Files.size(directory.pathOf(id)));
      } catch (IOException e) {
        // Gone meanwhile: nothing to count.
      }
    }
  }

  /**
   * Adds blobs a persistent pool's index accounts for to {@link #usage}, for a store opened
   * without scanning its shards.
   */
  public void countRecovered(long blobCount, long byteCount) {
    blobs.addAndGet(blobCount);
    bytes.addAndGet(byteCount);
  }

  /** The opened folder, opening it now if this store was opened lazily. */
  private Opened opened() {
    Opened now = opened;
    if (now != null) {
      return now;
    }
    synchronized (this) {
      ensureOpen();
      if (opened == null) {
        opened = openFolder();
      }
      return opened;
    }
  }

  /** Opens (creating if needed) the store at {@code root}, without fsync on write. */
  public static FileBlobStore open(Path root) {
    return open(root, BlobSync.NONE);
  }

  /**
   * Opens the store whose folder is {@code root}: made if missing, claimed if empty, reopened if
   * it is a store folder already; refused if it holds anything else.
   */
  public static FileBlobStore open(Path root, BlobSync sync) {
    return open(root, sync, (String) null);
  }

  /**
   * Like {@link #open(Path, BlobSync)}, recording {@code owner} (a cache's name, say) in the
   * folder's marker and refusing a folder recorded for another owner: two names that map to one
   * folder never share it.
   */
  public static FileBlobStore open(Path root, BlobSync sync, String owner) {
    return new FileBlobStore(root, sync, owner, Files::createLink, false, true);
  }

  /**
   * Like {@link #open(Path, BlobSync, String)} for a persistent pool, whose journal knows what
   * the shards hold: opening checks and locks the folder but does not list the shards (a
   * million blobs take seconds to list); the pool calls {@link #scanShards} when it must.
   */
  public static FileBlobStore openPersistent(Path root, BlobSync sync, String owner) {
    return new FileBlobStore(root, sync, owner, Files::createLink, false, false);
  }

  /**
   * Like {@link #open(Path, BlobSync, String)}, but a folder that does not exist yet is made
   * only when the first blob is written: a cache whose values never leave memory costs no disk
   * I/O at all. An existing folder is opened (checked, locked, cleaned) at once, and a second
   * store of this process on the same folder is refused at once; a lock held by another process
   * on a folder made meanwhile is met by the first write, which fails with it.
   */
  public static FileBlobStore openLazily(Path root, BlobSync sync, String owner) {
    return new FileBlobStore(root, sync, owner, Files::createLink, true, true);
  }

  static FileBlobStore open(Path root, BlobSync sync, Linker linker) {
    return new FileBlobStore(root, sync, null, linker, false, true);
  }

  /** Whether the store fsyncs each blob it writes. */
  public BlobSync blobSync() {
    return blobSync;
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
    Opened now = opened;
    return now == null ? Set.of() : now.ids();
  }

  @Override
  public void write(UUID id, Blob blob) {
    ensureOpen();
    opened();
    Path target = directory.pathOf(id);
    Path temp = recycled.take();
    long length;
    try {
      FileChannel opened = temp == null ? null : openRecycled(temp);
      boolean reused = opened != null;
      if (!reused) {
        temp = directory.newTempFile(id);
        opened = createTempFile(id, temp);
      }
      try (FileChannel channel = opened) {
        ByteBuffer header = BlobFormat.header(id, blob);
        length = (long) header.remaining() + blob.key().length + blob.value().length;
        long remaining = length;
        ByteBuffer[] parts = {header, ByteBuffer.wrap(blob.key()), ByteBuffer.wrap(blob.value())};
        while (remaining > 0) {
          remaining -= channel.write(parts);
        }
        if (reused) {
          channel.truncate(length); // it may have held a longer blob
        }
        if (blobSync == BlobSync.FSYNC) {
          channel.force(true);
        }
      }
      publish(id, temp, target);
      blobs.incrementAndGet();
      bytes.addAndGet(length);
      if (blobSync == BlobSync.FSYNC) {
        fsync(target.getParent());
        makeShardDurable(target.getParent());
      }
    } catch (IOException e) {
      deleteQuietly(temp);
      throw WriteFailures.of(e, target, (long) BlobFormat.FIXED_HEADER_BYTES + blob.key().length
          + blob.value().length);
    }
  }

  /**
   * Renames a written file into place. A recycled file comes from another shard, so the
   * target's shard may not exist yet.
   */
  private void publish(UUID id, Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (NoSuchFileException e) {
      onMissingShard.run();
      // Made here, or by another writer since the rename failed: either way, rename again (a
      // missing source then fails again, as it should).
      makeShard(id);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Creates a temporary file in the blob's shard, making the shard on first use. */
  private FileChannel createTempFile(UUID id, Path temp) throws IOException {
    Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
    try {
      return FileChannel.open(temp, options, FilePermissions.ownerOnlyFile());
    } catch (NoSuchFileException e) {
      makeShard(id);
      return FileChannel.open(temp, options, FilePermissions.ownerOnlyFile());
    }
  }

  /**
   * Makes the shard of {@code id}, which a write found missing (fsyncing the root, so that the
   * new shard survives a power loss, when asked to); returns whether it did.
   */
  private boolean makeShard(UUID id) throws IOException {
    boolean made = directory.ensureShard(id);
    if (made && blobSync == BlobSync.FSYNC) {
      makeShardDurable(directory.shardOf(id));
    }
    return made;
  }

  /**
   * Makes {@code shard}'s entry in the root durable, unless this store knows it is: a write that
   * finds the shard made by another thread must not return before that thread's root sync.
   */
  private void makeShardDurable(Path shard) throws IOException {
    String name = shard.getFileName().toString();
    if (!durableShards.contains(name)) {
      fsync(directory.root());
      durableShards.add(name);
    }
  }

  /**
   * Makes the folder itself durable once: its marker's content and name, and its entry in its
   * parent (and the parent's in the grandparent, which opening may have made too). Without it,
   * a power cut could take a freshly made folder, with the blobs written into it, away.
   */
  private void makeFolderDurable() throws IOException {
    if (folderDurable.get()) {
      return;
    }
    Path root = directory.root();
    fsync(root.resolve(OwnedFolder.MARKER));
    fsync(root);
    Path parent = root.getParent();
    if (parent != null) {
      fsync(parent);
      if (parent.getParent() != null) {
        fsync(parent.getParent());
      }
    }
    folderDurable.set(true);
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
    return read(id, BlobView::copy);
  }

  /**
   * Reads the whole file into a buffer of {@link ReadBuffers}, verifies it there and lends it to
   * {@code reader}, then takes the buffer back: no array is allocated for the blob, and
   * {@code reader} decodes straight from the bytes the checksum covered.
   */
  @Override
  public <R> R read(UUID id, Function<BlobView, R> reader) {
    ensureOpen();
    if (opened == null) {
      throw new BlobNotFoundException("No blob at " + directory.pathOf(id) + " (nothing was "
          + "written to this store yet)");
    }
    return readAt(directory.pathOf(id), id, reader);
  }

  @Override
  public Blob readPersisted(PersistedLocation location, UUID id) {
    ensureOpen();
    return readAt(locationOf(location).pathOf(id), id, BlobView::copy);
  }

  private static <R> R readAt(Path path, UUID id, Function<BlobView, R> reader) {
    ByteBuffer buffer = null;
    try {
      int checksum;
      try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
        int size = BlobFormat.checkLength(channel.size(), path);
        buffer = ReadBuffers.SHARED.take(size);
        checksum = readAndSum(channel, buffer, path);
      } catch (NoSuchFileException e) {
        throw new BlobNotFoundException("No blob at " + path);
      } catch (IOException e) {
        throw new BlobStoreException("Cannot read blob " + path + ": " + e, e);
      }
      // Verified and lent after the file is closed: decoding holds no descriptor.
      return reader.apply(BlobFormat.verify(buffer.flip(), checksum, path, id));
    } finally {
      if (buffer != null) {
        ReadBuffers.SHARED.give(buffer);
      }
    }
  }

  /**
   * Fills {@code buffer} from the start of the file a chunk at a time, summing each chunk while
   * it is in the CPU's cache; returns the blob's {@link BlobChecksum}. Chunks also keep small
   * the direct buffer the JDK reads a heap buffer through, which it keeps for each thread.
   */
  private static int readAndSum(FileChannel channel, ByteBuffer buffer, Path path)
      throws IOException {
    BlobChecksum checksum = new BlobChecksum();
    int end = buffer.limit();
    while (buffer.position() < end) {
      int from = buffer.position();
      buffer.limit(Math.min(end, from + READ_CHUNK));
      if (channel.read(buffer, from) < 0) {
        throw BlobFormat.corrupt(path, "the file shrank while it was read");
      }
      checksum.update(buffer, from, buffer.position());
    }
    buffer.limit(end);
    return checksum.value();
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
  public String quarantine(UUID id) {
    ensureOpen();
    if (opened == null) {
      return null;
    }
    Path path = directory.pathOf(id);
    long size = sizeOrZero(path);
    Path kept = directory.quarantine(id);
    if (kept == null) {
      return null;
    }
    blobs.decrementAndGet();
    bytes.addAndGet(-size);
    return kept.toString();
  }

  private static long sizeOrZero(Path path) {
    try {
      return Files.size(path);
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public Set<UUID> ids() {
    ensureOpen();
    return opened == null ? Set.of() : directory.list();
  }

  @Override
  public Set<UUID> prepare(PersistedLocation location) {
    ensureOpen();
    ShardedDirectory target = locationOf(location);
    OwnedFolder.claim(target.root(), OwnedFolder.Kind.LOCATION, null);
    return target.sanitize(Set.of(OwnedFolder.MARKER, ShardedDirectory.QUARANTINE));
  }

  @Override
  public String quarantinePersisted(PersistedLocation location, UUID id) {
    ensureOpen();
    Path kept = locationOf(location).quarantine(id);
    return kept == null ? null : kept.toString();
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
    opened();
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

  /**
   * Makes the blobs {@code ids} durable, written without fsync before: each file, then each shard
   * holding them and the root. Many files are fsynced from several threads at once, which lets
   * the filesystem commit them together (on ext4, 64 threads fsync small files about ten times
   * faster than one).
   */
  public void makeDurable(Collection<UUID> ids) {
    ensureOpen();
    Set<Path> shards = new HashSet<>();
    List<Path> files = new ArrayList<>(ids.size());
    for (UUID id : ids) {
      files.add(directory.pathOf(id));
      shards.add(directory.shardOf(id));
    }
    ParallelFsync.of(files, true);
    ParallelFsync.of(shards, false);
    try {
      fsync(directory.root());
      makeFolderDurable();
    } catch (IOException e) {
      throw WriteFailures.of(e, directory.root(), 0);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Opened now = opened;
    if (now == null) {
      DirectoryLock.unreserve(reserved);
      return;
    }
    try {
      recycled.clear();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "Could not remove a recycled file of " + directory.root()
          + "; the next open removes it", e);
    } finally {
      now.lock().close();
    }
  }

  /**
   * Closes the store and deletes its blobs, then its lock file, marker and folder; a folder
   * that still holds something (quarantined blobs, files FileBacked did not write) stays, with
   * its marker, and is logged. All of it happens while the store still holds the folder's lock,
   * so no other store can open the folder before the deleting is done.
   */
  @Override
  public synchronized void destroy() {
    Opened now = opened;
    if (now == null) {
      close(); // never opened: nothing of ours on disk
      return;
    }
    DirectoryLock held = closed ? DirectoryLock.acquire(directory.root()) : now.lock();
    closed = true;
    try {
      deleteOwnContent(now.folder());
    } finally {
      held.close();
    }
  }

  private void deleteOwnContent(OwnedFolder folder) {
    Path root = directory.root();
    try {
      recycled.clear();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "Could not remove a recycled file of " + root, e);
    }
    List<Path> left = directory.deleteOwnFiles();
    blobs.set(0);
    bytes.set(0);
    try {
      Files.deleteIfExists(root.resolve(ShardedDirectory.QUARANTINE)); // only if empty
    } catch (DirectoryNotEmptyException e) {
      LOG.log(Level.INFO, "Keeping {0} with its quarantined blobs for a person to look at",
          root.resolve(ShardedDirectory.QUARANTINE));
      return;
    } catch (IOException e) {
      throw new BlobStoreException("Cannot delete store directory " + root + ": " + e, e);
    }
    if (!left.isEmpty()) {
      LOG.log(Level.WARNING, "Keeping store directory {0}: it holds {1} files FileBacked did not "
          + "write, such as {2}", root, left.size(), left.get(0));
      return;
    }
    try {
      // Unlinked while still locked; an opener that already had it open finds it gone after
      // locking it, and opens anew (see DirectoryLock.acquire).
      Files.deleteIfExists(root.resolve(DirectoryLock.FILE_NAME));
    } catch (IOException e) {
      throw new BlobStoreException("Cannot delete " + root.resolve(DirectoryLock.FILE_NAME)
          + ": " + e, e);
    }
    if (!folder.release()) {
      LOG.log(Level.DEBUG, "Store directory {0} stays: FileBacked did not make it, or it holds "
          + "something FileBacked did not write", root);
    }
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
      to.ensureShard(id);
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
      if (blobSync == BlobSync.FSYNC) {
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
      throw WriteFailures.of(e, target, sizeOrZero(from));
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

  static void fsync(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    }
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
    return "FileBlobStore[" + directory.root() + ", " + blobSync + "]";
  }
}
