package dev.filebacked.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filebacked.core.testing.SmallDisk;
import dev.filebacked.jcache.management.DiskTierMXBean;
import dev.filebacked.jcache.management.MBeans;
import dev.filebacked.spi.DiskFullPolicy;
import dev.filebacked.spi.FileBackedCache;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.management.CacheStatisticsMXBean;
import javax.management.JMX;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the engine's failure policy looks like through JCache: statistics, beans, exceptions. */
class DiskFailuresThroughJCacheTest {

  @TempDir
  Path temp;

  private final FileBackedCachingProvider provider = new FileBackedCachingProvider();

  @AfterEach
  void close() {
    provider.close();
  }

  private CacheManager manager() {
    return provider.getCacheManager(URI.create("disk-failures"), getClass().getClassLoader(),
        new Properties());
  }

  private static <V> FileBackedConfiguration<String, V> spilling(Class<V> type, Path directory) {
    FileBackedConfiguration<String, V> configuration = new FileBackedConfiguration<>();
    configuration.setTypes(String.class, type).setStatisticsEnabled(true);
    return configuration.setMaximumEntriesInMemory(1).setDirectory(directory);
  }

  private static DiskTierMXBean diskTier(Cache<?, ?> cache) {
    return JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
        MBeans.nameOf(MBeans.Kind.DISK_TIER, cache.getCacheManager().getURI(), cache.getName()),
        DiskTierMXBean.class);
  }

  private static CacheStatisticsMXBean statistics(Cache<?, ?> cache) {
    return JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
        MBeans.nameOf(MBeans.Kind.STATISTICS, cache.getCacheManager().getURI(), cache.getName()),
        CacheStatisticsMXBean.class);
  }

  private static void flush(Cache<?, ?> cache) {
    cache.unwrap(FileBackedCache.class).flush();
  }

  @Test
  void aDamagedBlobIsAMissCountedAsAnEvictionAndKeptInQuarantine() throws Exception {
    Path directory = temp.resolve("caches");
    Cache<String, String> cache = manager().createCache("damaged",
        spilling(String.class, directory));
    cache.put("alpha-key", "1");
    cache.put("omega-key", "2");
    flush(cache);
    Path cacheFolder = directory.resolve("damaged");
    Path blob = BlobFiles.under(cacheFolder).get(0); // one value in memory, one on disk
    byte[] bytes = Files.readAllBytes(blob);
    String onDisk = new String(bytes, StandardCharsets.ISO_8859_1).contains("alpha-key")
        ? "alpha-key" : "omega-key";
    bytes[bytes.length - 1] ^= 1;
    Files.write(blob, bytes);

    assertThat(cache.get(onDisk)).isNull();

    assertThat(cache.containsKey(onDisk)).isFalse();
    assertThat(statistics(cache).getCacheEvictions()).isEqualTo(1);
    assertThat(diskTier(cache).getCorruptBlobs()).isEqualTo(1);
    assertThat(blob).doesNotExist();
    try (Stream<Path> kept = Files.list(cacheFolder.resolve("quarantine"))) {
      assertThat(kept.toList()).singleElement()
          .satisfies(path -> assertThat(Files.readAllBytes(path)).isEqualTo(bytes));
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void underFailWritesAFullDiskFailsWritesWithACacheExceptionAndTheCacheRecoversByItself()
      throws Exception {
    Path mountPoint = Files.createDirectories(temp.resolve("disk"));
    try (SmallDisk disk = SmallDisk.mount(mountPoint, 4)) {
      try {
        Cache<String, byte[]> cache = manager().createCache("strict",
            spilling(byte[].class, disk.path()).setDiskFullPolicy(DiskFullPolicy.FAIL_WRITES));
        Random random = new Random(12);
        Map<String, byte[]> acknowledged = new LinkedHashMap<>();
        CacheException refused = null;
        for (int i = 0; i < 400 && refused == null; i++) {
          byte[] value = new byte[64 * 1024];
          random.nextBytes(value);
          try {
            cache.put("k" + i, value);
            acknowledged.put("k" + i, value);
          } catch (CacheException e) {
            refused = e;
          }
          flush(cache);
        }

        assertThat(refused).as("a put refused once the 4 MiB disk was full").isNotNull()
            .hasMessageContaining("Cache strict").hasMessageContaining("wait in memory");
        assertThat(diskTier(cache).getValuesWaitingForDisk()).isPositive();
        assertThat(diskTier(cache).getWritesRefused()).isPositive();
        assertThat(statistics(cache).getCacheEvictions()).isZero();
        for (Map.Entry<String, byte[]> entry : acknowledged.entrySet()) {
          assertThat(cache.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
        }

        cache.clear(); // frees the disk
        flush(cache);
        byte[] after = new byte[64 * 1024];
        random.nextBytes(after);
        // Refused puts try the disk again at most once a second: poll, bounded.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (;;) {
          try {
            cache.put("after", after);
            break;
          } catch (CacheException e) {
            assertThat(System.nanoTime()).as("puts resumed within 30 s of space returning")
                .isLessThan(deadline);
            Thread.sleep(50);
          }
        }
        flush(cache);
        assertThat(cache.get("after")).isEqualTo(after);
        assertThat(diskTier(cache).getValuesWaitingForDisk()).isZero();
      } finally {
        provider.close(); // before the disk is unmounted
      }
    }
  }
}
