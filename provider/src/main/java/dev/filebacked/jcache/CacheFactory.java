package dev.filebacked.jcache;

import dev.filebacked.core.codec.JavaSerializationCodec;
import dev.filebacked.core.pool.FilePool;
import dev.filebacked.jcache.configuration.DirectoryNames;
import dev.filebacked.jcache.configuration.ProviderDefaults;
import dev.filebacked.jcache.copy.KeyCopier;
import java.nio.file.Path;
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
    FilePool.Builder<K, V> builder = FilePool.<K, V>builder()
        .name(name)
        .directory(directoryOf(name, configuration))
        .executor(SharedExecutors.io())
        .classLoader(classLoader)
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
        configuration.isStoreByValue() ? new JavaSerializationCodec<>() : null, classLoader);
    FilePool<K, V> pool = builder.build();
    try {
      PoolCache<K, V> cache = new PoolCache<>(manager, name, configuration, pool, keyCopier,
          SharedExecutors.events());
      cache.start(SharedExecutors.scheduler(), defaults.expirySweepInterval());
      return cache;
    } catch (RuntimeException | Error e) {
      pool.close(); // a factory of the configuration failed: leave no directory behind
      throw e;
    }
  }

  private Path directoryOf(String name, FileBackedConfiguration<?, ?> configuration) {
    Path own = configuration.getDirectory();
    return own != null ? own : manager.directory().resolve(DirectoryNames.of(name));
  }
}
