package dev.filebacked.spi;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A verified blob lent by {@link BlobStore#read(java.util.UUID, java.util.function.Function)}:
 * the same four parts as a {@link Blob}, with the key and value as buffers over the store's own
 * memory, heap or direct, writable or not. The buffers are valid only until the reader returns
 * (the store reuses that memory for its next read), so a reader copies what it keeps (a decoded
 * value, never the buffers themselves) and does not write to them.
 *
 * @param codecId the {@link Codec#id() id} of the codec that encoded {@code value}
 * @param codecVersion that codec's {@link Codec#formatVersion() format version}
 * @param key the encoded key, from its position to its limit
 * @param value the encoded value, from its position to its limit
 */
public record BlobView(String codecId, int codecVersion, ByteBuffer key, ByteBuffer value) {

  public BlobView {
    Objects.requireNonNull(codecId, "codecId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Codec.checkId(codecId);
  }

  /** A view of {@code blob}'s own arrays, for stores that hold blobs as arrays anyway. */
  public static BlobView of(Blob blob) {
    return new BlobView(blob.codecId(), blob.codecVersion(),
        ByteBuffer.wrap(blob.key()).asReadOnlyBuffer(),
        ByteBuffer.wrap(blob.value()).asReadOnlyBuffer());
  }

  /** A {@link Blob} that owns copies of the key and value, to keep after the read. */
  public Blob copy() {
    return new Blob(codecId, codecVersion, bytesOf(key), bytesOf(value));
  }

  private static byte[] bytesOf(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(buffer.position(), bytes);
    return bytes;
  }
}
