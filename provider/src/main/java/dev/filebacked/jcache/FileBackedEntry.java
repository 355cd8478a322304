package dev.filebacked.jcache;

import javax.cache.Cache;

/**
 * A key and value handed out by a FileBacked cache: by its iterator and to its
 * {@code CacheWriter}. It is a snapshot; changing the cache does not change it.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class FileBackedEntry<K, V> implements Cache.Entry<K, V> {

  private final K key;
  private final V value;

  public FileBackedEntry(K key, V value) {
    this.key = key;
    this.value = value;
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
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("A cache entry cannot be unwrapped to " + clazz);
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
