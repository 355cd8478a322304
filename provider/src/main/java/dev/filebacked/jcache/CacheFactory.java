package dev.filebacked.jcache;

import dev.filebacked.core.codec.CodecProviders;
import dev.filebacked.core.pool.FilePool;
import dev.filebacked.core.store.BlobSync;
import dev.filebacked.core.store.FileBlobStore;
import dev.filebacked.jcache.configuration.DirectoryNames;
import dev.filebacked.jcache.copy.KeyCopier;
import dev.filebacked.jcache.management.JCacheStatistics;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.Durability;
import java.nio.file.Path;
import java.time.Duration;
import javax.cache.CacheException;

/**
 * Makes a {@link PoolCache} from a complete configuration (see
 * {@link dev.filebacked.jcache.configuration.ManagerConfiguration#forCache}): builds the cache's
 * pool on its folder.
 */
final class CacheFactory {

  private final FileBackedCacheManager manager;
  private final Duration expirySweepInterval;

  CacheFactory(FileBackedCacheManager manager, Duration expirySweepInterval) {
    this.manager = manager;
    this.expirySweepInterval = expirySweepInterval;
  }

  /** The cache {@code configuration}, whose engine settings are all set, describes. */
  <K, V> PoolCache<K, V> create(String name, FileBackedConfiguration<K, V> configuration) {
    ClassLoader classLoader = manager.getClassLoader();
    Codec<Object> codec = codecOf(name, configuration, classLoader);
    JCacheStatistics statistics = new JCacheStatistics();
    FilePool.Builder<K, V> builder = FilePool.<K, V>builder()
        .name(name)
        .diskFullPolicy(configuration.getDiskFullPolicy())
        .evictionListener(key -> statistics.evictions(1))
        .classLoader(classLoader)
        .keyCodec(cast(codec))
        .valueCodec(cast(codec))
        .storeByValue(configuration.isStoreByValue());
    if (configuration.getIoThreads() != null) {
      builder.ioThreads(configuration.getIoThreads()); // a pool of its own
    } else {
      builder.executor(SharedExecutors.io());
    }
    if (!configuration.canSpill()) {
      builder.maximumEntriesInMemory(Long.MAX_VALUE);
    } else if (configuration.getMaximumBytesInMemory() != null) {
      builder.maximumBytesInMemory(configuration.getMaximumBytesInMemory());
    } else {
      builder.maximumEntriesInMemory(configuration.getMaximumEntriesInMemory());
    }
    KeyCopier<K> keyCopier = new KeyCopier<>(
        configuration.isStoreByValue() ? cast(codec) : null, classLoader);
    FilePool<K, V> pool = configuration.isPersistent()
        ? buildPersistent(name, builder, configuration)
        : build(name, builder, directoryOf(name, configuration));
    try {
      PoolCache<K, V> cache = new PoolCache<>(manager, name, configuration, pool, keyCopier,
          statistics, SharedExecutors.events());
      cache.start(SharedExecutors.scheduler(), expirySweepInterval);
      return cache;
    } catch (RuntimeException | Error e) {
      pool.close(); // a factory of the configuration failed: leave no directory behind
      throw e;
    }
  }

  private Codec<Object> codecOf(String name, FileBackedConfiguration<?, ?> configuration,
      ClassLoader classLoader) {
    try {
      return CodecProviders.create(configuration.getCodec(), configuration.getDecodingPolicy(),
          classLoader);
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
    if (configuration.getDirectory() == null && !manager.hasDirectoryOfItsOwn()) {
      throw new CacheException("Cache " + name + " is persistent but has no directory of its "
          + "own: it would live in the manager's temporary folder " + manager.directory()
          + ", which is deleted when the manager closes. Set one with "
          + "FileBackedConfiguration.setDirectory(path) or the configuration key "
          + "filebacked.directory (or filebacked.default.directory)");
    }
    Durability durability = configuration.getDurability();
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
