package dev.filebacked.core.store;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The CRC32C a blob's header holds: over the blob's bytes in file order, all but the checksum
 * field itself. It is fed the bytes as they come, so that a read can sum each chunk right after
 * reading it, while the chunk is still in the CPU's cache: summing a large blob in a second pass
 * over memory costs about as much as reading it.
 */
final class BlobChecksum {

  private static final int FIELD_FROM = BlobFormat.CRC_OFFSET;
  private static final int FIELD_TO = BlobFormat.CRC_OFFSET + Integer.BYTES;

  private final CRC32C crc = new CRC32C();
  /** Offset in the blob of the next byte fed. */
  private long offset;

  /** Adds the blob's next bytes: those of {@code bytes} from index {@code from} to {@code to}. */
  void update(ByteBuffer bytes, int from, int to) {
    int length = to - from;
    int beforeField = within(FIELD_FROM - offset, length);
    int throughField = within(FIELD_TO - offset, length);
    sum(bytes, from, from + beforeField);
    sum(bytes, from + throughField, to);
    offset += length;
  }

  /** Adds the blob's next bytes, all of {@code bytes}. */
  void update(byte[] bytes) {
    update(ByteBuffer.wrap(bytes), 0, bytes.length);
  }

  /** The checksum of the bytes fed so far. */
  int value() {
    return (int) crc.getValue();
  }

  private void sum(ByteBuffer bytes, int from, int to) {
    if (from < to) {
      crc.update(bytes.duplicate().limit(to).position(from));
    }
  }

  private static int within(long count, int length) {
    return (int) Math.max(0, Math.min(count, length));
  }
}
