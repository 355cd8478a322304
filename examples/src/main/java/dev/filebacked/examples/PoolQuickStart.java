package dev.filebacked.examples;

import dev.filebacked.core.pool.FilePool;
import dev.filebacked.core.pool.PoolStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The engine on its own, without JCache: a pool whose memory tier holds 100 entries is given 1,000, then
 * every one is read back. The values pushed out of memory were written to disk and come back
 * transparently; the program prints how many reads came from memory and how many from disk.
 */
public final class PoolQuickStart {

  private static final int ENTRIES = 1_000;
  private static final int IN_MEMORY = 100;

  private PoolQuickStart() {}

  public static void main(String[] args) throws IOException {
    Path directory = Files.createTempDirectory("filebacked-quickstart-");
    try (FilePool<Integer, String> pool = FilePool.<Integer, String>builder()
        .name("quickstart")
        .directory(directory.resolve("pool"))
        .maximumEntriesInMemory(IN_MEMORY)
        .build()) {

      for (int i = 0; i < ENTRIES; i++) {
        pool.put(i, "value " + i + " " + "x".repeat(1_000));
      }
      pool.flush(); // wait for the background writes of the values that left memory
      System.out.printf("Put %,d entries into a pool whose memory tier holds %,d.%n", ENTRIES,
          IN_MEMORY);
      System.out.printf("On disk: %,d blob files under %s%n", countFiles(directory), directory);

      PoolStats before = pool.stats();
      for (int i = 0; i < ENTRIES; i++) {
        String value = pool.get(i);
        if (value == null || !value.startsWith("value " + i + " ")) {
          throw new IllegalStateException("Entry " + i + " read back wrong: " + value);
        }
      }
      PoolStats after = pool.stats();
      System.out.printf("Read all %,d back: %,d from memory, %,d from disk.%n", ENTRIES,
          after.memoryHits() - before.memoryHits(), after.diskHits() - before.diskHits());
    }
    System.out.printf("Closed the pool; its directory is gone: %s%n",
        !Files.exists(directory.resolve("pool")));
    Files.deleteIfExists(directory);
  }

  private static long countFiles(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      return paths.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .count();
    }
  }
}
