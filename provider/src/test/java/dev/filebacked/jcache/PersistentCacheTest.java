package dev.filebacked.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.spi.Durability;
import dev.filebacked.spi.FileBackedCache;
import dev.filebacked.spi.TrackedLocation;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.integration.CacheWriter;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Persistent caches through JCache: what survives a close, what destroy deletes, register. */
class PersistentCacheTest {

  @RegisterExtension
  final ProviderFixture fixture = new ProviderFixture("persistent-test");

  private FileBackedConfiguration<Integer, String> persistent() {
    FileBackedConfiguration<Integer, String> configuration = new FileBackedConfiguration<>();
    configuration.setTypes(Integer.class, String.class);
    return configuration.setDirectory(fixture.temp().resolve("data")).setPersistent(true)
        .setMaximumEntriesInMemory(8);
  }

  @Test
  void entriesSurviveTheManagersCloseAndComeBackInTheNextOne() {
    CacheManager first = fixture.manager();
    Cache<Integer, String> cache = first.createCache("kept",
        persistent().setDurability(Durability.FSYNC));
    for (int i = 0; i < 40; i++) {
      cache.put(i, "v" + i);
    }
    cache.replace(3, "replaced");
    cache.remove(4);
    first.close();

    Cache<Integer, String> reopened = fixture.manager().createCache("kept",
        persistent().setDurability(Durability.FSYNC));
    assertThat(reopened.get(3)).isEqualTo("replaced");
    assertThat(reopened.containsKey(4)).isFalse();
    int found = 0;
    for (Cache.Entry<Integer, String> entry : reopened) {
      assertThat(entry.getValue()).isIn("v" + entry.getKey(), "replaced");
      found++;
    }
    assertThat(found).isEqualTo(39);
  }

