package dev.filebacked.jcache;

import dev.filebacked.core.codec.CodecProviders;
import dev.filebacked.core.pool.FilePool;
import dev.filebacked.core.store.BlobSync;
import dev.filebacked.core.store.FileBlobStore;
import dev.filebacked.jcache.configuration.DirectoryNames;
import dev.filebacked.jcache.configuration.ProviderDefaults;
import dev.filebacked.jcache.copy.KeyCopier;
import dev.filebacked.jcache.management.JCacheStatistics;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.Durability;
import java.nio.file.Path;
import javax.cache.CacheException;
import javax.cache.configuration.Configuration;

/**
 * Makes a {@link PoolCache} from a JCache configuration: resolves the engine settings (the
 * configuration's own, else the provider defaults) and builds the cache's pool.
 */
final class CacheFactory {

  private final FileBackedCacheManager manager;
  private final ProviderDefaults defaults;

  CacheFactory(FileBackedCacheManager manager, ProviderDefaults defaults) {
    this.manager = manager;
    this.defaults = defaults;
  }

  <K, V> PoolCache<K, V> create(String name, Configuration<K, V> requested) {
    FileBackedConfiguration<K, V> configuration = new FileBackedConfiguration<>(requested);
    ClassLoader classLoader = manager.getClassLoader();
    Codec<Object> codec = codecOf(name, configuration, classLoader);
    JCacheStatistics statistics = new JCacheStatistics();
    FilePool.Builder<K, V> builder = FilePool.<K, V>builder()
        .name(name)
        .executor(SharedExecutors.io())
        .diskFullPolicy(configuration.getDiskFullPolicy() != null
            ? configuration.getDiskFullPolicy() : defaults.diskFullPolicy())
        .evictionListener(key -> statistics.evictions(1))
        .classLoader(classLoader)
        .keyCodec(cast(codec))
        .valueCodec(cast(codec))
        .storeByValue(configuration.isStoreByValue());
    if (!configuration.canSpill()) {
      builder.maximumEntriesInMemory(Long.MAX_VALUE);
    } else if (configuration.getMaximumBytesInMemory() != null) {
      builder.maximumBytesInMemory(configuration.getMaximumBytesInMemory());
    } else if (configuration.getMaximumEntriesInMemory() != null) {
      builder.maximumEntriesInMemory(configuration.getMaximumEntriesInMemory());
    } else if (defaults.maximumBytesInMemory() > 0) {
      builder.maximumBytesInMemory(defaults.maximumBytesInMemory());
    } else {
      builder.maximumEntriesInMemory(defaults.maximumEntriesInMemory());
    }
    KeyCopier<K> keyCopier = new KeyCopier<>(
        configuration.isStoreByValue() ? cast(codec) : null, classLoader);
    FilePool<K, V> pool = configuration.isPersistent()
        ? buildPersistent(name, builder, configuration)
        : build(name, builder, directoryOf(name, configuration));
    try {
      PoolCache<K, V> cache = new PoolCache<>(manager, name, configuration, pool, keyCopier,
          statistics, SharedExecutors.events());
      cache.start(SharedExecutors.scheduler(), defaults.expirySweepInterval());
      return cache;
    } catch (RuntimeException | Error e) {
      pool.close(); // a factory of the configuration failed: leave no directory behind
      throw e;
    }
  }

  private Codec<Object> codecOf(String name, FileBackedConfiguration<?, ?> configuration,
      ClassLoader classLoader) {
    String id = configuration.getCodec() != null ? configuration.getCodec() : defaults.codec();
    try {
      return CodecProviders.create(id, configuration.getDecodingPolicy(), classLoader);
    } catch (CodecException e) {
      throw new CacheException("Cache " + name + ": " + e.getMessage(), e);
    }
  }

  /** One codec serves keys and values alike: the blob header names a single codec. */
  @SuppressWarnings("unchecked")
  private static <T> Codec<T> cast(Codec<Object> codec) {
    return (Codec<T>) codec;
  }

  /**
   * Opens the cache's folder (recording the cache's name in its marker, so that no other name
   * ever opens it) and builds the pool on it. A folder that does not exist yet is made when the
   * first value leaves memory, so a cache that never spills costs no disk I/O.
   */
  private static <K, V> FilePool<K, V> build(String name, FilePool.Builder<K, V> builder,
      Path folder) {
    FileBlobStore store;
    try {
      store = FileBlobStore.openLazily(folder, BlobSync.NONE, name);
    } catch (RuntimeException e) {
      throw JCacheFailures.of(name, "opening its folder", e);
    }
    try {
      return builder.store(store).build();
    } catch (RuntimeException e) {
      store.destroy();
      throw JCacheFailures.of(name, "create", e);
    }
  }

  /**
   * Opens a persistent cache's folder (which must not be in the manager's temporary folder:
   * that is deleted when the manager closes) and builds its pool, recovering what an earlier
   * run left there.
   */
  private <K, V> FilePool<K, V> buildPersistent(String name, FilePool.Builder<K, V> builder,
      FileBackedConfiguration<K, V> configuration) {
    if (configuration.getDirectory() == null && defaults.directory() == null) {
      throw new CacheException("Cache " + name + " is persistent but has no directory of its "
          + "own: it would live in the manager's temporary folder " + manager.directory()
          + ", which is deleted when the manager closes. Set one with "
          + "FileBackedConfiguration.setDirectory(path) or the provider property "
          + ProviderDefaults.DIRECTORY);
    }
    Durability durability = configuration.getDurability() != null
        ? configuration.getDurability() : defaults.durability();
    Path folder = directoryOf(name, configuration);
    FileBlobStore store;
    try {
      store = FileBlobStore.openPersistent(folder, BlobSync.of(durability), name);
    } catch (RuntimeException e) {
      throw JCacheFailures.of(name, "opening its folder", e);
    }
    try {
      return builder.store(store).persistent(durability).build();
    } catch (RuntimeException e) {
      store.close(); // keep what is there: it is the cache's data
      throw JCacheFailures.of(name, "reopen", e);
    }
  }

  /** {@code <configured directory or the manager's>/<encoded cache name>}. */
  private Path directoryOf(String name, FileBackedConfiguration<?, ?> configuration) {
    Path parent = configuration.getDirectory();
    return (parent != null ? parent : manager.directory()).resolve(DirectoryNames.of(name));
  }
}
