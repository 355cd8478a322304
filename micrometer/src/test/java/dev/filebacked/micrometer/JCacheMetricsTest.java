package dev.filebacked.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.jcache.FileBackedCachingProvider;
import dev.filebacked.jcache.FileBackedConfiguration;
import dev.filebacked.jcache.management.MBeans;
import dev.filebacked.spi.FileBackedCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.JCacheMetrics;
import io.micrometer.core.instrument.config.InvalidConfigurationException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Micrometer's own {@link JCacheMetrics} on a FileBacked cache. It reads the JSR-107
 * {@code CacheStatistics} bean through JMX by a name it builds itself:
 * {@code javax.cache:type=CacheStatistics,CacheManager=<uri, ':' made '.'>,Cache=<name as is>}.
 */
class JCacheMetricsTest {

  /** A manager URI with the character JCacheMetrics replaces, ':'. */
  private static final URI MANAGER = URI.create("urn:filebacked:micrometer.test");

  @TempDir
  Path temp;

  private final FileBackedCachingProvider provider = new FileBackedCachingProvider();
  private final MeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  private CacheManager manager() {
    Properties properties = new Properties();
    properties.setProperty("filebacked.directory", temp.resolve("managers").toString());
    return provider.getCacheManager(MANAGER, getClass().getClassLoader(), properties);
  }

  private static FileBackedConfiguration<Integer, String> counted(long entriesInMemory) {
    FileBackedConfiguration<Integer, String> configuration = new FileBackedConfiguration<>();
    configuration.setTypes(Integer.class, String.class).setStatisticsEnabled(true);
    return configuration.setMaximumEntriesInMemory(entriesInMemory);
  }

  @ParameterizedTest
  @ValueSource(strings = {"orders", "com.example.Orders$Line", "orders#2", "a.b$c#d.e"})
  void reportsTheGetsPutsAndRemovalsOfAWorkload(String name) {
    Cache<Integer, String> cache = manager().createCache(name, counted(10));
    JCacheMetrics.monitor(registry, cache, Tags.of("app", "test"));

    for (int i = 0; i < 100; i++) {
      cache.put(i, "value-" + i);
    }
    for (int i = 0; i < 150; i++) { // 0..99 hit (90 of them through the disk), 100..149 miss
      assertThat(cache.get(i)).isEqualTo(i < 100 ? "value-" + i : null);
    }
    for (int i = 0; i < 10; i++) {
      assertThat(cache.remove(i)).isTrue();
    }
    for (int i = 100; i < 105; i++) { // absent: no removal counted
      assertThat(cache.remove(i)).isFalse();
    }

    assertThat(gets(name, "hit")).isEqualTo(100);
    assertThat(gets(name, "miss")).isEqualTo(50);
    assertThat(registry.get("cache.puts").tag("cache", name).functionCounter().count())
        .isEqualTo(100);
    assertThat(value("cache.removals", name)).isEqualTo(10);
    assertThat(registry.get("cache.evictions").tag("cache", name).functionCounter().count())
        .as("values that left memory are not evicted: their entries stay").isZero();
    assertThat(registry.get("cache.puts").tag("app", "test").meters()).hasSize(1);
  }

  @Test
  void countsAnEntryLostToAMissingBlobAsAnEvictionAndAMiss() throws IOException {
    Path folder = temp.resolve("own");
    Cache<Integer, String> cache = manager().createCache("lost",
        counted(1).setDirectory(folder));
    JCacheMetrics.monitor(registry, cache, Tags.empty());
    cache.put(1, "pushed out of memory by the next put");
    cache.put(2, "stays in memory");
    cache.unwrap(FileBackedCache.class).flush();
    List<Path> blobs = blobFiles(folder);
    assertThat(blobs).hasSize(1);
    Files.delete(blobs.get(0));

    assertThat(cache.get(1)).isNull();
    assertThat(cache.get(2)).isEqualTo("stays in memory");

    assertThat(registry.get("cache.evictions").tag("cache", "lost").functionCounter().count())
        .isEqualTo(1);
    assertThat(gets("lost", "miss")).isEqualTo(1);
    assertThat(gets("lost", "hit")).isEqualTo(1);
    assertThat(registry.get("cache.puts").tag("cache", "lost").functionCounter().count())
        .isEqualTo(2);
  }

  @Test
  void readsZeroOnceTheCacheIsClosedBecauseItsBeanIsGone() {
    Cache<Integer, String> cache = manager().createCache("closing", counted(10));
    JCacheMetrics.monitor(registry, cache, Tags.empty());
    cache.put(1, "one");
    assertThat(cache.get(1)).isEqualTo("one");
    assertThat(gets("closing", "hit")).isEqualTo(1);

    cache.close();

    assertThat(gets("closing", "hit")).isZero();
    assertThat(registry.get("cache.puts").tag("cache", "closing").functionCounter().count())
        .isZero();
  }

  /**
   * JCache's rule (and the TCK's) turns ',', ':', '=' and newlines of both parts into '.';
   * JCacheMetrics does so only for ':' in the URI. They agree on every name JCacheMetrics can
   * build, and for the others no name the provider could register would do: JCacheMetrics fails
   * at once, or builds a name with a key property too many and reads zeros.
   */
  @Test
  void cacheNamesJCacheMetricsCannotExpressAreRegisteredByTheJCacheRule() throws Exception {
    for (String name : List.of("orders:eu", "orders=eu", "orders,eu", "orders,region=eu")) {
      Cache<Integer, String> cache = manager().createCache(name, counted(10));
      cache.put(1, "one");
      ObjectName jcacheRule = new ObjectName("javax.cache:type=CacheStatistics,"
          + "CacheManager=urn.filebacked.micrometer.test,Cache="
          + name.replaceAll("[,:=\n]", "."));
      assertThat(MBeans.nameOf(MBeans.Kind.STATISTICS, MANAGER, name)).isEqualTo(jcacheRule);
      assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(jcacheRule,
          "CachePuts")).isEqualTo(1L);

      if (name.equals("orders,region=eu")) {
        JCacheMetrics.monitor(registry, cache, Tags.empty());
        assertThat(registry.get("cache.puts").tag("cache", name).functionCounter().count())
            .as("JCacheMetrics looks up Cache=orders,region=eu: another bean, none there")
            .isZero();
      } else {
        assertThatThrownBy(() -> JCacheMetrics.monitor(registry, cache, Tags.empty()))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("invalid JMX name");
      }
    }
  }

  @Test
  void theNamesAgreeForTheDefaultManagerUri() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("filebacked.directory", temp.resolve("default").toString());
    CacheManager manager = provider.getCacheManager(null, getClass().getClassLoader(),
        properties);
    Cache<Integer, String> cache = manager.createCache("orders", counted(10));
    JCacheMetrics.monitor(registry, cache, Tags.empty());
    cache.put(1, "one");

    assertThat(manager.getURI()).isEqualTo(provider.getDefaultURI());
    assertThat(registry.get("cache.puts").tag("cache", "orders").functionCounter().count())
        .isEqualTo(1);
  }

  private double gets(String cache, String result) {
    return registry.get("cache.gets").tag("cache", cache).tag("result", result)
        .functionCounter().count();
  }

  /** The value of a meter that Micrometer versions register as a gauge or a counter. */
  private double value(String meter, String cache) {
    return registry.get(meter).tag("cache", cache).meter().measure().iterator().next()
        .getValue();
  }

  private static List<Path> blobFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(p -> p.getFileName().toString().matches("[0-9a-f-]{36}")).toList();
    }
  }
}
