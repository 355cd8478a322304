package dev.filebacked.core.persist;

import dev.filebacked.spi.BlobStoreException;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * A snapshot of a persistent pool's index, so that a reopen reads one file instead of replaying
 * the journal. Written to a temporary file, fsynced, renamed into place and its folder fsynced:
 * a checkpoint is whole or absent, never torn. Its name carries the number of the first journal
 * segment it does not cover; the segments before are deleted once it is durable.
 *
 * <pre>
 * header  magic "FBCK":int32 version:int16 reserved:int16 firstSegmentAfter:int64
 *         lastSeq:int64 storeBlobs:int64 storeBytes:int64 count:int64
 * entry   id:16 bytes expiresAt:int64 keyLength:int32 key     (count times)
 * trailer CRC32C of everything before it:int32
 * </pre>
 */
public final class Checkpoint {

  static final int MAGIC = 0x4642434B; // "FBCK"
  static final short FORMAT_VERSION = 1;
  static final int HEADER_BYTES = 4 + 2 + 2 + 8 + 8 + 8 + 8 + 8;

  /**
   * What a checkpoint holds: the entries, where the journal goes on from it, and what the blob
   * store held (so that a reopen knows its usage without listing a million files).
   */
  public record Contents(long firstSegmentAfter, long lastSeq, long storeBlobs, long storeBytes,
      List<IndexedEntry> entries) {}

  private Checkpoint() {}

  /**
   * Writes a checkpoint of {@code entries} (the state after change {@code lastSeq}, covering the
   * segments numbered below {@code firstSegmentAfter}) into {@code dir}, durably; returns its
   * path.
   */
  public static Path write(Path dir, Contents contents) {
    List<IndexedEntry> entries = contents.entries();
    Path target = JournalFiles.checkpoint(dir, contents.firstSegmentAfter());
    Path temp = JournalFiles.temporary(target);
    try {
      try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))) {
        CRC32C crc = new CRC32C();
        OutputStream raw = Channels.newOutputStream(channel);
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(
            new BufferedOutputStream(raw, 1 << 16), crc));
        out.writeInt(MAGIC);
        out.writeShort(FORMAT_VERSION);
        out.writeShort(0);
        out.writeLong(contents.firstSegmentAfter());
        out.writeLong(contents.lastSeq());
        out.writeLong(contents.storeBlobs());
        out.writeLong(contents.storeBytes());
        out.writeLong(entries.size());
        for (IndexedEntry entry : entries) {
          out.writeLong(entry.id().getMostSignificantBits());
          out.writeLong(entry.id().getLeastSignificantBits());
          out.writeLong(entry.expiresAt());
          out.writeInt(entry.key().length);
          out.write(entry.key());
        }
        out.flush();
        out.writeInt((int) crc.getValue());
        out.flush();
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      JournalFiles.fsync(dir);
      return target;
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // The next open removes it.
      }
      throw Journal.failure("Cannot write checkpoint " + target, e);
    }
  }

  /**
   * Reads and verifies the checkpoint at {@code file}.
   *
   * @throws BlobStoreException naming what is wrong, if it is damaged or not a checkpoint
   */
  public static Contents read(Path file) {
    ByteBuffer bytes;
    try {
      bytes = JournalFiles.readAll(file);
    } catch (IOException e) {
      throw new BlobStoreException("Cannot read checkpoint " + file + ": " + e, e);
    }
    if (bytes.remaining() < HEADER_BYTES + 4) {
      throw damaged(file, "it is " + bytes.remaining() + " bytes, shorter than a checkpoint");
    }
    int end = bytes.limit() - 4;
    CRC32C crc = new CRC32C();
    crc.update(bytes.array(), 0, end);
    if ((int) crc.getValue() != bytes.getInt(end)) {
      throw damaged(file, "checksum mismatch: the file was modified or damaged");
    }
    bytes.limit(end);
    if (bytes.getInt() != MAGIC) {
      throw damaged(file, "it is not a FileBacked checkpoint");
    }
    short version = bytes.getShort();
    if (version != FORMAT_VERSION) {
      throw damaged(file, "unknown checkpoint format " + version + " (this build reads "
          + FORMAT_VERSION + ")");
    }
    bytes.getShort();
    long firstSegmentAfter = bytes.getLong();
    long lastSeq = bytes.getLong();
    long storeBlobs = bytes.getLong();
    long storeBytes = bytes.getLong();
    long count = bytes.getLong();
    if (count < 0 || count > bytes.remaining() / 28) {
      throw damaged(file, "it claims " + count + " entries");
    }
    List<IndexedEntry> entries = new ArrayList<>((int) count);
    try {
      for (long i = 0; i < count; i++) {
        UUID id = new UUID(bytes.getLong(), bytes.getLong());
        long expiresAt = bytes.getLong();
        byte[] key = new byte[bytes.getInt()];
        bytes.get(key);
        entries.add(new IndexedEntry(key, id, expiresAt));
      }
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw damaged(file, "its entries end early");
    }
    if (bytes.hasRemaining()) {
      throw damaged(file, bytes.remaining() + " bytes follow its last entry");
    }
    return new Contents(firstSegmentAfter, lastSeq, storeBlobs, storeBytes, entries);
  }

  /** Deletes the checkpoints older than the one that ends before {@code firstSegmentAfter}. */
  public static void deleteOlderThan(Path dir, long firstSegmentAfter) {
    for (Path old : JournalFiles.checkpoints(dir).headMap(firstSegmentAfter).values()) {
      try {
        Files.deleteIfExists(old);
      } catch (IOException e) {
        throw new BlobStoreException("Cannot delete superseded checkpoint " + old + ": " + e, e);
      }
    }
  }

  private static BlobStoreException damaged(Path file, String why) {
    return new BlobStoreException("Damaged checkpoint " + file + ": " + why);
  }
}
