package dev.filebacked.benchmarks.jcache;

import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import dev.filebacked.jcache.FileBackedConfiguration;
import dev.filebacked.spi.FileBackedCache;
import java.net.URI;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.Configuration;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ConfigurationBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.impl.config.copy.DefaultCopierConfiguration;
import org.ehcache.impl.config.persistence.CacheManagerPersistenceConfiguration;
import org.ehcache.impl.copy.SerializingCopier;
import org.ehcache.jsr107.Eh107Configuration;
import org.ehcache.jsr107.EhcacheCachingProvider;

/**
 * A JCache provider under test, and how it makes "a cache of at most {@code heapEntries} values
 * in memory, by value or by reference" — the one thing that must be said in each provider's own
 * configuration. Names are the JMH {@code @Param} values.
 */
public enum Contender {

  /** FileBacked with the JDK codec: the out-of-the-box setup. */
  FILEBACKED("filebacked"),
  /** FileBacked with the Fory codec. */
  FILEBACKED_FORY("filebacked-fory"),
  /** Caffeine's JCache provider: memory only. */
  CAFFEINE("caffeine"),
  /** Ehcache 3 with a heap tier only. */
  EHCACHE_HEAP("ehcache-heap"),
  /** Ehcache 3 with a heap tier and a disk tier behind it. */
  EHCACHE_DISK("ehcache-disk");

  /** A memory bound large enough to mean "everything on the heap". */
  public static final long UNBOUNDED = Long.MAX_VALUE;

  private static final String FILEBACKED_PROVIDER =
      "dev.filebacked.jcache.FileBackedCachingProvider";
  private static final String CAFFEINE_PROVIDER =
      "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
  private static final String EHCACHE_PROVIDER = "org.ehcache.jsr107.EhcacheCachingProvider";
  private static final long EHCACHE_DISK_MIB = 64 * 1024;

  private final String id;

  Contender(String id) {
    this.id = id;
  }

  /** The contender of this {@code @Param} value. */
  public static Contender of(String id) {
    for (Contender contender : values()) {
      if (contender.id.equals(id)) {
        return contender;
      }
    }
    throw new IllegalArgumentException("No contender '" + id + "'");
  }

  /**
   * Opens a manager of its own and a cache in it.
   *
   * @param directory where a disk tier may live; left behind empty or deleted by close
   */
  public <K, V> OpenCache<K, V> open(Class<K> keyType, Class<V> valueType, boolean byValue,
      long heapEntries, Path directory) {
    CacheManager manager = manager(URI.create("benchmark-" + id), directory);
    return new OpenCache<>(manager, manager.createCache("bench",
        configuration(keyType, valueType, byValue, heapEntries, directory)));
  }

  /**
   * Opens a manager of its own, or returns the open one already at {@code uri}. Ehcache's keeps
   * its disk tiers under {@code directory}; the others' managers need no directory.
   */
  public CacheManager manager(URI uri, Path directory) {
    ClassLoader loader = Contender.class.getClassLoader();
    return switch (this) {
      case FILEBACKED, FILEBACKED_FORY -> Caching.getCachingProvider(FILEBACKED_PROVIDER)
          .getCacheManager(uri, loader, new Properties());
      case CAFFEINE -> Caching.getCachingProvider(CAFFEINE_PROVIDER).getCacheManager(uri, loader);
      case EHCACHE_HEAP, EHCACHE_DISK -> ((EhcacheCachingProvider) Caching.getCachingProvider(
          EHCACHE_PROVIDER)).getCacheManager(uri, ConfigurationBuilder.newConfigurationBuilder()
              .withService(new CacheManagerPersistenceConfiguration(
                  directory.resolve("ehcache").toFile()))
              .withClassLoader(loader).build());
    };
  }

  /**
   * The configuration of a cache of at most {@code heapEntries} values in memory, for a manager
   * of {@link #manager}. It may make one cache after another: FileBacked's disk tier is
   * {@code directory/filebacked}, which each cache deletes when it closes.
   */
  public <K, V> Configuration<K, V> configuration(Class<K> keyType, Class<V> valueType,
      boolean byValue, long heapEntries, Path directory) {
    switch (this) {
      case FILEBACKED, FILEBACKED_FORY -> {
        FileBackedConfiguration<K, V> configuration = new FileBackedConfiguration<>();
        configuration.setTypes(keyType, valueType).setStoreByValue(byValue);
        configuration.setMaximumEntriesInMemory(heapEntries)
            .setCodec(this == FILEBACKED_FORY ? "fory" : "jdk");
        return onDisk(configuration, directory);
      }
      case CAFFEINE -> {
        CaffeineConfiguration<K, V> configuration = new CaffeineConfiguration<>();
        configuration.setTypes(keyType, valueType).setStoreByValue(byValue);
        if (heapEntries != UNBOUNDED) {
          configuration.setMaximumSize(OptionalLong.of(heapEntries));
        }
        return configuration;
      }
      case EHCACHE_HEAP, EHCACHE_DISK -> {
        ResourcePoolsBuilder pools = ResourcePoolsBuilder.heap(heapEntries);
        if (this == EHCACHE_DISK) {
          pools = pools.disk(EHCACHE_DISK_MIB, MemoryUnit.MB, false);
        }
        CacheConfigurationBuilder<K, V> configuration =
            CacheConfigurationBuilder.newCacheConfigurationBuilder(keyType, valueType, pools);
        if (byValue) {
          configuration = configuration.withService(new DefaultCopierConfiguration<>(
              SerializingCopier.<V>asCopierClass(), DefaultCopierConfiguration.Type.VALUE));
        }
        return Eh107Configuration.fromEhcacheCacheConfiguration(configuration.build());
      }
      default -> throw new AssertionError(this);
    }
  }

  /**
   * A FileBacked cache by reference whose memory tier is bounded by bytes rather than entries:
   * values waiting to be written then count against the bound too, so a put cannot run ahead
   * of the disk by more than {@code maxBytes}.
   */
  public static <K, V> OpenCache<K, V> fileBackedBoundedByBytes(Class<K> keyType,
      Class<V> valueType, long maxBytes, Path directory) {
    FileBackedConfiguration<K, V> configuration = new FileBackedConfiguration<>();
    configuration.setTypes(keyType, valueType).setStoreByValue(false);
    configuration.setMaximumBytesInMemory(maxBytes);
    CacheManager manager =
        FILEBACKED.manager(URI.create("benchmark-filebacked-bytes"), directory);
    return new OpenCache<>(manager,
        manager.createCache("bench", onDisk(configuration, directory)));
  }

  /** Lets a FileBacked cache spill, by value or by reference, to {@code directory/filebacked}. */
  private static <K, V> FileBackedConfiguration<K, V> onDisk(
      FileBackedConfiguration<K, V> configuration, Path directory) {
    configuration.setSpillByReference(true).setDirectory(directory.resolve("filebacked"));
    return configuration;
  }

  @Override
  public String toString() {
    return id;
  }

  /** A cache and the manager that owns it; closing closes both. */
  public record OpenCache<K, V>(CacheManager manager, Cache<K, V> cache)
      implements AutoCloseable {

    /**
     * Waits for the background writes a provider still owes (FileBacked's spills), so that a
     * heap figure taken next sees the steady state.
     */
    public void settle() {
      if (cache instanceof FileBackedCache<?, ?> fileBacked) {
        fileBacked.flush();
      }
    }

    @Override
    public void close() {
      manager.close();
    }
  }
}
