package dev.filebacked.benchmarks.persistence;

import dev.filebacked.core.codec.CodecProviders;
import dev.filebacked.core.pool.FilePool;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.DecodingPolicy;
import dev.filebacked.spi.Durability;
import java.nio.file.Path;
import java.util.Arrays;
import org.ehcache.Cache;
import org.ehcache.PersistentCacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.core.internal.statistics.DefaultStatisticsService;
import org.ehcache.core.statistics.TierStatistics;

/**
 * A persistent cache of {@code Long} keys and {@code byte[]} values that can be filled, stopped
 * and opened again on the same folder, as each contender of {@link ReopenBenchmark} makes it.
 * Names are the JMH {@code @Param} values. Each holds at most {@value #IN_MEMORY} values in
 * memory; everything else is on disk.
 */
public enum Reopening {

  /** FileBacked's persistent pool, keys and values in the default JDK codec. */
  FILEBACKED("filebacked"),
  /** The same with the Fory codec, whose keys decode faster. */
  FILEBACKED_FORY("filebacked-fory"),
  /** Ehcache 3: a heap tier in front of a persistent disk tier. */
  EHCACHE_DISK("ehcache-disk");

  /** Values each cache holds in memory. */
  public static final int IN_MEMORY = 10_000;
  /** Bytes of every value. */
  public static final int VALUE_BYTES = 100;
  /** Ehcache's disk tier: room for a million 100-byte entries with plenty to spare. */
  private static final long EHCACHE_DISK_MIB = 1024;
  private static final String NAME = "reopen";

  private final String id;

  Reopening(String id) {
    this.id = id;
  }

  /** The contender of this {@code @Param} value. */
  public static Reopening of(String id) {
    for (Reopening reopening : values()) {
      if (reopening.id.equals(id)) {
        return reopening;
      }
    }
    throw new IllegalArgumentException("No contender '" + id + "'");
  }

  /** The value of key {@code key}: {@value #VALUE_BYTES} bytes that start with the key. */
  public static byte[] valueOf(long key) {
    byte[] value = new byte[VALUE_BYTES];
    Arrays.fill(value, (byte) key);
    for (int i = 0; i < Long.BYTES; i++) {
      value[i] = (byte) (key >>> (56 - 8 * i));
    }
    return value;
  }

  /**
   * Opens the cache kept in {@code directory}, recovering what is there (made empty if
   * nothing is). For FileBacked this is {@code FilePool.Builder.build()}; for Ehcache, building
   * and initializing a {@code PersistentCacheManager} and getting its cache.
   */
  public Store open(Path directory) {
    return switch (this) {
      case FILEBACKED -> new FileBackedStore(directory, "jdk");
      case FILEBACKED_FORY -> new FileBackedStore(directory, "fory");
      case EHCACHE_DISK -> new EhcacheStore(directory);
    };
  }

  @Override
  public String toString() {
    return id;
  }

  /** An open persistent cache. */
  public interface Store extends AutoCloseable {

    void put(long key, byte[] value);

    /** The value of {@code key}, or {@code null}; read from disk if it is not in memory. */
    byte[] get(long key);

    /** Makes everything put so far durable (FileBacked's {@code flush}); Ehcache has none. */
    void flush();

    /**
     * Entries the cache holds, counted without reading them: FileBacked's index size,
     * Ehcache's disk tier mappings (its disk tier holds every entry).
     */
    long entries();

    /** What the open itself said, for the log: FileBacked's {@code ReopenReport}. */
    String openReport();

    /**
     * Entries indexed per second as the open measured itself (FileBacked's
     * {@code ReopenReport.entriesPerSecond()}); {@code NaN} where there is no such figure.
     */
    double reportedEntriesPerSecond();

    /** Whether the open found a clean close (FileBacked's report); {@code null} if unknown. */
    Boolean clean();

    /** Closes cleanly: what a next open finds is everything, with nothing to repair. */
    @Override
    void close();
  }

  private static final class FileBackedStore implements Store {

    private final FilePool<Long, byte[]> pool;

    FileBackedStore(Path directory, String codec) {
      ClassLoader loader = Reopening.class.getClassLoader();
      Codec<Long> keys = CodecProviders.create(codec, DecodingPolicy.unrestricted(), loader);
      Codec<byte[]> values = CodecProviders.create(codec, DecodingPolicy.unrestricted(), loader);
      pool = FilePool.<Long, byte[]>builder().name(NAME).directory(directory.resolve("pool"))
          .keyCodec(keys).valueCodec(values).maximumEntriesInMemory(IN_MEMORY)
          .persistent(Durability.ON_FLUSH).build();
    }

    @Override
    public void put(long key, byte[] value) {
      pool.put(key, value);
    }

    @Override
    public byte[] get(long key) {
      return pool.get(key);
    }

    @Override
    public void flush() {
      pool.flush();
    }

    @Override
    public long entries() {
      return pool.size();
    }

    @Override
    public String openReport() {
      return pool.reopenReport().toString();
    }

    @Override
    public double reportedEntriesPerSecond() {
      return pool.reopenReport().entriesPerSecond();
    }

    @Override
    public Boolean clean() {
      return pool.reopenReport().clean();
    }

    @Override
    public void close() {
      pool.close();
    }
  }

  private static final class EhcacheStore implements Store {

    private final DefaultStatisticsService statistics = new DefaultStatisticsService();
    private final PersistentCacheManager manager;
    private final Cache<Long, byte[]> cache;

    EhcacheStore(Path directory) {
      manager = CacheManagerBuilder.newCacheManagerBuilder()
          .with(CacheManagerBuilder.persistence(directory.resolve("ehcache").toFile()))
          .using(statistics)
          .withCache(NAME, CacheConfigurationBuilder.newCacheConfigurationBuilder(Long.class,
              byte[].class, ResourcePoolsBuilder.newResourcePoolsBuilder()
                  .heap(IN_MEMORY, EntryUnit.ENTRIES)
                  .disk(EHCACHE_DISK_MIB, MemoryUnit.MB, true)))
          .build(true);
      cache = manager.getCache(NAME, Long.class, byte[].class);
    }

    @Override
    public void put(long key, byte[] value) {
      cache.put(key, value);
    }

    @Override
    public byte[] get(long key) {
      return cache.get(key);
    }

    @Override
    public void flush() {
      // Ehcache writes its disk tier within each put; only close makes it reopenable.
    }

    @Override
    public long entries() {
      TierStatistics disk = statistics.getCacheStatistics(NAME).getTierStatistics().get("Disk");
      if (disk == null) {
        throw new IllegalStateException("No disk tier statistics: "
            + statistics.getCacheStatistics(NAME).getTierStatistics().keySet());
      }
      return disk.getMappings();
    }

    @Override
    public String openReport() {
      TierStatistics disk = statistics.getCacheStatistics(NAME).getTierStatistics().get("Disk");
      return "Ehcache disk tier: " + disk.getMappings() + " mappings, "
          + disk.getOccupiedByteSize() + " bytes occupied";
    }

    @Override
    public double reportedEntriesPerSecond() {
      return Double.NaN;
    }

    @Override
    public Boolean clean() {
      return null;
    }

    @Override
    public void close() {
      manager.close();
    }
  }
}
