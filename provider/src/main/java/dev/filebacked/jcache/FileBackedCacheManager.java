package dev.filebacked.jcache;

import dev.filebacked.core.store.TemporaryFolder;
import dev.filebacked.jcache.configuration.DirectoryNames;
import dev.filebacked.jcache.configuration.ManagerConfiguration;
import dev.filebacked.spi.BlobStoreException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;

/**
 * A JCache {@link CacheManager} of FileBacked caches. Each cache spills to its own folder, named
 * after the cache (encoded, so any name is safe), inside the directory its configuration names,
 * else inside the manager's directory: {@code <filebacked.directory>/<encoded manager URI>} if
 * that property is set, else a temporary folder made for this manager
 * ({@code <java.io.tmpdir>/filebacked-*}, see {@link TemporaryFolder}), removed when it closes,
 * and removed at a later start if the process dies first.
 *
 * <p>Its settings come from the configuration file its URI names (see
 * {@link ManagerConfiguration}); the caches that file declares are created with the manager.
 */
public final class FileBackedCacheManager implements CacheManager {

  private static final System.Logger LOG =
      System.getLogger(FileBackedCacheManager.class.getName());

  private final FileBackedCachingProvider provider;
  private final URI uri;
  private final WeakReference<ClassLoader> classLoader;
  private final Properties properties;
  private final ManagerConfiguration configuration;
  private final CacheFactory factory;
  private final ConcurrentHashMap<String, PoolCache<?, ?>> caches = new ConcurrentHashMap<>();
  private Path directory;
  private TemporaryFolder temporary;
  private volatile boolean closed;

  FileBackedCacheManager(FileBackedCachingProvider provider, URI uri, ClassLoader classLoader,
      Properties properties) {
    this.provider = provider;
    this.uri = uri;
    this.classLoader = new WeakReference<>(classLoader);
    this.properties = properties;
    this.configuration = ManagerConfiguration.load(uri, provider.getDefaultURI(), classLoader,
        properties);
    this.factory = new CacheFactory(this, configuration.expirySweepInterval());
  }

  /**
   * Creates the caches the configuration file declares; if one cannot be created, closes the
   * manager (and the caches already made) and throws.
   */
  void createDeclaredCaches() {
    try {
      configuration.declaredCaches().forEach(this::createCache);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName,
      C configuration) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(configuration, "configuration");
    synchronized (caches) {
      requireOpen(); // again, under the lock close() takes: a cache made now must be closed too
      if (caches.containsKey(cacheName)) {
        throw new CacheException("Cache " + cacheName + " already exists in " + uri
            + "; get it with getCache, or destroyCache it first");
      }
      PoolCache<K, V> cache = factory.create(cacheName,
          this.configuration.forCache(cacheName, configuration));
      caches.put(cacheName, cache);
      return cache;
    }
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    PoolCache<?, ?> cache = caches.get(cacheName);
    if (cache == null) {
      configuration.checkName(cacheName);
      return null;
    }
    CompleteConfiguration<?, ?> configuration = cache.configuration();
    if (!keyType.equals(configuration.getKeyType())
        || !valueType.equals(configuration.getValueType())) {
      throw new ClassCastException("Cache " + cacheName + " holds "
          + configuration.getKeyType().getName() + " -> " + configuration.getValueType().getName()
          + ", not " + keyType.getName() + " -> " + valueType.getName() + " (its types are set "
          + "by its configuration: setTypes, or key-type and value-type in its section of "
          + this.configuration.source() + ")");
    }
    @SuppressWarnings("unchecked")
    Cache<K, V> typed = (Cache<K, V>) cache;
    return typed;
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    @SuppressWarnings("unchecked")
    Cache<K, V> cache = (Cache<K, V>) caches.get(cacheName);
    if (cache == null) {
      configuration.checkName(cacheName);
    }
    return cache;
  }

  @Override
  public Iterable<String> getCacheNames() {
    requireOpen();
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  @Override
  public void destroyCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    PoolCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.destroy(); // its folder and blobs, and a persistent cache's journal
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    requireOpen();
    PoolCache<?, ?> cache = caches.get(Objects.requireNonNull(cacheName, "cacheName"));
    if (cache != null) {
      cache.setManagementEnabled(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    requireOpen();
    PoolCache<?, ?> cache = caches.get(Objects.requireNonNull(cacheName, "cacheName"));
    if (cache != null) {
      cache.setStatisticsEnabled(enabled);
    }
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader.get();
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /** Closes every cache (deleting their disk tiers), then the manager's temporary folder. */
  @Override
  public void close() {
    synchronized (caches) {
      if (closed) {
        return;
      }
      closed = true;
    }
    provider.forget(this);
    for (PoolCache<?, ?> cache : new ArrayList<>(caches.values())) {
      cache.close();
    }
    synchronized (this) {
      if (temporary != null) {
        try {
          temporary.close();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "Cache manager " + uri + ": could not release its temporary "
              + "directory " + directory + "; a later start removes it", e);
        }
      }
    }
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("A FileBacked cache manager cannot be unwrapped to "
        + clazz);
  }

  /** The directory the manager's caches spill under; made on first use. */
  synchronized Path directory() {
    if (directory == null) {
      try {
        if (configuration.directory() != null) {
          directory = configuration.directory().resolve(DirectoryNames.of(uri.toString()));
          Files.createDirectories(directory);
        } else {
          temporary = TemporaryFolder.create();
          directory = temporary.path();
        }
      } catch (IOException | BlobStoreException e) {
        throw new CacheException("Cannot create the directory of cache manager " + uri + ": "
            + e.getMessage(), e);
      }
    }
    return directory;
  }

  /** Whether caches live under {@code filebacked.directory} rather than a temporary folder. */
  boolean hasDirectoryOfItsOwn() {
    return configuration.directory() != null;
  }

  void forget(PoolCache<?, ?> cache) {
    caches.remove(cache.getName(), cache);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("Cache manager " + uri + " is closed");
    }
  }

  @Override
  public String toString() {
    return "FileBackedCacheManager[" + uri + "]";
  }
}
