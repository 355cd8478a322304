package dev.filebacked.jcache.event;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/**
 * One entry event. For {@code REMOVED} and {@code EXPIRED} the value is the value the entry had;
 * when the cache did not need to read it (no listener asked for old values and it was on disk)
 * both the value and the old value are {@code null} and the old value is reported unavailable.
 */
final class FileBackedEntryEvent<K, V> extends CacheEntryEvent<K, V> {

  private static final long serialVersionUID = 1L;

  private final K key;
  private final transient V value;
  private final transient V oldValue;
  private final boolean oldValueAvailable;

  FileBackedEntryEvent(Cache<K, V> source, EventType type, K key, V value, V oldValue,
      boolean oldValueAvailable) {
    super(source, type);
    this.key = key;
    this.value = value;
    this.oldValue = oldValue;
    this.oldValueAvailable = oldValueAvailable;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public V getOldValue() {
    return oldValueAvailable ? oldValue : null;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValueAvailable;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("A cache entry event cannot be unwrapped to " + clazz);
  }

  @Override
  public String toString() {
    return getEventType() + "[" + key + "]";
  }
}
