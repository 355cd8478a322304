package dev.filebacked.core.persist;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * One change of a persistent pool, as the journal stores it. All integers are big-endian.
 *
 * <pre>
 * record  := length:int32  crc:int32  body        (crc is CRC32C of body; length of body)
 * body    := PUT    1:int8 seq:int64 id:16 bytes expiresAt:int64 flags:int8
 *                   keyLength:int32 key
 *          | REMOVE 2:int8 seq:int64 keyLength:int32 key
 *          | SYNC   3:int8 seq:int64
 * </pre>
 *
 * <p>{@code seq} orders the changes of one key (the newest wins, whatever the order the records
 * were appended in); flag bit 0 of a PUT says its blob was durable before the record was
 * appended. A SYNC numbered {@code s} says that the blobs of every change numbered up to
 * {@code s} are durable (its records are all before it in the journal).
 */
public sealed interface JournalRecord {

  /** Bytes before the body: its length and its checksum. */
  int HEADER_BYTES = 8;
  /** The largest body a reader accepts: a longer length is damage, not a record. */
  int MAX_BODY_BYTES = 64 << 20;

  byte PUT = 1;
  byte REMOVE = 2;
  byte SYNC = 3;

  long seq();

  /** A version of a key became current. */
  record Put(long seq, UUID id, long expiresAt, boolean blobDurable, byte[] key)
      implements JournalRecord {}

  /** A key left the pool. */
  record Remove(long seq, byte[] key) implements JournalRecord {}

  /** The blobs of every change numbered up to {@code seq} are durable. */
  record Sync(long seq) implements JournalRecord {}

  /** The record, framed and checksummed, ready to append. */
  static ByteBuffer encode(JournalRecord record) {
    ByteBuffer buffer;
    if (record instanceof Put put) {
      buffer = frame(1 + 8 + 16 + 8 + 1 + 4 + put.key().length).put(PUT).putLong(put.seq())
          .putLong(put.id().getMostSignificantBits()).putLong(put.id().getLeastSignificantBits())
          .putLong(put.expiresAt()).put((byte) (put.blobDurable() ? 1 : 0))
          .putInt(put.key().length).put(put.key());
    } else if (record instanceof Remove remove) {
      buffer = frame(1 + 8 + 4 + remove.key().length).put(REMOVE).putLong(remove.seq())
          .putInt(remove.key().length).put(remove.key());
    } else {
      buffer = frame(1 + 8).put(SYNC).putLong(record.seq());
    }
    int bodyLength = buffer.position() - HEADER_BYTES;
    buffer.putInt(4, checksum(buffer.array(), HEADER_BYTES, bodyLength));
    return buffer.flip();
  }

  private static ByteBuffer frame(int bodyLength) {
    return ByteBuffer.allocate(HEADER_BYTES + bodyLength).putInt(bodyLength).putInt(0);
  }

  /**
   * Reads the record at {@code buffer}'s position and moves past it; returns {@code null},
   * leaving the position where it was, if no whole, intact record starts there (the torn or
   * damaged end of a journal).
   */
  static JournalRecord decode(ByteBuffer buffer) {
    int start = buffer.position();
    if (buffer.remaining() < HEADER_BYTES + 9) {
      return null;
    }
    int length = buffer.getInt(start);
    int crc = buffer.getInt(start + 4);
    if (length < 9 || length > MAX_BODY_BYTES || length > buffer.remaining() - HEADER_BYTES) {
      return null;
    }
    int body = start + HEADER_BYTES;
    if (checksum(buffer.array(), buffer.arrayOffset() + body, length) != crc) {
      return null;
    }
    ByteBuffer in = buffer.duplicate().position(body).limit(body + length);
    try {
      JournalRecord record = switch (in.get()) {
        case PUT -> {
          long seq = in.getLong();
          UUID id = new UUID(in.getLong(), in.getLong());
          long expiresAt = in.getLong();
          boolean durable = (in.get() & 1) != 0;
          yield new Put(seq, id, expiresAt, durable, key(in));
        }
        case REMOVE -> {
          long seq = in.getLong();
          yield new Remove(seq, key(in));
        }
        case SYNC -> new Sync(in.getLong());
        default -> null;
      };
      if (record == null || in.hasRemaining()) {
        return null;
      }
      buffer.position(body + length);
      return record;
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] key(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("key length " + length);
    }
    byte[] key = new byte[length];
    in.get(key);
    return key;
  }

  private static int checksum(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }
}
