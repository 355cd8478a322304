package dev.filebacked.jcache.integration;

import java.util.Map;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/** Calls a cache's {@link CacheLoader}, reporting its failures as JCache says. */
public final class LoaderAdapter<K, V> {

  private final CacheLoader<K, V> loader;

  public LoaderAdapter(CacheLoader<K, V> loader) {
    this.loader = loader;
  }

  /** The loaded value, or {@code null} if the loader has none. */
  public V load(K key) {
    try {
      return loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("The cache loader failed to load key " + key, e);
    }
  }

  /** The loaded values; keys the loader has no value for may be absent or map to null. */
  public Map<K, V> loadAll(Iterable<? extends K> keys) {
    try {
      Map<K, V> loaded = loader.loadAll(keys);
      return loaded == null ? Map.of() : loaded;
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("The cache loader failed to load keys " + keys, e);
    }
  }

  public void close() {
    Closeables.closeQuietly(loader);
  }
}
