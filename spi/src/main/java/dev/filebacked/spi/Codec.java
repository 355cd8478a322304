package dev.filebacked.spi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns values of type {@code T} into bytes and back.
 *
 * <p>The {@link #id()} and {@link #formatVersion()} are written into every blob, so that a blob
 * written by another codec, or by an incompatible version of this one, is refused with a clear
 * error rather than decoded into garbage. Change the format version whenever bytes written by
 * the old code can no longer be read by the new code.
 *
 * <p>Implementations must be thread-safe: one instance serves every thread of a cache.
 *
 * @param <T> the type of value this codec handles
 */
public interface Codec<T> {

  /**
   * A short, stable name for this codec's encoding, such as {@code "jdk"}: printable ASCII, at
   * most {@value Blob#MAX_CODEC_ID_BYTES} bytes. Never change it for an existing encoding.
   */
  String id();

  /** The version of this codec's byte format; blobs written in another version are refused. */
  int formatVersion();

  /**
   * Encodes a value.
   *
   * @throws CodecException if the value cannot be encoded; the message names its class and why
   */
  byte[] encode(T value);

  /**
   * Decodes bytes written by {@link #encode} of a codec with the same id and format version.
   *
   * @param bytes the encoded value
   * @param classLoader resolves the classes named in the bytes, where the encoding names any
   * @throws CodecException if the bytes cannot be decoded or name a class that is not allowed
   */
  T decode(byte[] bytes, ClassLoader classLoader);

  /**
   * Decodes the bytes from {@code bytes}' position to its limit, as {@link #decode(byte[],
   * ClassLoader)} would. The buffer may be the store's reused read buffer, possibly direct: the
   * value returned must not share its memory, since it is overwritten once this returns. The
   * buffer's position may move.
   *
   * <p>The default copies the bytes into an array and decodes that; a codec that can read a
   * buffer in place overrides it, sparing large values that copy.
   *
   * @throws CodecException if the bytes cannot be decoded or name a class that is not allowed
   */
  default T decode(ByteBuffer bytes, ClassLoader classLoader) {
    byte[] copy = new byte[bytes.remaining()];
    bytes.get(copy);
    return decode(copy, classLoader);
  }

  /**
   * Checks that {@code id} can be a codec id.
   *
   * @throws IllegalArgumentException naming what is wrong with it
   */
  static void checkId(String id) {
    if (id.isEmpty()) {
      throw new IllegalArgumentException("A codec id must not be empty");
    }
    if (id.getBytes(StandardCharsets.UTF_8).length > Blob.MAX_CODEC_ID_BYTES) {
      throw new IllegalArgumentException("Codec id '" + id + "' is longer than "
          + Blob.MAX_CODEC_ID_BYTES + " bytes");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException("Codec id '" + id + "' has a character that is not "
            + "printable ASCII at index " + i + "; use letters, digits and punctuation");
      }
    }
  }
}
