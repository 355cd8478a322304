package dev.filebacked.core.store;

import dev.filebacked.spi.Blob;
import dev.filebacked.spi.BlobStoreException;
import dev.filebacked.spi.BlobView;
import dev.filebacked.spi.CorruptBlobException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The on-disk format of one blob file. All integers are big-endian.
 *
 * <pre>
 * offset  size  field
 *      0     4  magic "FBLB"
 *      4     2  format version (2)
 *      6     1  codec id length n (1..255)
 *      7     1  reserved, 0
 *      8     4  codec format version
 *     12     4  key length
 *     16     4  value length
 *     20    16  version id: the blob's UUID, most significant half first
 *     36     4  CRC32C of bytes 0..35, the codec id, the key and the value
 *     40     n  codec id, UTF-8
 *   40+n        key bytes, then value bytes
 * </pre>
 *
 * <p>The file length must equal {@code 40 + n + key length + value length}; anything else is a
 * truncated or padded file. Every read verifies the magic, version, lengths, checksum, and that
 * the version id is the one asked for: a blob copied or moved over another's file is corrupt,
 * never another version's value. (The key is checked by the pool, which knows it.)
 */
public final class BlobFormat {

  static final int MAGIC = 0x46424C42; // "FBLB"
  static final short FORMAT_VERSION = 2;
  static final int FIXED_HEADER_BYTES = 40;
  private static final int ID_OFFSET = 20;
  static final int CRC_OFFSET = 36;

  private BlobFormat() {}

  /** The header of {@code blob}: the fixed part and the codec id, checksum filled in. */
  static ByteBuffer header(UUID id, Blob blob) {
    byte[] codecId = blob.codecId().getBytes(StandardCharsets.UTF_8);
    ByteBuffer header = ByteBuffer.allocate(FIXED_HEADER_BYTES + codecId.length)
        .order(ByteOrder.BIG_ENDIAN);
    header.putInt(MAGIC)
        .putShort(FORMAT_VERSION)
        .put((byte) codecId.length)
        .put((byte) 0)
        .putInt(blob.codecVersion())
        .putInt(blob.key().length)
        .putInt(blob.value().length)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .putInt(0)
        .put(codecId);
    BlobChecksum checksum = new BlobChecksum();
    checksum.update(header.array());
    checksum.update(blob.key());
    checksum.update(blob.value());
    header.putInt(CRC_OFFSET, checksum.value());
    return header.flip();
  }

  /**
   * Refuses a file too short to be a blob before anything is read; its length is then the size
   * of the buffer the whole blob is read into.
   */
  static int checkLength(long size, Path path) {
    if (size == 0) {
      throw corrupt(path, "the file is empty (0 bytes); a blob has at least a "
          + FIXED_HEADER_BYTES + "-byte header");
    }
    if (size < FIXED_HEADER_BYTES) {
      throw corrupt(path, "the file is truncated: " + size + " bytes, shorter than the "
          + FIXED_HEADER_BYTES + "-byte header");
    }
    if (size > Integer.MAX_VALUE) {
      // Not corrupt: a 2 GiB value with its key and header can exceed one buffer.
      throw new BlobStoreException("Cannot read blob " + path + ": it is " + size + " bytes, "
          + "more than one read buffer holds (" + Integer.MAX_VALUE + ")");
    }
    return (int) size;
  }

  /**
   * Verifies the blob {@code id} read whole into {@code blob} (position 0, limit the file's
   * length), whose file is {@code path} and whose {@link BlobChecksum} the read computed as
   * {@code actualCrc}, and returns a view of it: slices of {@code blob}, valid as long as it
   * is.
   */
  static BlobView verify(ByteBuffer blob, int actualCrc, Path path, UUID id) {
    int magic = blob.getInt(0);
    if (magic != MAGIC) {
      throw corrupt(path, String.format("it is not a FileBacked blob (magic 0x%08x, expected "
          + "0x%08x)", magic, MAGIC));
    }
    short version = blob.getShort(4);
    if (version != FORMAT_VERSION) {
      throw corrupt(path, "unknown blob format version " + version + " (this build reads "
          + FORMAT_VERSION + ")");
    }
    int codecIdLength = Byte.toUnsignedInt(blob.get(6));
    int codecVersion = blob.getInt(8);
    int keyLength = blob.getInt(12);
    int valueLength = blob.getInt(16);
    int storedCrc = blob.getInt(CRC_OFFSET);
    if (codecIdLength == 0 || keyLength < 0 || valueLength < 0) {
      throw corrupt(path, "the header holds impossible lengths (codec id " + codecIdLength
          + ", key " + keyLength + ", value " + valueLength + ")");
    }
    long size = blob.limit();
    long expected = FIXED_HEADER_BYTES + (long) codecIdLength + keyLength + valueLength;
    if (size != expected) {
      throw corrupt(path, "the file is " + (size < expected ? "truncated" : "padded") + ": "
          + size + " bytes, the header says " + expected);
    }
    if (actualCrc != storedCrc) {
      throw corrupt(path, String.format("checksum mismatch (stored 0x%08x, computed 0x%08x): "
          + "the file was modified or damaged", storedCrc, actualCrc));
    }
    UUID named = new UUID(blob.getLong(ID_OFFSET), blob.getLong(ID_OFFSET + 8));
    if (!named.equals(id)) {
      throw corrupt(path, "it names version " + named + ", not " + id + " (a blob file copied "
          + "or moved over another)");
    }
    byte[] codecId = new byte[codecIdLength];
    blob.get(FIXED_HEADER_BYTES, codecId);
    int keyAt = FIXED_HEADER_BYTES + codecIdLength;
    try {
      return new BlobView(new String(codecId, StandardCharsets.UTF_8), codecVersion,
          blob.slice(keyAt, keyLength),
          blob.slice(keyAt + keyLength, valueLength));
    } catch (IllegalArgumentException e) {
      throw corrupt(path, "the codec id is invalid: " + e.getMessage());
    }
  }

  static CorruptBlobException corrupt(Path path, String why) {
    return new CorruptBlobException("Corrupt blob " + path + ": " + why);
  }
}
