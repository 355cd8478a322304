package dev.filebacked.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.filebacked.jcache.FileBackedCachingProvider;
import dev.filebacked.jcache.FileBackedConfiguration;
import dev.filebacked.jcache.management.DiskTierMXBean;
import dev.filebacked.spi.FileBackedCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBackedCacheMetricsTest {

  @TempDir
  Path temp;

  private final FileBackedCachingProvider provider = new FileBackedCachingProvider();
  private final MeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  private CacheManager manager(String uri) {
    Properties properties = new Properties();
    properties.setProperty("filebacked.directory", temp.resolve("managers").toString());
    return provider.getCacheManager(URI.create(uri), getClass().getClassLoader(), properties);
  }

  private static FileBackedConfiguration<Integer, String> counted(long entriesInMemory) {
    FileBackedConfiguration<Integer, String> configuration = new FileBackedConfiguration<>();
    configuration.setTypes(Integer.class, String.class).setStatisticsEnabled(true);
    return configuration.setMaximumEntriesInMemory(entriesInMemory);
  }

  /** Every meter, its type, unit and tags, read from a bean whose figures all differ. */
  @Test
  void eachMeterReadsItsOwnFigure() {
    Map<String, Long> figures = new HashMap<>();
    String[] getters = {"getEntries", "getEntriesInMemory", "getEntriesOnDisk", "getBlobsOnDisk",
        "getBytesOnDisk", "getValuesWaitingForDisk", "getMemoryHits", "getDiskHits", "getLoads",
        "getSpills", "getSpillsCancelled", "getSpillFailures", "getCorruptBlobs",
        "getMissingBlobs", "getUnreadableValues", "getIoErrors", "getWritesRefused",
        "getBytesWritten", "getBytesRead"};
    for (int i = 0; i < getters.length; i++) {
      figures.put(getters[i], 101L + i);
    }
    boolean[] closed = {false};
    FileBackedCacheMetrics.monitor(registry, fakeCache(figures, closed), "app", "test");

    Map<String, Double> gauges = new LinkedHashMap<>();
    Map<String, Double> counters = new LinkedHashMap<>();
    for (Meter meter : registry.getMeters()) {
      assertThat(meter.getId().getTag("cache")).isEqualTo("orders,region=eu:1");
      assertThat(meter.getId().getTag("cache.manager")).isEqualTo("urn:test:manager");
      assertThat(meter.getId().getTag("app")).isEqualTo("test");
      assertThat(meter.getId().getDescription()).isNotBlank();
      String key = meter.getId().getName() + extraTags(meter) + unit(meter);
      if (meter instanceof Gauge gauge) {
        gauges.put(key, gauge.value());
      } else {
        counters.put(key, ((FunctionCounter) meter).count());
      }
    }
    assertThat(gauges).containsOnly(
        entry("cache.size", 101.0),
        entry("cache.memory.entries", 102.0),
        entry("cache.disk.entries", 103.0),
        entry("cache.disk.blobs", 104.0),
        entry("cache.disk.size [bytes]", 105.0),
        entry("cache.disk.waiting", 106.0));
    assertThat(counters).containsOnly(
        entry("cache.memory.hits", 107.0),
        entry("cache.disk.hits", 108.0),
        entry("cache.disk.loads", 109.0),
        entry("cache.disk.spills{result=success}", 110.0),
        entry("cache.disk.spills{result=cancelled}", 111.0),
        entry("cache.disk.spills{result=failure}", 112.0),
        entry("cache.disk.failures{reason=corrupt}", 113.0),
        entry("cache.disk.failures{reason=missing}", 114.0),
        entry("cache.disk.failures{reason=unreadable}", 115.0),
        entry("cache.disk.failures{reason=io}", 116.0),
        entry("cache.disk.writes.refused", 117.0),
        entry("cache.disk.written [bytes]", 118.0),
        entry("cache.disk.read [bytes]", 119.0));

    figures.put("getBlobsOnDisk", -1L); // a store that does not count its files
    assertThat(gauge("cache.disk.blobs")).isNaN();
    closed[0] = true;
    assertThat(gauge("cache.size")).isNaN();
    assertThat(counter("cache.disk.loads")).isEqualTo(109);
  }

  @Test
  void reportsTheDiskTierOfAWorkloadThatSpills() {
    Cache<Integer, String> cache = manager("urn:test:spills").createCache("spills", counted(10));
    FileBackedCacheMetrics.monitor(registry, cache, Tags.empty());
    @SuppressWarnings("unchecked")
    FileBackedCache<Integer, String> fileBacked = cache.unwrap(FileBackedCache.class);

    for (int i = 0; i < 100; i++) {
      cache.put(i, "value-" + i);
    }
    fileBacked.flush();
    assertThat(gauge("cache.size")).isEqualTo(100);
    assertThat(gauge("cache.memory.entries")).isEqualTo(10);
    assertThat(gauge("cache.disk.entries")).isEqualTo(90);
    assertThat(gauge("cache.disk.blobs")).isEqualTo(90);
    assertThat(gauge("cache.disk.size")).isPositive();
    assertThat(counter("cache.disk.spills", "result", "success")).isEqualTo(90);
    assertThat(counter("cache.disk.written")).isPositive();
    assertThat(counter("cache.disk.hits")).isZero();
    assertThat(counter("cache.disk.read")).isZero();

    for (int i = 0; i < 100; i++) {
      assertThat(cache.get(i)).isEqualTo("value-" + i);
    }
    fileBacked.flush();
    double memoryHits = counter("cache.memory.hits");
    double diskHits = counter("cache.disk.hits");
    assertThat(memoryHits + diskHits).isEqualTo(100);
    assertThat(diskHits).as("the 90 values on disk before the reads").isGreaterThanOrEqualTo(90);
    assertThat(counter("cache.disk.loads")).isEqualTo(diskHits);
    assertThat(counter("cache.disk.read")).isPositive();
    assertThat(gauge("cache.size")).isEqualTo(100);
    assertThat(gauge("cache.memory.entries") + gauge("cache.disk.entries")).isEqualTo(100);
    assertThat(gauge("cache.disk.waiting")).isZero();
    for (String reason : new String[] {"corrupt", "missing", "unreadable", "io"}) {
      assertThat(counter("cache.disk.failures", "reason", reason)).as(reason).isZero();
    }
    assertThat(counter("cache.disk.spills", "result", "failure")).isZero();
    assertThat(counter("cache.disk.writes.refused")).isZero();
  }

  @Test
  void afterCloseGaugesReadNaNAndCountersKeepTheirCounts() {
    Cache<Integer, String> cache = manager("urn:test:closing").createCache("closing",
        counted(10));
    FileBackedCacheMetrics.monitor(registry, cache, Tags.empty());
    for (int i = 0; i < 20; i++) {
      cache.put(i, "value-" + i);
    }
    cache.unwrap(FileBackedCache.class).flush();
    for (int i = 0; i < 20; i++) {
      cache.get(i);
    }
    cache.unwrap(FileBackedCache.class).flush(); // the spills those reads started
    double spills = counter("cache.disk.spills", "result", "success");
    double hits = counter("cache.memory.hits") + counter("cache.disk.hits");
    assertThat(spills).isGreaterThanOrEqualTo(10);
    assertThat(hits).isEqualTo(20);

    cache.close();

    for (String gauge : new String[] {"cache.size", "cache.memory.entries", "cache.disk.entries",
        "cache.disk.blobs", "cache.disk.size", "cache.disk.waiting"}) {
      assertThat(gauge(gauge)).as(gauge).isNaN();
    }
    assertThat(counter("cache.disk.spills", "result", "success")).isEqualTo(spills);
    assertThat(counter("cache.memory.hits") + counter("cache.disk.hits")).isEqualTo(hits);
  }

  @Test
  void theRegistryDoesNotKeepAClosedCacheFromBeingCollected() {
    WeakReference<Cache<Integer, String>> collected = bindAndClose();
    for (int attempt = 0; attempt < 50 && collected.get() != null; attempt++) {
      System.gc();
    }
    assertThat(collected.get()).isNull();
    assertThat(gauge("cache.size")).isNaN();
    assertThat(counter("cache.disk.spills", "result", "success")).isEqualTo(10);
  }

  private WeakReference<Cache<Integer, String>> bindAndClose() {
    CacheManager manager = manager("urn:test:collected");
    Cache<Integer, String> cache = manager.createCache("collected", counted(10));
    FileBackedCacheMetrics.monitor(registry, cache, Tags.empty());
    for (int i = 0; i < 20; i++) {
      cache.put(i, "value-" + i);
    }
    cache.unwrap(FileBackedCache.class).flush();
    assertThat(counter("cache.disk.spills", "result", "success")).isEqualTo(10);
    manager.close();
    return new WeakReference<>(cache);
  }

  @Test
  void cachesOfTheSameNameInTwoManagersAreToldApartByTheManagerTag() {
    Cache<Integer, String> first = manager("urn:test:first").createCache("orders", counted(10));
    Cache<Integer, String> second = manager("urn:test:second").createCache("orders",
        counted(10));
    FileBackedCacheMetrics.monitor(registry, first, Tags.empty());
    FileBackedCacheMetrics.monitor(registry, second, Tags.empty());
    for (int i = 0; i < 3; i++) {
      first.put(i, "first");
    }
    for (int i = 0; i < 5; i++) {
      second.put(i, "second");
    }

    assertThat(registry.get("cache.size").tag("cache", "orders").gauges()).hasSize(2);
    assertThat(registry.get("cache.size").tag("cache.manager", "urn:test:first").gauge().value())
        .isEqualTo(3);
    assertThat(registry.get("cache.size").tag("cache.manager", "urn:test:second").gauge().value())
        .isEqualTo(5);
  }

  @Test
  void aManagerTagGivenReplacesTheUriAndTheCacheTagIsAlwaysTheName() {
    Cache<Integer, String> cache = manager("urn:test:tags").createCache("orders", counted(10));
    FileBackedCacheMetrics.monitor(registry, cache, "cache.manager", "ordersManager",
        "cache", "not-the-name");

    Meter.Id id = registry.get("cache.size").gauge().getId();
    assertThat(id.getTag("cache.manager")).isEqualTo("ordersManager");
    assertThat(id.getTag("cache")).isEqualTo("orders");
  }

  @Test
  void refusesACacheOfAnotherProvider() {
    Cache<?, ?> other = fakeCache(null, new boolean[1]);
    assertThatThrownBy(() -> new FileBackedCacheMetrics(other, Tags.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void statisticsOffLeavesTheHitCountersAtZeroAndTheRestCounting() {
    FileBackedConfiguration<Integer, String> configuration = counted(10);
    configuration.setStatisticsEnabled(false);
    Cache<Integer, String> cache = manager("urn:test:off").createCache("off", configuration);
    FileBackedCacheMetrics.monitor(registry, cache, Tags.empty());
    for (int i = 0; i < 20; i++) {
      cache.put(i, "value-" + i);
    }
    cache.unwrap(FileBackedCache.class).flush();
    for (int i = 0; i < 20; i++) {
      cache.get(i);
    }

    assertThat(counter("cache.memory.hits") + counter("cache.disk.hits")).isZero();
    assertThat(counter("cache.disk.loads")).isGreaterThanOrEqualTo(10);
    assertThat(gauge("cache.size")).isEqualTo(20);
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  private double counter(String name, String... tags) {
    return registry.get(name).tags(tags).functionCounter().count();
  }

  private static String extraTags(Meter meter) {
    StringBuilder extra = new StringBuilder();
    for (Tag tag : meter.getId().getTagsAsIterable()) {
      if (!Set.of("cache", "cache.manager", "app").contains(tag.getKey())) {
        extra.append('{').append(tag.getKey()).append('=').append(tag.getValue()).append('}');
      }
    }
    return extra.toString();
  }

  private static String unit(Meter meter) {
    String unit = meter.getId().getBaseUnit();
    return unit == null ? "" : " [" + unit + "]";
  }

  /**
   * A cache named {@code orders,region=eu:1} of manager {@code urn:test:manager} whose
   * {@code DiskTierMXBean} answers {@code figures} by getter name and which is closed once
   * {@code closed[0]} is; with {@code figures} null, a cache of another provider, which cannot
   * be unwrapped to it.
   */
  @SuppressWarnings("unchecked")
  private static Cache<Integer, String> fakeCache(Map<String, Long> figures, boolean[] closed) {
    ClassLoader loader = FileBackedCacheMetricsTest.class.getClassLoader();
    DiskTierMXBean bean = figures == null ? null : (DiskTierMXBean) Proxy.newProxyInstance(loader,
        new Class<?>[] {DiskTierMXBean.class}, (proxy, method, args) ->
            figures.get(method.getName()));
    CacheManager manager = (CacheManager) Proxy.newProxyInstance(loader,
        new Class<?>[] {CacheManager.class}, (proxy, method, args) -> {
          if (method.getName().equals("getURI")) {
            return URI.create("urn:test:manager");
          }
          throw new UnsupportedOperationException(method.getName());
        });
    CompleteConfiguration<Integer, String> configuration =
        new MutableConfiguration<Integer, String>().setStatisticsEnabled(true);
    return (Cache<Integer, String>) Proxy.newProxyInstance(loader, new Class<?>[] {Cache.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getName" -> "orders,region=eu:1";
          case "getCacheManager" -> manager;
          case "getConfiguration" -> configuration;
          case "isClosed" -> closed[0];
          case "unwrap" -> {
            if (args[0] == DiskTierMXBean.class && bean != null) {
              yield bean;
            }
            throw new IllegalArgumentException("cannot unwrap to " + args[0]);
          }
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
