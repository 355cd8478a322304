package dev.filebacked.jcache;

import static dev.filebacked.jcache.Beans.diskTier;
import static dev.filebacked.jcache.Beans.statistics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.jcache.management.DiskTierMXBean;
import dev.filebacked.spi.FileBackedCache;
import dev.filebacked.spi.TrackedLocation;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The disk tier as a JCache user sees it: values spill, read back, and show in the beans. */
class DiskTierThroughJCacheTest {

  @RegisterExtension
  final ProviderFixture fixture = new ProviderFixture("disk-tier-test");

  private CacheManager manager(long entriesInMemory) {
    Properties properties = new Properties();
    properties.setProperty("filebacked.default.memory.maximum-entries",
        Long.toString(entriesInMemory));
    properties.setProperty("filebacked.directory", fixture.temp().resolve("root").toString());
    return fixture.manager(properties);
  }

  @Test
  void theCachingServiceFindsFileBacked() {
    assertThat(Caching.getCachingProvider()).isInstanceOf(FileBackedCachingProvider.class);
  }

  @Test
  void aPlainMutableConfigurationGetsTheProviderDefaultMemoryBoundAndSpills() {
    Cache<Integer, String> cache = manager(1).createCache("plain",
        new MutableConfiguration<Integer, String>().setStatisticsEnabled(true));
    for (int i = 0; i < 50; i++) {
      cache.put(i, "value-" + i);
    }
    cache.unwrap(FileBackedCache.class).flush();
    DiskTierMXBean disk = diskTier(cache);
    assertThat(disk.getEntries()).isEqualTo(50);
    assertThat(disk.getEntriesInMemory()).isEqualTo(1);
    assertThat(disk.getSpills()).isEqualTo(49);
    assertThat(disk.getBlobsOnDisk()).isEqualTo(49);
    assertThat(disk.getBytesOnDisk()).isPositive();

    for (int i = 0; i < 50; i++) {
      assertThat(cache.get(i)).isEqualTo("value-" + i);
    }
    assertThat(disk.getDiskHits()).isGreaterThanOrEqualTo(49);
    assertThat(statistics(cache).getCacheHits()).isEqualTo(50);
  }

  @Test
  void readsCountInTheDiskTierBeanOnlyWhileStatisticsAreEnabled() {
    CacheManager manager = manager(100);
    Cache<Integer, String> cache = manager.createCache("counted", new MutableConfiguration<>());
    cache.put(1, "one");
    assertThat(cache.get(1)).isEqualTo("one");
    assertThat(cache.get(2)).isNull();

    manager.enableStatistics("counted", true);
    assertThat(cache.get(1)).isEqualTo("one");
    assertThat(diskTier(cache).getMemoryHits()).isEqualTo(1);
    assertThat(statistics(cache).getCacheMisses()).isZero();
  }

