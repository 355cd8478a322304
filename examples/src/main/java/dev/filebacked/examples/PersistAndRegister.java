package dev.filebacked.examples;

import dev.filebacked.jcache.FileBackedConfiguration;
import dev.filebacked.spi.FileBackedCache;
import dev.filebacked.spi.TrackedLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * Persist, restart, register: the first run (a JVM of its own) fills an ordinary cache, whose
 * disk tier dies with it, and persists three chosen entries into a permanent directory; this JVM
 * tracks that directory and registers them into a fresh cache, where they read back. With a
 * directory argument the persisted blobs stay there; without, a temporary one is used and
 * emptied at the end.
 */
public final class PersistAndRegister {

  private PersistAndRegister() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--persist")) {
      persist(Path.of(args[1]));
      return;
    }
    boolean temporary = args.length == 0;
    Path permanent = temporary ? Files.createTempDirectory("filebacked-persisted")
        .resolve("kept") : Path.of(args[0]);
    ChildJvm.run(PersistAndRegister.class, "--persist", permanent.toString());
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    try {
      Cache<String, String> cache = manager.createCache("reports", configuration());
      @SuppressWarnings("unchecked")
      FileBackedCache<String, String> fileBacked = cache.unwrap(FileBackedCache.class);
      TrackedLocation location = fileBacked.trackPath(permanent);
      System.out.printf("Second JVM: %s holds %d persisted versions.%n", permanent,
          location.ids().size());
      for (UUID id : location.ids()) {
        String key = fileBacked.register(location, id);
        System.out.printf("  registered %s -> %s%n", key, cache.get(key));
      }
      if (temporary) {
        for (UUID id : location.ids()) {
          fileBacked.deletePersisted(location, id);
        }
      }
    } finally {
      manager.close();
    }
  }

  private static void persist(Path permanent) {
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    try {
      Cache<String, String> cache = manager.createCache("reports", configuration());
      for (int i = 0; i < 100; i++) {
        cache.put("report-" + i, "the figures of report " + i);
      }
      @SuppressWarnings("unchecked")
      FileBackedCache<String, String> fileBacked = cache.unwrap(FileBackedCache.class);
      TrackedLocation location = fileBacked.trackPath(permanent);
      for (String key : new String[] {"report-7", "report-42", "report-99"}) {
        UUID id = fileBacked.persistAsync(key, location).join();
        System.out.printf("First JVM: persisted %s as %s%n", key, id);
      }
      fileBacked.sync(location); // durable
      System.out.println("First JVM: exiting; its cache and disk tier go with it.");
    } finally {
      manager.close();
    }
  }

  private static FileBackedConfiguration<String, String> configuration() {
    FileBackedConfiguration<String, String> configuration = new FileBackedConfiguration<>();
    configuration.setTypes(String.class, String.class);
    return configuration.setMaximumEntriesInMemory(10);
  }
}
