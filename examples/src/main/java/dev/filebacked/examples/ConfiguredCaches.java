package dev.filebacked.examples;

import dev.filebacked.jcache.FileBackedConfiguration;
import dev.filebacked.jcache.management.DiskTierMXBean;
import dev.filebacked.spi.FileBackedCache;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * Caches configured by a file: the manager's URI names {@code configured-caches.conf} on the
 * class path. The cache the file declares exists as soon as the manager does; a cache created
 * with a plain {@code MutableConfiguration}, as Hibernate and Spring create theirs, gets the
 * file's template.
 */
public final class ConfiguredCaches {

  private static final int ENTRIES = 1_000;

  private ConfiguredCaches() {}

  public static void main(String[] args) {
    CachingProvider provider = Caching.getCachingProvider();
    URI file = URI.create("classpath:configured-caches.conf");
    CacheManager manager = provider.getCacheManager(file, provider.getDefaultClassLoader());
    try {
      Cache<Integer, String> books = manager.getCache("com.acme.Book", Integer.class,
          String.class);
      System.out.printf("%s declares %s (memory bound %,d, from its template).%n", file,
          manager.getCacheNames(), books.getConfiguration(FileBackedConfiguration.class)
              .getMaximumEntriesInMemory());
      fillAndReadBack(books);

      Cache<Object, Object> authors = manager.createCache("com.acme.Author",
          new MutableConfiguration<>());
      System.out.printf("com.acme.Author, created with a plain MutableConfiguration, got the "
          + "template's memory bound: %,d.%n", authors.getConfiguration(
              FileBackedConfiguration.class).getMaximumEntriesInMemory());
    } finally {
      manager.close();
    }
  }

  private static void fillAndReadBack(Cache<Integer, String> cache) {
    for (int i = 0; i < ENTRIES; i++) {
      cache.put(i, "book " + i);
    }
    cache.unwrap(FileBackedCache.class).flush(); // wait for the background writes
    DiskTierMXBean tiers = cache.unwrap(DiskTierMXBean.class);
    for (int i = 0; i < ENTRIES; i++) {
      if (!("book " + i).equals(cache.get(i))) {
        throw new IllegalStateException("Entry " + i + " read back wrong");
      }
    }
    System.out.printf("Read all %,d back: %,d from memory, %,d from disk.%n", ENTRIES,
        tiers.getMemoryHits(), tiers.getDiskHits());
  }
}