  @Test
  void storeByReferenceCachesKeepTheInstanceAndNeverSpill() {
    Cache<Integer, List<String>> cache = manager(1).createCache("by-reference",
        new MutableConfiguration<Integer, List<String>>().setStoreByValue(false)
            .setStatisticsEnabled(true));
    List<List<String>> values = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      List<String> value = new ArrayList<>(List.of("v" + i));
      values.add(value);
      cache.put(i, value);
    }
    for (int i = 0; i < 20; i++) {
      assertThat(cache.get(i)).isSameAs(values.get(i));
    }
    cache.unwrap(FileBackedCache.class).flush();
    assertThat(diskTier(cache).getSpills()).isZero();
    assertThat(diskTier(cache).getBlobsOnDisk()).isZero();
  }

  @Test
  void storeByReferenceCachesSpillCopiesWhenTheUserOptsIn() {
    FileBackedConfiguration<Integer, ArrayList<String>> configuration =
        new FileBackedConfiguration<>();
    configuration.setStoreByValue(false);
    configuration.setStatisticsEnabled(true);
    configuration.setSpillByReference(true).setMaximumEntriesInMemory(1);
    Cache<Integer, ArrayList<String>> cache = manager(100).createCache("spilling", configuration);
    ArrayList<String> first = new ArrayList<>(List.of("first"));
    cache.put(1, first);
    cache.put(2, new ArrayList<>(List.of("second")));
    cache.put(3, new ArrayList<>(List.of("third")));
    cache.unwrap(FileBackedCache.class).flush();

    assertThat(diskTier(cache).getSpills()).isPositive();
    assertThat(cache.get(1)).isEqualTo(first);
    assertThat(cache.getConfiguration(FileBackedConfiguration.class).isSpillByReference())
        .isTrue();
  }

  @Test
  void storeByValueCopiesBothWaysEvenWhenTheValueIsInMemory() {
    Cache<Integer, ArrayList<String>> cache = manager(100).createCache("copies",
        new MutableConfiguration<>());
    ArrayList<String> value = new ArrayList<>(List.of("a"));
    cache.put(1, value);
    value.add("changed after put");
    ArrayList<String> read = cache.get(1);
    assertThat(read).containsExactly("a");
    read.add("changed after get");
    assertThat(cache.get(1)).containsExactly("a");
  }

  @Test
  void aValueThatCannotBeReadBackIsAMissNotAnError() throws IOException {
    FileBackedConfiguration<String, String> configuration = new FileBackedConfiguration<>();
    configuration.setStatisticsEnabled(true);
    configuration.setMaximumEntriesInMemory(1).setDirectory(fixture.temp().resolve("own"));
    Cache<String, String> cache = manager(1).createCache("corrupt", configuration);
    cache.put("victim", "a value that will be damaged on disk");
    cache.put("other", "pushes the victim out of memory");
    cache.unwrap(FileBackedCache.class).flush();
    List<Path> blobs = BlobFiles.under(fixture.temp().resolve("own"));
    assertThat(blobs).hasSize(1);
    try (FileChannel channel = FileChannel.open(blobs.get(0), StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {'X', 'X'}), channel.size() - 2);
    }

    assertThat(cache.get("victim")).isNull();
    assertThat(cache.containsKey("victim")).isFalse();
    assertThat(cache.get("other")).isEqualTo("pushes the victim out of memory");
    assertThat(statistics(cache).getCacheEvictions()).isEqualTo(1);
  }

  @Test
  void cacheNamesNeverReachOutsideTheManagersDirectory() throws IOException {
    CacheManager manager = manager(1);
    Cache<String, String> cache = manager.createCache("../../etc",
        new MutableConfiguration<>());
    cache.put("a", "1");
    cache.put("b", "2");
    cache.unwrap(FileBackedCache.class).flush();
    Path managerDirectory = fixture.temp().resolve("root").resolve("disk-tier-test");
    assertThat(managerDirectory.resolve("%2E%2E%2F%2E%2E%2Fetc")).isDirectory();
    try (Stream<Path> outside = Files.list(fixture.temp())) {
      assertThat(outside.map(p -> p.getFileName().toString())).containsExactly("root");
    }
    assertThat(cache.get("a")).isEqualTo("1");
  }

  @Test
  void persistLinksTheCurrentValueAndRegisterBringsItBack() {
    Cache<String, String> cache = manager(1).createCache("persisting",
        new MutableConfiguration<>());
    cache.put("key", "value");
    @SuppressWarnings("unchecked")
    FileBackedCache<String, String> fileBacked = cache.unwrap(FileBackedCache.class);
    TrackedLocation location = fileBacked.trackPath(fixture.temp().resolve("kept"));
    UUID id = fileBacked.persist("key", location);
    fileBacked.sync(location);
    String name = id.toString();
    assertThat(fixture.temp().resolve("kept").resolve(name.substring(0, 2)).resolve(name))
        .isRegularFile();
    assertThatThrownBy(() -> fileBacked.persist("absent", location))
        .hasMessageContaining("absent");
    cache.remove("key");
    assertThat(fileBacked.register(location, id)).isEqualTo("key");
    assertThat(cache.get("key")).isEqualTo("value");
    assertThat(fileBacked.deletePersisted(location, id)).isTrue();
    assertThat(cache.get("key")).as("the cache's own link stays").isEqualTo("value");
  }

  @Test
  void aCacheWhoseValuesNeverLeaveMemoryMakesNoFolderAndTheFirstSpillMakesIt() {
    Cache<Integer, String> cache = manager(10).createCache("small",
        new MutableConfiguration<Integer, String>().setTypes(Integer.class, String.class));
    Path folder = fixture.temp().resolve("root").resolve("disk-tier-test").resolve("small");
    for (int i = 0; i < 10; i++) {
      cache.put(i, "value " + i);
    }
    cache.unwrap(FileBackedCache.class).flush();
    assertThat(folder).doesNotExist();

    for (int i = 10; i < 20; i++) {
      cache.put(i, "value " + i);
    }
    cache.unwrap(FileBackedCache.class).flush();
    assertThat(folder.resolve(".filebacked")).isRegularFile();
    for (int i = 0; i < 20; i++) {
      assertThat(cache.get(i)).isEqualTo("value " + i);
    }
    cache.close();
    assertThat(folder).doesNotExist();
  }

  @Test
  void closingTheManagerDeletesItsTemporaryDirectory() {
    FileBackedCachingProvider own = new FileBackedCachingProvider();
    FileBackedCacheManager manager = (FileBackedCacheManager) own.getCacheManager();
    Cache<Integer, String> cache = manager.createCache("c", new MutableConfiguration<>());
    cache.put(1, "one");
    Path directory = manager.directory();
    assertThat(directory).isDirectory();
    own.close();
    assertThat(directory).doesNotExist();
    assertThat(cache.isClosed()).isTrue();
  }
}
