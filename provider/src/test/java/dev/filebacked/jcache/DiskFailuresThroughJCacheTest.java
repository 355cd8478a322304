package dev.filebacked.jcache;

import static dev.filebacked.jcache.Beans.diskTier;
import static dev.filebacked.jcache.Beans.statistics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.core.testing.SmallDisk;
import dev.filebacked.spi.DiskFullPolicy;
import dev.filebacked.spi.FileBackedCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import javax.cache.integration.CacheWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the engine's failure policy looks like through JCache: statistics, beans, exceptions. */
class DiskFailuresThroughJCacheTest {

  @RegisterExtension
  final ProviderFixture fixture = new ProviderFixture("disk-failures");

  private static <V> FileBackedConfiguration<String, V> spilling(Class<V> type, Path directory) {
    FileBackedConfiguration<String, V> configuration = new FileBackedConfiguration<>();
    configuration.setTypes(String.class, type).setStatisticsEnabled(true);
    return configuration.setMaximumEntriesInMemory(1).setDirectory(directory);
  }

  private static void flush(Cache<?, ?> cache) {
    cache.unwrap(FileBackedCache.class).flush();
  }

  @Test
  void aDamagedBlobIsAMissCountedAsAnEvictionAndKeptInQuarantine() throws Exception {
    Path directory = fixture.temp().resolve("caches");
    Cache<String, String> cache = fixture.manager().createCache("damaged",
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
  void aPutOverAValueThatTurnsOutUnreadableIsACreation() throws Exception {
    Path directory = fixture.temp().resolve("caches");
    List<EventType> events = new CopyOnWriteArrayList<>();
    FileBackedConfiguration<String, String> configuration = spilling(String.class, directory);
    configuration.addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new RecordingListener(events)), null, true, true));
    Cache<String, String> cache = fixture.manager().createCache("events", configuration);
    cache.put("alpha-key", "1");
    cache.put("omega-key", "2");
    flush(cache);
    Path blob = BlobFiles.under(directory.resolve("events")).get(0);
    byte[] bytes = Files.readAllBytes(blob);
    String onDisk = new String(bytes, StandardCharsets.ISO_8859_1).contains("alpha-key")
        ? "alpha-key" : "omega-key";
    bytes[bytes.length - 1] ^= 1;
    Files.write(blob, bytes);
    events.clear();

    cache.put(onDisk, "new"); // wants the old value for the listener, finds it unreadable

    assertThat(events).containsExactly(EventType.CREATED);
    assertThat(cache.get(onDisk)).isEqualTo("new");
  }

  /** Records the type of every event; synchronous, so the list is complete when put returns. */
  private static final class RecordingListener implements CacheEntryCreatedListener<String, String>,
      CacheEntryUpdatedListener<String, String>, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final transient List<EventType> events;

    RecordingListener(List<EventType> events) {
      this.events = events;
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> all) {
      all.forEach(event -> events.add(event.getEventType()));
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> all) {
      all.forEach(event -> events.add(event.getEventType()));
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void underFailWritesAFullDiskFailsWritesWithACacheExceptionAndTheCacheRecoversByItself()
      throws Exception {
    Path mountPoint = Files.createDirectories(fixture.temp().resolve("disk"));
    try (SmallDisk disk = SmallDisk.mount(mountPoint, 4)) {
      try {
        Map<String, byte[]> written = new ConcurrentHashMap<>();
        FileBackedConfiguration<String, byte[]> configuration = spilling(byte[].class,
            disk.path()).setDiskFullPolicy(DiskFullPolicy.FAIL_WRITES);
        configuration.setWriteThrough(true)
            .setCacheWriterFactory(FactoryBuilder.factoryOf(new RecordingWriter(written)));
        Cache<String, byte[]> cache = fixture.manager().createCache("strict", configuration);
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
          assertThat(written.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
        }
        // A refused write never reaches the writer: the system of record and the cache agree.
        byte[] refusedValue = new byte[] {42};
        assertThatThrownBy(() -> cache.put("k0", refusedValue))
            .isInstanceOf(CacheException.class);
        assertThat(written.get("k0")).isEqualTo(acknowledged.get("k0"));
        assertThat(cache.get("k0")).isEqualTo(acknowledged.get("k0"));

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
        fixture.closeProvider(); // before the disk is unmounted
      }
    }
  }

  /** A write-through writer that records what it was given. */
  private static final class RecordingWriter implements CacheWriter<String, byte[]>,
      java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final transient Map<String, byte[]> written;

    RecordingWriter(Map<String, byte[]> written) {
      this.written = written;
    }

    @Override
    public void write(Cache.Entry<? extends String, ? extends byte[]> entry) {
      written.put(entry.getKey(), entry.getValue());
    }

    @Override
    public void writeAll(Collection<Cache.Entry<? extends String, ? extends byte[]>> entries) {
      entries.forEach(this::write);
    }

    @Override
    public void delete(Object key) {
      written.remove(key);
    }

    @Override
    public void deleteAll(Collection<?> keys) {
      keys.forEach(written::remove);
    }
  }
}