  @Test
  void deadlinesAreWallClockInstantsThatOutliveTheJvmsClock() {
    CacheManager first = fixture.manager();
    FileBackedConfiguration<Integer, String> shortLived = persistent();
    shortLived.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
        new Duration(TimeUnit.MILLISECONDS, 1)));
    FileBackedConfiguration<Integer, String> longLived = persistent();
    longLived.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_DAY));
    first.createCache("short", shortLived).put(1, "one");
    first.createCache("long", longLived).put(1, "one");
    long writtenAt = System.currentTimeMillis();
    first.close();
    while (System.currentTimeMillis() <= writtenAt + 1) {
      Thread.onSpinWait(); // the 1 ms deadline is behind the wall clock once it ticks twice
    }
    CacheManager second = fixture.manager();
    assertThat(second.createCache("short", persistent()).get(1)).isNull();
    assertThat(second.createCache("long", persistent()).get(1)).isEqualTo("one");
  }

  @Test
  void destroyCacheDeletesTheDataAndCloseKeepsIt() {
    CacheManager manager = fixture.manager();
    manager.createCache("doomed", persistent()).put(1, "one");
    manager.destroyCache("doomed");
    assertThat(fixture.temp().resolve("data").resolve("doomed")).doesNotExist();
    assertThat(manager.createCache("doomed", persistent()).get(1)).isNull();
  }

  @Test
  void aPersistentCacheWithoutADirectoryOfItsOwnIsRefusedSayingWhy() {
    CachingProvider provider = Caching.getCachingProvider(
        FileBackedCachingProvider.class.getName());
    CacheManager manager = provider.getCacheManager(URI.create("no-directory"),
        getClass().getClassLoader(), new Properties());
    try {
      assertThatThrownBy(() -> manager.createCache("nowhere",
          new FileBackedConfiguration<Integer, String>().setPersistent(true)))
          .isInstanceOf(CacheException.class)
          .hasMessageContaining("no directory of its own")
          .hasMessageContaining("setDirectory");
    } finally {
      manager.close();
    }
  }

  @Test
  void aRegisteredEntryIsLikeALoadedOneCreatedOrUpdatedNoWriterNoPut() {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    List<Integer> written = Collections.synchronizedList(new ArrayList<>());
    FileBackedConfiguration<Integer, String> configuration = persistent();
    configuration.setStatisticsEnabled(true).setWriteThrough(true)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(new RecordingWriter(written)))
        .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(new RecordingListener(events)), null, false, true));
    Cache<Integer, String> cache = fixture.manager().createCache("registering", configuration);
    @SuppressWarnings("unchecked")
    FileBackedCache<Integer, String> extension = cache.unwrap(FileBackedCache.class);
    cache.put(1, "one");
    cache.put(2, "two");
    TrackedLocation location = extension.trackPath(fixture.temp().resolve("kept"));
    Map<Integer, UUID> ids = extension.persistAllAsync(location).join();
    assertThat(ids).containsOnlyKeys(1, 2);
    cache.remove(1);
    cache.put(2, "changed");
    events.clear();
    written.clear();
    long puts = Beans.statistics(cache).getCachePuts();

    assertThat(extension.registerAllAsync(location).join()).isEqualTo(2);

    assertThat(events).containsExactlyInAnyOrder("CREATED 1=one", "UPDATED 2=two");
    assertThat(written).as("a registration is not new data: no writer call").isEmpty();
    assertThat(Beans.statistics(cache).getCachePuts()).isEqualTo(puts);
    assertThat(extension.getAsync(1).join()).isEqualTo("one");
    assertThat(cache.get(2)).isEqualTo("two");
  }

  @Test
  void theAsyncTwinsFailAsTheBlockingFormsDo() {
    Cache<Integer, String> cache = fixture.manager().createCache("async", persistent());
    @SuppressWarnings("unchecked")
    FileBackedCache<Integer, String> extension = cache.unwrap(FileBackedCache.class);
    TrackedLocation location = extension.trackPathAsync(fixture.temp().resolve("kept")).join();
    assertThat(extension.persistAsync(7, location)).failsWithin(java.time.Duration.ofSeconds(10))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(java.util.NoSuchElementException.class);
    cache.put(7, "seven");
    UUID id = extension.persistAsync(7, location).join();
    extension.syncAsync(location).join();
    extension.flushAsync().join();
    assertThat(extension.deletePersistedAsync(location, id).join()).isTrue();
    assertThat(extension.deletePersistedAsync(location, id).join()).isFalse();
  }

  @Test
  @org.junit.jupiter.api.Timeout(120)
  void aFullDiskFailsAPersistentPutWithACacheExceptionAndLosesNothingStored() throws Exception {
    Path mountPoint = java.nio.file.Files.createDirectories(fixture.temp().resolve("disk"));
    try (dev.filebacked.core.testing.SmallDisk disk =
        dev.filebacked.core.testing.SmallDisk.mount(mountPoint, 4)) {
      FileBackedConfiguration<Integer, byte[]> configuration = new FileBackedConfiguration<>();
      configuration.setTypes(Integer.class, byte[].class);
      configuration.setDirectory(disk.path()).setPersistent(true)
          .setDurability(Durability.FSYNC).setMaximumEntriesInMemory(2);
      CacheManager manager = fixture.manager();
      Cache<Integer, byte[]> cache = manager.createCache("full", configuration);
      java.util.Map<Integer, byte[]> acknowledged = new java.util.LinkedHashMap<>();
      java.util.Random random = new java.util.Random(3);
      CacheException refused = null;
      for (int i = 0; i < 200 && refused == null; i++) {
        byte[] value = new byte[64 * 1024];
        random.nextBytes(value);
        try {
          cache.put(i, value);
          acknowledged.put(i, value);
        } catch (CacheException e) {
          refused = e;
        }
      }
      assertThat(refused).as("a put refused once the 4 MiB disk was full").isNotNull()
          .hasMessageContaining("full").hasMessageContaining("space");
      assertThat(acknowledged).hasSizeGreaterThan(10);
      for (java.util.Map.Entry<Integer, byte[]> entry : acknowledged.entrySet()) {
        assertThat(cache.get(entry.getKey())).isEqualTo(entry.getValue());
      }
      cache.remove(0);
      cache.remove(1);
      cache.put(1_000, new byte[1_000]); // room again: writes resume
      manager.close();

      Cache<Integer, byte[]> reopened = fixture.manager().createCache("full", configuration);
      acknowledged.remove(0);
      acknowledged.remove(1);
      for (java.util.Map.Entry<Integer, byte[]> entry : acknowledged.entrySet()) {
        assertThat(reopened.get(entry.getKey())).isEqualTo(entry.getValue());
      }
      assertThat(reopened.get(1_000)).hasSize(1_000);
      assertThat(reopened.containsKey(0)).isFalse();
      reopened.getCacheManager().close();
    }
  }

  /** Records what the writer is asked to write. */
  static final class RecordingWriter implements CacheWriter<Integer, String>,
      java.io.Serializable {
    private final transient List<Integer> written;

    RecordingWriter(List<Integer> written) {
      this.written = written;
    }

    @Override
    public void write(Cache.Entry<? extends Integer, ? extends String> entry) {
      written.add(entry.getKey());
    }

    @Override
    public void writeAll(java.util.Collection<Cache.Entry<? extends Integer,
        ? extends String>> entries) {
      entries.forEach(this::write);
    }

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(java.util.Collection<?> keys) {}
  }

  /** Records created and updated events as "TYPE key=value". */
  static final class RecordingListener implements CacheEntryCreatedListener<Integer, String>,
      CacheEntryUpdatedListener<Integer, String>, java.io.Serializable {
    private final transient List<String> events;

    RecordingListener(List<String> events) {
      this.events = events;
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends Integer, ? extends String>> all) {
      all.forEach(e -> events.add(e.getEventType() + " " + e.getKey() + "=" + e.getValue()));
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends Integer, ? extends String>> all) {
      all.forEach(e -> events.add(e.getEventType() + " " + e.getKey() + "=" + e.getValue()));
    }
  }
}
