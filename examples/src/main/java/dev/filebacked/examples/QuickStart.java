package dev.filebacked.examples;

import dev.filebacked.jcache.FileBackedConfiguration;
import dev.filebacked.jcache.management.DiskTierMXBean;
import dev.filebacked.jcache.management.MBeans;
import dev.filebacked.spi.FileBackedCache;
import java.lang.management.ManagementFactory;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.management.JMX;

/**
 * The README's quick start: plain JCache code. {@code Caching.getCachingProvider()} finds
 * FileBacked; a cache whose memory tier holds 100 values is given 1,000, and every one is read
 * back. The values pushed out of memory went to disk and come back transparently; the disk
 * tier's MXBean tells how many reads came from memory and how many from disk.
 */
public final class QuickStart {

  private static final int ENTRIES = 1_000;
  private static final int IN_MEMORY = 100;

  private QuickStart() {}

  public static void main(String[] args) {
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    try {
      FileBackedConfiguration<Integer, String> configuration = new FileBackedConfiguration<>();
      configuration.setTypes(Integer.class, String.class);
      configuration.setStatisticsEnabled(true);
      configuration.setMaximumEntriesInMemory(IN_MEMORY);
      Cache<Integer, String> cache = manager.createCache("quickstart", configuration);

      for (int i = 0; i < ENTRIES; i++) {
        cache.put(i, "value " + i + " " + "x".repeat(1_000));
      }
      cache.unwrap(FileBackedCache.class).flush(); // wait for the background writes
      DiskTierMXBean disk = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
          MBeans.nameOf(MBeans.Kind.DISK_TIER, manager.getURI(), cache.getName()),
          DiskTierMXBean.class);
      System.out.printf("Put %,d entries into %s, whose memory tier holds %,d values.%n",
          ENTRIES, manager.getCachingProvider().getClass().getSimpleName(), IN_MEMORY);
      System.out.printf("On disk: %,d blobs, %,d bytes.%n", disk.getBlobsOnDisk(),
          disk.getBytesOnDisk());

      long memoryHits = disk.getMemoryHits();
      long diskHits = disk.getDiskHits();
      for (int i = 0; i < ENTRIES; i++) {
        String value = cache.get(i);
        if (value == null || !value.startsWith("value " + i + " ")) {
          throw new IllegalStateException("Entry " + i + " read back wrong: " + value);
        }
      }
      System.out.printf("Read all %,d back: %,d from memory, %,d from disk.%n", ENTRIES,
          disk.getMemoryHits() - memoryHits, disk.getDiskHits() - diskHits);
    } finally {
      manager.close(); // closes the cache and deletes its disk tier
    }
    System.out.println("Closed the cache manager; its disk tier is deleted.");
  }
}
