package dev.filebacked.core.pool;

import dev.filebacked.spi.Codec;
import java.nio.ByteBuffer;

/**
 * How a value is held in memory (its <em>payload</em>), and what that costs in the tier's unit.
 *
 * <ul>
 *   <li>{@link #byReference}: the value object itself. A read returns that object; a spill
 *       encodes it.
 *   <li>{@link #byReferenceWithBytes}: the value and its encoding, for a byte-bounded tier with no
 *       user weigher: the encoding is the weight, and a spill writes bytes it already has.
 *   <li>{@link #byValue}: only the encoding. A read decodes a fresh copy; a spill writes the bytes
 *       as they are and a load keeps them without decoding.
 * </ul>
 */
abstract sealed class ValueForm<K, V> {

  final Codec<V> codec;
  final ClassLoader classLoader;

  private ValueForm(Codec<V> codec, ClassLoader classLoader) {
    this.codec = codec;
    this.classLoader = classLoader;
  }

  static <K, V> ValueForm<K, V> byReference(Codec<V> codec, ClassLoader loader,
      Weigher<? super K, ? super V> weigher) {
    return new ByReference<>(codec, loader, weigher);
  }

  static <K, V> ValueForm<K, V> byReferenceWithBytes(Codec<V> codec, ClassLoader loader) {
    return new ByReferenceWithBytes<>(codec, loader);
  }

  static <K, V> ValueForm<K, V> byValue(Codec<V> codec, ClassLoader loader) {
    return new ByValue<>(codec, loader);
  }

  /** The payload of a value that enters the pool. */
  abstract Object payloadOf(V value);

  /** The value a reader gets. */
  abstract V read(Object payload);

  /** The bytes a spill writes. */
  abstract byte[] encoded(Object payload);

  /**
   * The payload of bytes read back from disk: the buffer is the store's, lent for this call, so
   * the payload never shares it.
   */
  abstract Object payloadOfEncoded(ByteBuffer bytes);

  /** The payload's weight for a weight-bounded tier. */
  abstract int weight(K key, Object payload);

  /** The weight of the node's value while it is in memory; 0 once it is not. */
  final int weightOf(Node<K> node) {
    Object value = node.value();
    return Node.isResident(value) ? weight(node.key, value) : 0;
  }

  private static final class ByReference<K, V> extends ValueForm<K, V> {
    private final Weigher<? super K, ? super V> weigher;

    ByReference(Codec<V> codec, ClassLoader loader, Weigher<? super K, ? super V> weigher) {
      super(codec, loader);
      this.weigher = weigher;
    }

    @Override
    Object payloadOf(V value) {
      return value;
    }

    @Override
    @SuppressWarnings("unchecked")
    V read(Object payload) {
      return (V) payload;
    }

    @Override
    byte[] encoded(Object payload) {
      return codec.encode(read(payload));
    }

    @Override
    Object payloadOfEncoded(ByteBuffer bytes) {
      return codec.decode(bytes, classLoader);
    }

    @Override
    int weight(K key, Object payload) {
      return weigher == null ? 1 : weigher.weigh(key, read(payload));
    }
  }

  private static final class ByReferenceWithBytes<K, V> extends ValueForm<K, V> {
    /**
     * A value and its encoding, or for a value loaded from disk only its encoding's length: its
     * blob already exists, so nothing will write the bytes again, and a large value would
     * otherwise be held twice.
     */
    private record Encoded(Object value, byte[] bytes, int weight) {}

    ByReferenceWithBytes(Codec<V> codec, ClassLoader loader) {
      super(codec, loader);
    }

    @Override
    Object payloadOf(V value) {
      byte[] bytes = codec.encode(value);
      return new Encoded(value, bytes, bytes.length);
    }

    @Override
    @SuppressWarnings("unchecked")
    V read(Object payload) {
      return (V) ((Encoded) payload).value;
    }

    @Override
    @SuppressWarnings("unchecked")
    byte[] encoded(Object payload) {
      Encoded encoded = (Encoded) payload;
      return encoded.bytes != null ? encoded.bytes : codec.encode((V) encoded.value);
    }

    @Override
    Object payloadOfEncoded(ByteBuffer bytes) {
      int length = bytes.remaining();
      return new Encoded(codec.decode(bytes, classLoader), null, length);
    }

    @Override
    int weight(K key, Object payload) {
      return ((Encoded) payload).weight;
    }
  }

  private static final class ByValue<K, V> extends ValueForm<K, V> {
    ByValue(Codec<V> codec, ClassLoader loader) {
      super(codec, loader);
    }

    @Override
    Object payloadOf(V value) {
      return codec.encode(value);
    }

    @Override
    V read(Object payload) {
      return codec.decode((byte[]) payload, classLoader);
    }

    @Override
    byte[] encoded(Object payload) {
      return (byte[]) payload;
    }

    @Override
    Object payloadOfEncoded(ByteBuffer bytes) {
      byte[] kept = new byte[bytes.remaining()];
      bytes.get(kept);
      return kept;
    }

    @Override
    int weight(K key, Object payload) {
      return ((byte[]) payload).length;
    }
  }
}
