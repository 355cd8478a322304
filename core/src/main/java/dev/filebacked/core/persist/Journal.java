package dev.filebacked.core.persist;

import dev.filebacked.core.store.WriteFailures;
import dev.filebacked.spi.BlobStoreException;
import dev.filebacked.spi.BlobStoreFullException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * The appending end of a persistent pool's journal: records go to the current segment file,
 * and {@link #sync} makes them durable with one fsync for every record appended so far, however
 * many threads wait for it (group commit: a thread that finds its record covered by a sync that
 * ran meanwhile returns without one).
 *
 * <p>Each segment starts with a header naming its number and the boot of the machine it was
 * written in (see {@link BootId}); a segment is written within one run only, as opening a
 * journal always starts a new segment. A record that cannot be appended whole (a full disk) is
 * cut off again, so that the journal never holds half a record in front of later ones; if even
 * that fails, the journal refuses every later append, and the next open cuts it.
 */
public final class Journal implements AutoCloseable {

  static final int SEGMENT_MAGIC = 0x46424A4C; // "FBJL"
  static final short FORMAT_VERSION = 1;
  /** magic, version, reserved, number, boot id, checksum. */
  static final int SEGMENT_HEADER_BYTES = 4 + 2 + 2 + 8 + 16 + 4;
  /** A segment this long is closed and the next one started. */
  static final long SEGMENT_BYTES = 64L << 20;

  private final Path dir;
  private final UUID bootId;
  private final Object appendLock = new Object();
  private final ReentrantLock syncLock = new ReentrantLock();
  private FileChannel segment;
  private long segmentNumber;
  private long segmentLength;
  /** Bytes appended by this journal, all segments together: the ticket {@link #sync} takes. */
  private long appended;
  private volatile long synced;
  private volatile RuntimeException broken;
  private boolean closed;

  private Journal(Path dir, UUID bootId) {
    this.dir = dir;
    this.bootId = bootId;
  }

  /** Starts segment {@code firstSegment} in {@code dir} (made if missing) for appending. */
  public static Journal start(Path dir, UUID bootId, long firstSegment) {
    Journal journal = new Journal(dir, bootId);
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        JournalFiles.fsync(dir.getParent()); // the folder's entry, before any segment counts
      }
      synchronized (journal.appendLock) {
        journal.startSegment(firstSegment);
      }
    } catch (IOException e) {
      throw failure("Cannot start the journal in " + dir, e);
    }
    return journal;
  }

  /** The folder. */
  public Path folder() {
    return dir;
  }

  /**
   * Appends {@code record}; returns the ticket to {@link #sync} for it to be durable.
   *
   * @throws BlobStoreFullException if the disk has no room for it (nothing of it stays)
   * @throws BlobStoreException for another failure
   */
  public long append(JournalRecord record) {
    ByteBuffer bytes = JournalRecord.encode(record);
    synchronized (appendLock) {
      ensureUsable();
      if (segmentLength >= SEGMENT_BYTES) {
        rotateLocked();
      }
      long before = segmentLength;
      try {
        while (bytes.hasRemaining()) {
          segmentLength += segment.write(bytes);
        }
      } catch (IOException e) {
        cutBack(before, e);
        throw failure("Cannot append to journal segment " + currentPath(), e);
      }
      appended += segmentLength - before;
      return appended;
    }
  }

  /** Makes every record up to {@code ticket} durable, sharing the fsync with concurrent calls. */
  public void sync(long ticket) {
    if (synced >= ticket) {
      return;
    }
    syncLock.lock();
    try {
      if (synced >= ticket) {
        return;
      }
      long target;
      FileChannel channel;
      synchronized (appendLock) {
        ensureUsable();
        target = appended;
        channel = segment;
      }
      channel.force(false);
      synced = target;
    } catch (IOException e) {
      throw failure("Cannot sync journal segment " + currentPath(), e);
    } finally {
      syncLock.unlock();
    }
  }

  /** The ticket of the last record appended so far. */
  public long appended() {
    synchronized (appendLock) {
      return appended;
    }
  }

  /** The ticket up to which records are durable. */
  public long synced() {
    return synced;
  }

  /** Makes everything appended so far durable. */
  public void syncAll() {
    long target;
    synchronized (appendLock) {
      target = appended;
    }
    sync(target);
  }

  /**
   * Closes the current segment (durable) and starts the next; returns the new segment's number:
   * every record appended before this call is in an earlier segment. A checkpoint taken now
   * covers the segments before it.
   */
  public long rotate() {
    synchronized (appendLock) {
      ensureUsable();
      rotateLocked();
      return segmentNumber;
    }
  }

  private void rotateLocked() {
    long next = segmentNumber + 1;
    try {
      segment.force(false);
      segment.close();
      startSegment(next);
    } catch (IOException e) {
      broken = failure("Cannot start journal segment " + JournalFiles.segment(dir, next), e);
      throw broken;
    }
  }

  private void startSegment(long number) throws IOException {
    Path path = JournalFiles.segment(dir, number);
    FileChannel channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE));
    try {
      ByteBuffer header = header(number, bootId);
      while (header.hasRemaining()) {
        channel.write(header);
      }
    } catch (IOException e) {
      channel.close();
      Files.deleteIfExists(path);
      throw e;
    }
    // The folder is synced at once, so that segments exist in the order they were started: a
    // power cut never keeps a later segment and loses an earlier one.
    JournalFiles.fsync(dir);
    segment = channel;
    segmentNumber = number;
    segmentLength = SEGMENT_HEADER_BYTES;
  }

  /** Deletes the segments numbered below {@code number}, which a durable checkpoint covers. */
  public void deleteSegmentsBefore(long number) {
    for (Path old : JournalFiles.segments(dir).headMap(number).values()) {
      try {
        Files.deleteIfExists(old);
      } catch (IOException e) {
        throw failure("Cannot delete journal segment " + old, e);
      }
    }
  }

  /**
   * Deletes the journal files in {@code dir} (segments, checkpoints, their temporary files) and
   * the folder itself if nothing else is in it. For a pool being destroyed, whose journal is
   * closed.
   */
  public static void deleteFolder(Path dir) {
    List<Path> ours = new ArrayList<>(JournalFiles.segments(dir).values());
    ours.addAll(JournalFiles.checkpoints(dir).values());
    ours.addAll(JournalFiles.temporaries(dir));
    try {
      for (Path file : ours) {
        Files.deleteIfExists(file);
      }
      if (JournalFiles.foreign(dir).isEmpty()) {
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw failure("Cannot delete the journal in " + dir, e);
    }
  }

  /** Closes the current segment without syncing it, as a killed process leaves it. */
  public void abandon() {
    synchronized (appendLock) {
      closed = true;
      try {
        segment.close();
      } catch (IOException e) {
        // As a killed process: nothing to do about it.
      }
    }
  }

  /** Closes the current segment, durable. */
  @Override
  public void close() {
    synchronized (appendLock) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (broken == null) {
          segment.force(false);
        }
        segment.close();
      } catch (IOException e) {
        throw failure("Cannot close journal segment " + currentPath(), e);
      }
    }
  }

  private void cutBack(long length, IOException cause) {
    try {
      segment.truncate(length);
      segment.position(length);
      segmentLength = length;
    } catch (IOException e) {
      broken = failure("Journal segment " + currentPath() + " holds part of a record that could "
          + "not be cut off (" + e + "); reopen the cache to repair it", cause);
    }
  }

  private void ensureUsable() {
    if (broken != null) {
      throw broken;
    }
    if (closed) {
      throw new IllegalStateException("The journal in " + dir + " is closed");
    }
  }

  private Path currentPath() {
    return JournalFiles.segment(dir, segmentNumber);
  }

  static ByteBuffer header(long number, UUID bootId) {
    ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
    header.putInt(SEGMENT_MAGIC).putShort(FORMAT_VERSION).putShort((short) 0).putLong(number)
        .putLong(bootId.getMostSignificantBits()).putLong(bootId.getLeastSignificantBits());
    CRC32C crc = new CRC32C();
    crc.update(header.array(), 0, SEGMENT_HEADER_BYTES - 4);
    header.putInt((int) crc.getValue());
    return header.flip();
  }

  /** A failure as the store reports it: no space is a {@link BlobStoreFullException}. */
  static BlobStoreException failure(String what, IOException e) {
    String message = what + ": " + e;
    if (WriteFailures.isNoSpace(e)) {
      return new BlobStoreFullException(message + "; free some space, the cache keeps what it "
          + "stored", e);
    }
    return new BlobStoreException(message, e);
  }
}
