package dev.filebacked.core.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Files of deleted blobs kept for the next writes to fill, so that a cache replacing values
 * does not create and delete an inode per value. On ext4 a create in a churning directory costs
 * several times the write itself (its inode allocator scans for inodes not recently deleted);
 * renaming a kept file costs about as little as the unlink it replaces.
 *
 * <p>A kept file has a temporary name ({@code .<random>.free}) in the shard it came from, so no
 * reader can find it, and only a file with one link is kept: a blob also linked into a
 * persisted location must keep its contents, so its name is simply removed. At most
 * {@link #CAPACITY} files are kept; the rest are unlinked.
 */
final class RecycledFiles {

  static final String SUFFIX = ".free";
  static final int CAPACITY = 64;

  private static final boolean LINK_COUNT_KNOWN =
      FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

  private final ConcurrentLinkedQueue<Path> files = new ConcurrentLinkedQueue<>();
  private final AtomicInteger count = new AtomicInteger();

  /** A kept file to overwrite, or {@code null} if there is none. */
  Path take() {
    Path file = files.poll();
    if (file != null) {
      count.decrementAndGet();
    }
    return file;
  }

  /**
   * Keeps {@code file}, a deleted blob already renamed to a free name, if it has no other link
   * and there is room; otherwise unlinks it. Returns the file's size.
   */
  long keep(Path file) throws IOException {
    long size;
    boolean alone;
    if (LINK_COUNT_KNOWN) {
      var attributes = Files.readAttributes(file, "unix:size,nlink");
      size = (Long) attributes.get("size");
      alone = (Integer) attributes.get("nlink") == 1;
    } else {
      size = Files.size(file);
      alone = false; // cannot tell whether a persisted location shares it
    }
    if (alone && count.incrementAndGet() <= CAPACITY) {
      files.add(file);
    } else {
      if (alone) {
        count.decrementAndGet();
      }
      Files.deleteIfExists(file);
    }
    return size;
  }

  /** Unlinks every kept file. */
  void clear() throws IOException {
    for (Path file = take(); file != null; file = take()) {
      Files.deleteIfExists(file);
    }
  }
}
