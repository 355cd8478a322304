package dev.filebacked.core.store;

import dev.filebacked.spi.BlobStoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive ownership of a store directory, held through an OS file lock on
 * {@code <root>/.lock}, whose content names the holder ({@code pid@host}) so that a second opener
 * can say who is in the way. The file outlives the lock: only destroying a store removes it,
 * while still holding it, and an opener that locked the removed file is refused. Its content is
 * only meaningful while someone holds it.
 *
 * <p>OS file locks are per process, so opens within this JVM are tracked separately.
 */
final class DirectoryLock implements AutoCloseable {

  static final String FILE_NAME = ".lock";
  private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

  private final Path root;
  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(Path root, Path file, FileChannel channel, FileLock lock) {
    this.root = root;
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** Reserves {@code directory} in this process and locks it. */
  static DirectoryLock acquire(Path directory) {
    Path root = reserve(directory);
    try {
      return lockReserved(root);
    } catch (RuntimeException e) {
      unreserve(root);
      throw e;
    }
  }

  /**
   * Reserves {@code directory} for one store of this process, touching no file: a second
   * reservation in this process fails at once. Returns the normalized path to lock it by.
   */
  static Path reserve(Path directory) {
    Path root = directory.toAbsolutePath().normalize();
    if (!HELD_IN_THIS_JVM.add(root)) {
      throw new BlobStoreException("Directory " + root + " is already in use by another store "
          + "in this process (pid " + ProcessHandle.current().pid() + "); close that store "
          + "first or choose another directory");
    }
    return root;
  }

  /** Gives up a reservation that was never locked (or whose lock was given up). */
  static void unreserve(Path root) {
    HELD_IN_THIS_JVM.remove(root);
  }

  /**
   * Takes the OS lock of a directory this process {@link #reserve reserved}, which must exist.
   * On failure the reservation stays: it is the caller's to give up.
   */
  static DirectoryLock lockReserved(Path root) {
    Path file = root.resolve(FILE_NAME);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE), FilePermissions.ownerOnlyFile());
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        throw new BlobStoreException("Directory " + root + " is already in use in this process "
            + "(pid " + ProcessHandle.current().pid() + ") under another path; close that "
            + "store first or choose another directory", e);
      }
      if (lock == null) {
        String holder = readHolder(channel);
        throw new BlobStoreException("Directory " + root + " is locked by " + holder
            + " (lock file " + file + "); stop that process or choose another directory");
      }
      if (!Files.exists(file)) {
        // Its last holder destroyed the folder after we opened the file: that lock guards
        // nothing any more.
        lock.release();
        throw new BlobStoreException("Directory " + root + " was destroyed by its last holder "
            + "while this store opened it; open it again");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(holderName().getBytes(StandardCharsets.UTF_8)), 0);
      return new DirectoryLock(root, file, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new BlobStoreException("Cannot lock directory " + root + " through " + file + ": "
          + e, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /** Releases the lock and the reservation. */
  @Override
  public void close() {
    try {
      unlock();
    } finally {
      HELD_IN_THIS_JVM.remove(root);
    }
  }

  /** Releases the OS lock only; this process keeps the directory reserved. */
  void unlock() {
    try {
      // The file stays: only a destroy, still holding it, removes it.
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new BlobStoreException("Cannot release the lock on " + root + " (" + file + "): "
          + e, e);
    }
  }

  private static String holderName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown-host";
    }
    return "pid " + ProcessHandle.current().pid() + " on host " + host;
  }

  private static String readHolder(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(256);
    channel.read(buffer, 0);
    String holder = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)
        .trim();
    return holder.isEmpty() ? "another process (it has not written its name yet)" : holder;
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // The original failure is the one worth reporting.
      }
    }
  }
}
