package dev.filebacked.jcache.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.spi.Durability;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One persistent cache, two JVMs: while one holds the cache open, the other is refused with a
 * {@link CacheException} that names the holder (the pid and host its directory's lock file
 * records); once the holder has let go (closed the cache, or been killed), the other opens it
 * and finds the data.
 */
class SecondJvmLockTest {

  private static final int KEYS = 8;

  @TempDir
  Path temp;

  private final List<CacheManager> managers = new ArrayList<>();

  @AfterEach
  void closeManagers() {
    managers.forEach(CacheManager::close);
  }

  private Path directory() {
    return temp.resolve("caches");
  }

  private Cache<Integer, String> openHere() {
    CacheManager manager = CrashValues.manager("lock-test", temp.resolve("managers"));
    managers.add(manager);
    return manager.createCache(CrashValues.CACHE_NAME,
        CrashValues.configuration(directory(), Durability.FSYNC));
  }

  private ChildJvm startChild(String mode) throws IOException {
    return ChildJvm.start(SecondJvmOpener.class, temp.resolve("child-" + mode),
        directory().toString(), temp.resolve("child-managers").toString(),
        Integer.toString(KEYS), mode);
  }

  private static String holder(long pid) throws IOException {
    // What core's DirectoryLock writes into the lock file.
    return "pid " + pid + " on host " + InetAddress.getLocalHost().getHostName();
  }

  @Test
  void aSecondJvmIsRefusedNamingTheHolderAndOpensTheCacheOnceItIsClosed() throws Exception {
    Cache<Integer, String> cache = openHere();
    for (int key = 0; key < KEYS; key++) {
      cache.put(key, CrashValues.value(key, 0, key));
    }

    try (ChildJvm child = startChild("read")) {
      int exit = child.awaitExit(Duration.ofSeconds(60));
      List<String> lines = child.lines();
      System.out.println("Second JVM while this one (pid " + ProcessHandle.current().pid()
          + ") holds the cache: exit " + exit + ", " + lines);
      assertThat(exit).as("exit code; lines %s; stderr %s", lines, child.stderr())
          .isEqualTo(SecondJvmOpener.REFUSED);
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0))
          .startsWith("REFUSED " + CacheException.class.getName() + " ")
          .contains("Cache " + CrashValues.CACHE_NAME)
          .contains("is locked by " + holder(ProcessHandle.current().pid()))
          .contains(directory().toAbsolutePath().normalize().toString());
    }
    assertThat(cache.get(0)).as("the holder is not disturbed").isEqualTo(
        CrashValues.value(0, 0, 0));

    managers.forEach(CacheManager::close);
    try (ChildJvm child = startChild("read")) {
      int exit = child.awaitExit(Duration.ofSeconds(60));
      List<String> lines = child.lines();
      assertThat(exit).as("exit code; lines %s; stderr %s", lines, child.stderr()).isZero();
      List<String> expected = new ArrayList<>();
      expected.add("OPENED " + child.pid());
      for (int key = 0; key < KEYS; key++) {
        expected.add("VALUE " + key + " " + CrashValues.id(key, 0, key));
      }
      expected.add("CLOSED");
      assertThat(lines).isEqualTo(expected);
    }

    Cache<Integer, String> again = openHere();
    assertThat(again.get(KEYS - 1)).isEqualTo(CrashValues.value(KEYS - 1, 0, KEYS - 1));
  }

  @Test
  void thisJvmIsRefusedWhileAChildHoldsTheCacheAndOpensItOnceTheChildIsKilled()
      throws Exception {
    Cache<Integer, String> cache = openHere();
    for (int key = 0; key < KEYS; key++) {
      cache.put(key, CrashValues.value(key, 0, key));
    }
    managers.forEach(CacheManager::close);
    managers.clear();

    try (ChildJvm child = startChild("hold")) {
      String holding = child.awaitLine(line -> line.equals("HOLDING")
          || line.startsWith("REFUSED"), Duration.ofSeconds(60));
      assertThat(holding).as("lines %s; stderr %s", child.lines(), child.stderr())
          .isEqualTo("HOLDING");
      assertThat(child.lines()).contains("VALUE 0 " + CrashValues.id(0, 0, 0));

      assertThatThrownBy(this::openHere)
          .isInstanceOf(CacheException.class)
          .hasMessageContaining("is locked by " + holder(child.pid()));

      child.kill(); // kill -9: its lock file still names it, but nobody holds the lock
    }

    Cache<Integer, String> reopened = openHere();
    for (int key = 0; key < KEYS + 10; key++) {
      assertThat(reopened.get(key)).as("key %s", key)
          .isEqualTo(CrashValues.value(key, 0, key));
    }
  }
}
