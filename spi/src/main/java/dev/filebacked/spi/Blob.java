package dev.filebacked.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * The content of one immutable blob: the encoded key and value of one version of a cache entry,
 * and the codec that encoded the value.
 *
 * <p>The store persists all four parts and gives them back unchanged; it never interprets the
 * key or value bytes. The codec tag lets a reader refuse a blob written by another codec with a
 * clear error instead of decoding garbage. The arrays are not copied: a blob handed to
 * {@link BlobStore#write} must not be modified afterwards.
 *
 * @param codecId the {@link Codec#id() id} of the codec that encoded {@code value}
 * @param codecVersion that codec's {@link Codec#formatVersion() format version}
 * @param key the encoded key the blob belongs to
 * @param value the encoded value
 */
public record Blob(String codecId, int codecVersion, byte[] key, byte[] value) {

  /** Longest codec id, in UTF-8 bytes, that a blob header can hold. */
  public static final int MAX_CODEC_ID_BYTES = 255;

  public Blob {
    Objects.requireNonNull(codecId, "codecId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Codec.checkId(codecId);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Blob other
        && codecId.equals(other.codecId)
        && codecVersion == other.codecVersion
        && Arrays.equals(key, other.key)
        && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(codecId, codecVersion, Arrays.hashCode(key), Arrays.hashCode(value));
  }

  @Override
  public String toString() {
    return "Blob[codec=" + codecId + "/" + codecVersion + ", key=" + key.length
        + " bytes, value=" + value.length + " bytes]";
  }
}
