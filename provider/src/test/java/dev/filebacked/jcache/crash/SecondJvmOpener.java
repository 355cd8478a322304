package dev.filebacked.jcache.crash;

import dev.filebacked.spi.Durability;
import java.nio.file.Path;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;

/**
 * The child JVM of {@link SecondJvmLockTest}: opens the persistent cache of
 * {@link CrashValues#CACHE_NAME} (FSYNC) in a directory another JVM may hold.
 *
 * <p>Arguments: {@code <directory> <managerDirectory> <keys> <mode>}. If the open fails with a
 * {@link CacheException} it prints {@code REFUSED <exception class> <message on one line>} and
 * exits with {@value #REFUSED}. Otherwise it prints {@code OPENED <pid>}, then
 * {@code VALUE <key> <id or ->} for keys {@code 0..keys-1}; in mode {@code read} it closes the
 * cache manager, prints {@code CLOSED} and exits with 0; in mode {@code hold} it puts
 * {@code keys..keys+9} (values of cycle 0), prints {@code HOLDING} and waits to be killed (or
 * halts when its stdin closes).
 */
public final class SecondJvmOpener {

  static final int REFUSED = 3;

  private SecondJvmOpener() {}

  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[0]);
    Path managerDirectory = Path.of(args[1]);
    int keys = Integer.parseInt(args[2]);
    String mode = args[3];
    CacheManager manager = CrashValues.manager("second-jvm", managerDirectory);
    Cache<Integer, String> cache;
    try {
      cache = manager.createCache(CrashValues.CACHE_NAME,
          CrashValues.configuration(directory, Durability.FSYNC));
    } catch (CacheException e) {
      CrashWorkload.line("REFUSED " + e.getClass().getName() + " "
          + String.valueOf(e.getMessage()).replace('\n', ' ').replace('\r', ' '));
      Runtime.getRuntime().halt(REFUSED);
      return;
    }
    CrashWorkload.line("OPENED " + ProcessHandle.current().pid());
    for (int key = 0; key < keys; key++) {
      CrashWorkload.line("VALUE " + key + " " + CrashValues.describe(key, cache.get(key)));
    }
    if (mode.equals("read")) {
      manager.close();
      CrashWorkload.line("CLOSED");
      System.exit(0);
    }
    for (int key = keys; key < keys + 10; key++) {
      cache.put(key, CrashValues.value(key, 0, key));
    }
    CrashWorkload.line("HOLDING");
    while (System.in.read() != -1) {
      // The parent never writes; EOF means it closed the pipe or died.
    }
    Runtime.getRuntime().halt(98);
  }
}
