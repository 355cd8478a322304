package dev.filebacked.jcache.copy;

import dev.filebacked.spi.Codec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * Copies the keys a store-by-value cache takes in, so that a caller who mutates a key after a
 * put cannot corrupt the cache's index. Keys of well-known immutable types (strings, boxed
 * primitives, enums, {@code UUID}, {@code java.time} values and the like) are shared, not
 * copied; others go through the cache's codec and back.
 */
public final class KeyCopier<K> {

  private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Boolean.class,
      Byte.class, Short.class, Character.class, Integer.class, Long.class, Float.class,
      Double.class, BigInteger.class, BigDecimal.class, UUID.class, URI.class, Instant.class,
      Duration.class, LocalDate.class, LocalTime.class, LocalDateTime.class,
      OffsetDateTime.class, ZonedDateTime.class, Class.class);

  private final Codec<K> codec;
  private final ClassLoader classLoader;

  /** A copier through {@code codec}, or {@code null} codec for a cache that shares keys. */
  public KeyCopier(Codec<K> codec, ClassLoader classLoader) {
    this.codec = codec;
    this.classLoader = classLoader;
  }

  /** {@code key} itself if it is immutable or keys are shared, otherwise a copy. */
  public K copy(K key) {
    if (codec == null || IMMUTABLE.contains(key.getClass()) || key instanceof Enum<?>) {
      return key;
    }
    return codec.decode(codec.encode(key), classLoader);
  }
}
