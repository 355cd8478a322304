package dev.filebacked.jcache;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * What a cache checks before any verb runs, with the exceptions JCache names: that the cache is
 * open ({@link IllegalStateException}), and that keys and values are not null
 * ({@link NullPointerException}) and of the configured types ({@link ClassCastException}). It
 * holds the closed state those checks read. Each check of a key, entry or batch checks that the
 * cache is open first, as every verb does.
 */
final class CallChecks<K, V> {

  private final String name;
  private final Class<?> keyType;
  private final Class<?> valueType;
  private volatile boolean closed;

  CallChecks(String name, Class<?> keyType, Class<?> valueType) {
    this.name = name;
    this.keyType = keyType;
    this.valueType = valueType;
  }

  boolean isClosed() {
    return closed;
  }

  /** Marks the cache closed; {@code true} for the one call that did, {@code false} after. */
  boolean close() {
    if (closed) {
      return false;
    }
    synchronized (this) {
      if (closed) {
        return false;
      }
      closed = true;
      return true;
    }
  }

  void requireOpen() {
    if (closed) {
      throw new IllegalStateException("Cache " + name + " is closed");
    }
  }

  void requireKey(K key) {
    requireOpen();
    checkKey(key);
  }

  void requireEntry(K key, V value) {
    requireOpen();
    checkKey(key);
    requireValue(value);
  }

  void requireKeys(Collection<? extends K> keys) {
    requireOpen();
    Objects.requireNonNull(keys, "keys");
    for (K key : keys) {
      checkKey(key);
    }
  }

  void requireEntries(Map<? extends K, ? extends V> map) {
    requireOpen();
    Objects.requireNonNull(map, "map");
    map.forEach((key, value) -> {
      checkKey(key);
      requireValue(value);
    });
  }

  /** Checks a value only, for a verb whose key and cache were checked already. */
  void requireValue(V value) {
    Objects.requireNonNull(value, "A cache value cannot be null");
    if (valueType != Object.class && !valueType.isInstance(value)) {
      throw new ClassCastException("Cache " + name + " takes values of " + valueType.getName()
          + ", not " + value.getClass().getName());
    }
  }

  private void checkKey(K key) {
    Objects.requireNonNull(key, "A cache key cannot be null");
    if (keyType != Object.class && !keyType.isInstance(key)) {
      throw new ClassCastException("Cache " + name + " takes keys of " + keyType.getName()
          + ", not " + key.getClass().getName());
    }
  }
}
