package dev.filebacked.examples;

import dev.filebacked.jcache.FileBackedConfiguration;
import dev.filebacked.spi.Durability;
import dev.filebacked.spi.FileBackedCache;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * A persistent cache filled in one JVM and read in the next: the first run (a JVM of its own)
 * puts 1,000 entries, flushes and closes; this JVM then opens the cache of the same name on the
 * same directory and finds them, values still on disk until read. With a directory argument it
 * keeps the data there; without, it uses a temporary one and deletes it at the end.
 */
public final class PersistentCacheExample {

  private static final int ENTRIES = 1_000;

  private PersistentCacheExample() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--fill")) {
      fill(Path.of(args[1]));
      return;
    }
    boolean temporary = args.length == 0;
    Path directory = temporary ? Files.createTempDirectory("filebacked-example")
        : Path.of(args[0]);
    ChildJvm.run(PersistentCacheExample.class, "--fill", directory.toString());
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    try {
      Cache<Integer, String> cache = manager.createCache("orders", configuration(directory));
      int found = 0;
      for (int i = 0; i < ENTRIES; i++) {
        if (("order " + i).equals(cache.get(i))) {
          found++;
        }
      }
      System.out.printf("Second JVM (pid %d): found %,d of %,d entries the first one put.%n",
          ProcessHandle.current().pid(), found, ENTRIES);
      if (temporary) {
        manager.destroyCache("orders"); // deletes the data; close() would keep it
      }
    } finally {
      manager.close();
    }
  }

  private static void fill(Path directory) {
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    try {
      Cache<Integer, String> cache = manager.createCache("orders", configuration(directory));
      for (int i = 0; i < ENTRIES; i++) {
        cache.put(i, "order " + i);
      }
      cache.unwrap(FileBackedCache.class).flush(); // durable now, even through a power cut
      System.out.printf("First JVM (pid %d): put %,d entries into persistent cache 'orders' in "
          + "%s.%n", ProcessHandle.current().pid(), ENTRIES, directory);
    } finally {
      manager.close(); // a clean close: a checkpoint makes the next open fast
    }
  }

  private static FileBackedConfiguration<Integer, String> configuration(Path directory) {
    FileBackedConfiguration<Integer, String> configuration = new FileBackedConfiguration<>();
    configuration.setTypes(Integer.class, String.class);
    return configuration.setDirectory(directory).setPersistent(true)
        .setDurability(Durability.ON_FLUSH).setMaximumEntriesInMemory(100);
  }
}
