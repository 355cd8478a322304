package dev.filebacked.jcache;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * FileBacked's JCache provider: {@code Caching.getCachingProvider()} finds it through
 * {@code META-INF/services}. It keeps one {@link FileBackedCacheManager} per (class loader, URI);
 * a closed manager is replaced by a new one on the next request.
 *
 * <p>Any URI names a manager; the default is this class's name. A URI can also name the
 * manager's configuration file ({@code file:}, {@code classpath:}, {@code jar:}, any URL the
 * class loader can open); the default URI reads the class-path resource {@code filebacked.conf}
 * if there is one. The {@code Properties} given with a manager's first request are its
 * {@link CacheManager#getProperties()}; their {@code filebacked.*} keys override the file's (see
 * {@code reference.conf} in this jar, which documents every key).
 */
public final class FileBackedCachingProvider implements CachingProvider {

  private final Map<ClassLoader, Map<URI, FileBackedCacheManager>> managers =
      new WeakHashMap<>();

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
    URI managerUri = uri != null ? uri : getDefaultURI();
    ClassLoader loader = classLoader != null ? classLoader : getDefaultClassLoader();
    Properties managerProperties = properties != null ? properties : getDefaultProperties();
    synchronized (managers) {
      Map<URI, FileBackedCacheManager> byUri =
          managers.computeIfAbsent(loader, l -> new HashMap<>());
      FileBackedCacheManager manager = byUri.get(managerUri);
      if (manager == null || manager.isClosed()) {
        manager = new FileBackedCacheManager(this, managerUri, loader, managerProperties);
        byUri.put(managerUri, manager);
        manager.createDeclaredCaches();
      }
      return manager;
    }
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, null);
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(null, null, null);
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : FileBackedCachingProvider.class.getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return URI.create(FileBackedCachingProvider.class.getName());
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    for (FileBackedCacheManager manager : managersWhere(null, null)) {
      manager.close();
    }
  }

  @Override
  public void close(ClassLoader classLoader) {
    ClassLoader loader = classLoader != null ? classLoader : getDefaultClassLoader();
    for (FileBackedCacheManager manager : managersWhere(loader, null)) {
      manager.close();
    }
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    ClassLoader loader = classLoader != null ? classLoader : getDefaultClassLoader();
    URI managerUri = uri != null ? uri : getDefaultURI();
    for (FileBackedCacheManager manager : managersWhere(loader, managerUri)) {
      manager.close();
    }
  }

  /** Store-by-reference is supported; see {@link FileBackedConfiguration} for its semantics. */
  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    return optionalFeature == OptionalFeature.STORE_BY_REFERENCE;
  }

  /** The managers of {@code loader} (all if null) with {@code uri} (all if null). */
  private List<FileBackedCacheManager> managersWhere(ClassLoader loader, URI uri) {
    List<FileBackedCacheManager> found = new ArrayList<>();
    synchronized (managers) {
      for (Map.Entry<ClassLoader, Map<URI, FileBackedCacheManager>> entry
          : managers.entrySet()) {
        if (loader != null && entry.getKey() != loader) {
          continue;
        }
        for (FileBackedCacheManager manager : entry.getValue().values()) {
          if (uri == null || manager.getURI().equals(uri)) {
            found.add(manager);
          }
        }
      }
    }
    return found;
  }

  void forget(FileBackedCacheManager manager) {
    synchronized (managers) {
      Map<URI, FileBackedCacheManager> byUri = managers.get(manager.getClassLoader());
      if (byUri != null) {
        byUri.remove(manager.getURI(), manager);
        if (byUri.isEmpty()) {
          managers.remove(manager.getClassLoader());
        }
      }
    }
  }

  @Override
  public String toString() {
    return "FileBackedCachingProvider";
  }
}
