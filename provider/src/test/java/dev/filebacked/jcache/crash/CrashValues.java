package dev.filebacked.jcache.crash;

import dev.filebacked.jcache.FileBackedCachingProvider;
import dev.filebacked.jcache.FileBackedConfiguration;
import dev.filebacked.spi.Durability;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * What the crash tests' two sides (the child JVM that is killed and the test that checks what
 * survived) must agree on: the cache's name and configuration, and the values.
 *
 * <p>A value names the op that wrote it: {@code v-<key>-<cycle>-<op>}, then {@code ':'} and a
 * filler of 16 to 2,015 letters computed from that id. So any value read back tells which op
 * wrote it, and a value that is not exactly what {@link #value} makes for its id (torn, mixed,
 * another key's) is caught. Lines between the processes carry only ids.
 */
final class CrashValues {

  static final String CACHE_NAME = "crash-cache";
  /** Fewer than the keys: values leave memory and are read back from disk. */
  static final long ENTRIES_IN_MEMORY = 16;

  private CrashValues() {}

  /** The configuration both sides open the cache with. */
  static FileBackedConfiguration<Integer, String> configuration(Path directory,
      Durability durability) {
    FileBackedConfiguration<Integer, String> configuration =
        new FileBackedConfiguration<Integer, String>()
            .setDirectory(directory)
            .setPersistent(true)
            .setDurability(durability)
            .setMaximumEntriesInMemory(ENTRIES_IN_MEMORY);
    configuration.setTypes(Integer.class, String.class);
    return configuration;
  }

  /**
   * A cache manager of the FileBacked provider whose own directory (which persistent caches
   * with a directory of their own do not use) is {@code managerDirectory}, so that a killed
   * process leaves no temporary folder behind.
   */
  static CacheManager manager(String uri, Path managerDirectory) {
    Properties properties = new Properties();
    properties.setProperty("filebacked.directory", managerDirectory.toString());
    ClassLoader loader = CrashValues.class.getClassLoader();
    return Caching.getCachingProvider(FileBackedCachingProvider.class.getName(), loader)
        .getCacheManager(URI.create(uri), loader, properties);
  }

  static String id(int key, int cycle, long op) {
    return "v-" + key + "-" + cycle + "-" + op;
  }

  /** The value op {@code op} of cycle {@code cycle} writes to {@code key}. */
  static String value(int key, int cycle, long op) {
    return valueOf(id(key, cycle, op));
  }

  private static String valueOf(String id) {
    long x = id.hashCode() * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    x = next(x);
    int length = 16 + (int) Long.remainderUnsigned(x >>> 7, 2_000);
    StringBuilder value = new StringBuilder(id.length() + 1 + length).append(id).append(':');
    for (int i = 0; i < length; i++) {
      x = next(x);
      value.append((char) ('a' + Long.remainderUnsigned(x >>> 33, 26)));
    }
    return value.toString();
  }

  private static long next(long x) {
    return x * 6364136223846793005L + 1442695040888963407L;
  }

  /**
   * How {@code value}, read for {@code key}, appears in the lines and the checks: {@code "-"}
   * for absent, its id if it is exactly a value this test writes for this key, else
   * {@code BAD(...)} with its length and first characters (no spaces).
   */
  static String describe(int key, String value) {
    if (value == null) {
      return "-";
    }
    int colon = value.indexOf(':');
    if (colon > 0) {
      String id = value.substring(0, colon);
      String[] parts = id.split("-");
      if (parts.length == 4 && parts[0].equals("v") && parts[1].equals(Integer.toString(key))
          && value.equals(valueOf(id))) {
        return id;
      }
    }
    String head = value.substring(0, Math.min(40, value.length()))
        .replaceAll("[^A-Za-z0-9:.-]", "?");
    return "BAD(length=" + value.length() + ",starts=" + head + ")";
  }

  /** Whether {@code description} (from {@link #describe}) is a well-formed value's id. */
  static boolean isId(String description) {
    return description.startsWith("v-");
  }
}
