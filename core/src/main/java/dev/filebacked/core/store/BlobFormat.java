package dev.filebacked.core.store;

import dev.filebacked.spi.Blob;
import dev.filebacked.spi.CorruptBlobException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.zip.CRC32C;

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
  private static final int CRC_OFFSET = 36;

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
    header.putInt(CRC_OFFSET, checksum(header.array(), codecId, blob.key(), blob.value()));
    return header.flip();
  }

  /** Reads and verifies the blob {@code id} in {@code channel}, whose file is {@code path}. */
  static Blob read(FileChannel channel, Path path, UUID id) throws IOException {
    long size = channel.size();
    if (size == 0) {
      throw corrupt(path, "the file is empty (0 bytes); a blob has at least a "
          + FIXED_HEADER_BYTES + "-byte header");
    }
    if (size < FIXED_HEADER_BYTES) {
      throw corrupt(path, "the file is truncated: " + size + " bytes, shorter than the "
          + FIXED_HEADER_BYTES + "-byte header");
    }
    ByteBuffer fixed = ByteBuffer.allocate(FIXED_HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
    readFully(channel, fixed, 0);
    int magic = fixed.getInt(0);
    if (magic != MAGIC) {
      throw corrupt(path, String.format("it is not a FileBacked blob (magic 0x%08x, expected "
          + "0x%08x)", magic, MAGIC));
    }
    short version = fixed.getShort(4);
    if (version != FORMAT_VERSION) {
      throw corrupt(path, "unknown blob format version " + version + " (this build reads "
          + FORMAT_VERSION + ")");
    }
    int codecIdLength = Byte.toUnsignedInt(fixed.get(6));
    int codecVersion = fixed.getInt(8);
    int keyLength = fixed.getInt(12);
    int valueLength = fixed.getInt(16);
    int storedCrc = fixed.getInt(CRC_OFFSET);
    if (codecIdLength == 0 || keyLength < 0 || valueLength < 0) {
      throw corrupt(path, "the header holds impossible lengths (codec id " + codecIdLength
          + ", key " + keyLength + ", value " + valueLength + ")");
    }
    long expected = FIXED_HEADER_BYTES + (long) codecIdLength + keyLength + valueLength;
    if (size != expected) {
      throw corrupt(path, "the file is " + (size < expected ? "truncated" : "padded") + ": "
          + size + " bytes, the header says " + expected);
    }
    byte[] codecId = new byte[codecIdLength];
    byte[] key = new byte[keyLength];
    byte[] value = new byte[valueLength];
    ByteBuffer[] body = {ByteBuffer.wrap(codecId), ByteBuffer.wrap(key), ByteBuffer.wrap(value)};
    long position = FIXED_HEADER_BYTES;
    long remaining = expected - FIXED_HEADER_BYTES;
    channel.position(position);
    while (remaining > 0) {
      long n = channel.read(body);
      if (n < 0) {
        throw corrupt(path, "the file shrank while it was read");
      }
      remaining -= n;
    }
    fixed.putInt(CRC_OFFSET, 0);
    int actualCrc = checksum(fixed.array(), codecId, key, value);
    if (actualCrc != storedCrc) {
      throw corrupt(path, String.format("checksum mismatch (stored 0x%08x, computed 0x%08x): "
          + "the file was modified or damaged", storedCrc, actualCrc));
    }
    UUID named = new UUID(fixed.getLong(ID_OFFSET), fixed.getLong(ID_OFFSET + 8));
    if (!named.equals(id)) {
      throw corrupt(path, "it names version " + named + ", not " + id + " (a blob file copied "
          + "or moved over another)");
    }
    String codec = new String(codecId, StandardCharsets.UTF_8);
    try {
      return new Blob(codec, codecVersion, key, value);
    } catch (IllegalArgumentException e) {
      throw corrupt(path, "the codec id is invalid: " + e.getMessage());
    }
  }

  private static int checksum(byte[] fixedHeader, byte[] codecId, byte[] key, byte[] value) {
    CRC32C crc = new CRC32C();
    crc.update(fixedHeader, 0, CRC_OFFSET);
    crc.update(codecId);
    crc.update(key);
    crc.update(value);
    return (int) crc.getValue();
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }

  static CorruptBlobException corrupt(Path path, String why) {
    return new CorruptBlobException("Corrupt blob " + path + ": " + why);
  }
}
