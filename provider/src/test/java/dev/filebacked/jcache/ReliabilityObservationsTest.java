package dev.filebacked.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import dev.filebacked.core.testing.SmallDisk;
import dev.filebacked.spi.FileBackedCache;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.processor.EntryProcessor;
import javax.cache.spi.CachingProvider;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One test per reliability problem a user observed, each named after the observation and
 * asserting what the cache does instead. Only the public JCache API, {@link
 * FileBackedConfiguration}, {@link FileBackedCache#flush()}, the standard {@code CacheStatistics}
 * bean and plain file manipulation are used, so the tests hold for any on-disk layout in which
 * blobs are files named by a lowercase UUID somewhere under the configured directory.
 */
class ReliabilityObservationsTest {

  private static final Pattern BLOB_NAME =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern SHARD_NAME = Pattern.compile("[0-9a-f]{2}");

  @RegisterExtension
  final ProviderFixture fixture = new ProviderFixture("reliability");

  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void destroyChildren() {
    for (Process child : children) {
      child.destroyForcibly();
    }
  }

  // ------------------------------------------------------------------ the observations

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void usersOwnFolderSurvivesOpenUseCloseAndDestroy() throws IOException {
    Path dir = Files.createDirectories(fixture.temp().resolve("users-folder"));
    Path notes = dir.resolve("notes.txt");
    Files.writeString(notes, "my notes, not the cache's\n");
    Path photo = Files.createDirectories(dir.resolve("photos")).resolve("keep.jpg");
    byte[] photoBytes = new byte[4096];
    new Random(7).nextBytes(photoBytes);
    Files.write(photo, photoBytes);

    CacheManager manager = fixture.manager();
    Cache<Integer, String> cache = manager.createCache("users-folder", spilling(dir));
    for (int i = 0; i < 50; i++) {
      cache.put(i, "value-" + i);
    }
    flush(cache);
    for (int i = 0; i < 50; i++) {
      assertThat(cache.get(i)).isEqualTo("value-" + i);
    }
    cache.close();
    manager.createCache("users-folder", spilling(dir));
    manager.destroyCache("users-folder");
    manager.close();

    assertThat(notes).as("the user's file beside the cache").exists().hasContent(
        "my notes, not the cache's\n");
    assertThat(photo).as("the user's file in a folder beside the cache").exists()
        .hasBinaryContent(photoBytes);
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("what is left in the user's folder: the cache removed its own folder, nothing else")
          .containsExactlyInAnyOrder("notes.txt", "photos");
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void swappedBlobFilesNeverServeAnotherKeysValue() throws IOException {
    Path dir = fixture.temp().resolve("swapped");
    Cache<Integer, String> cache = fixture.manager().createCache("swapped", spilling(dir));
    for (int i = 0; i < 10; i++) {
      cache.put(i, "value-" + i);
    }
    flush(cache);
    List<Path> blobs = blobFiles(dir);
    assertThat(blobs).as("blobs of the 10 entries, 1 of which is in memory").hasSizeGreaterThan(1);
    for (int i = 0; i + 1 < blobs.size(); i += 2) {
      byte[] a = Files.readAllBytes(blobs.get(i));
      byte[] b = Files.readAllBytes(blobs.get(i + 1));
      Files.write(blobs.get(i), b);
      Files.write(blobs.get(i + 1), a);
    }

    Map<Integer, String> wrong = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      String value = cache.get(i);
      if (value != null && !value.equals("value-" + i)) {
        wrong.put(i, value);
      }
    }
    assertThat(wrong).as("keys answered with another key's value after %d blob files were "
        + "swapped in pairs", blobs.size() / 2 * 2).isEmpty();
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void putsRacingAnUnreadableBlobAreNeverLost() throws Exception {
    int keys = 2_000;
    CacheManager manager = fixture.manager();
    for (int round = 0; round < 3; round++) {
      Path dir = fixture.temp().resolve("racing-" + round);
      Cache<Integer, String> cache = manager.createCache("racing-" + round, spilling(dir));
      for (int k = 0; k < keys; k++) {
        cache.put(k, "v1-" + k);
      }
      flush(cache);
      List<Path> blobs = blobFiles(dir);
      assertThat(blobs).as("round %d: blobs of %d entries", round, keys)
          .hasSizeGreaterThan(keys / 2);
      for (Path blob : blobs) {
        damage(blob);
      }

      // The two threads meet at every key, so that each put lands while the read of the same
      // key's damaged blob is in flight: the interleaving that lost puts.
      CyclicBarrier together = new CyclicBarrier(2);
      ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
      Thread reader = new Thread(() -> {
        for (int k = 0; k < keys && meet(together, problems); k++) {
          try {
            String value = cache.get(k);
            if (value != null && !value.equals("v2-" + k) && !value.equals("v1-" + k)) {
              problems.add("get(" + k + ") answered another key's value " + value);
            }
          } catch (CacheException e) {
            // A failed read may be reported; it must just not lose the racing put.
          } catch (RuntimeException | Error e) {
            problems.add("get(" + k + ") threw " + e);
          }
        }
      }, "reader-" + round);
      Thread writer = new Thread(() -> {
        for (int k = 0; k < keys && meet(together, problems); k++) {
          try {
            cache.put(k, "v2-" + k);
          } catch (RuntimeException | Error e) {
            problems.add("put(" + k + ") threw " + e);
          }
        }
      }, "writer-" + round);
      reader.start();
      writer.start();
      reader.join(TimeUnit.SECONDS.toMillis(90));
      writer.join(TimeUnit.SECONDS.toMillis(30));
      if (reader.isAlive() || writer.isAlive()) {
        reader.interrupt();
        writer.interrupt();
        fail("Round " + round + ": the reader or the writer is still running after 120 s; "
            + "problems: " + problems);
      }
      flush(cache);

      List<Integer> lost = new ArrayList<>();
      for (int k = 0; k < keys; k++) {
        if (!("v2-" + k).equals(cache.get(k))) {
          lost.add(k);
        }
      }
      assertThat(problems).as("round %d: problems while racing", round).isEmpty();
      assertThat(lost).as("round %d: keys whose put of v2 was lost (%d of %d)", round,
          lost.size(), keys).isEmpty();
      cache.close();
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void passingIoErrorKeepsTheEntry() throws IOException {
    Path dir = fixture.temp().resolve("io-error");
    Cache<String, String> cache = fixture.manager().createCache("io-error", spillingStrings(dir));
    Map<String, String> values = Map.of("first", "value of first, unmistakable",
        "second", "value of second, unmistakable");
    cache.put("first", values.get("first"));
    cache.put("second", values.get("second"));
    flush(cache);
    List<Path> blobs = blobFiles(dir);
    assertThat(blobs).as("with one value in memory, the other is on disk").hasSize(1);
    Path blob = blobs.get(0);
    String key = keyWhoseValueIsIn(blob, values);

    Path aside = fixture.temp().resolve("blob-aside");
    Files.move(blob, aside);
    Files.createDirectory(blob);
    // Something inside, so that no filesystem reports the directory's size as a tiny file's.
    Path filler = blob.resolve("a-file-that-makes-this-directory-non-empty-and-not-tiny");
    Files.writeString(filler, "x");
    try {
      List<String> answered = new ArrayList<>();
      Throwable thrown = catchThrowable(() -> answered.add(cache.get(key)));
      assertThat(thrown).as("what get(%s) threw while its blob could not be read for a reason "
          + "other than absence (it answered %s)", key, answered)
          .isInstanceOf(CacheException.class);
      assertThat(cache.containsKey(key)).as("containsKey(%s) after a passing I/O error", key)
          .isTrue();
    } finally {
      Files.deleteIfExists(filler);
      Files.deleteIfExists(blob);
      if (Files.exists(aside)) {
        Files.move(aside, blob);
      }
    }
    assertThat(cache.get(key)).as("get(%s) once the blob is readable again", key)
        .isEqualTo(values.get(key));
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void fullDiskNeverLosesAnEntryUncounted() throws Exception {
    Path mountPoint = Files.createDirectories(fixture.temp().resolve("small-disk"));
    try (SmallDisk small = SmallDisk.mount(mountPoint, 4)) {
      try {
        Path disk = small.path();
        CacheManager manager = fixture.manager();
        FileBackedConfiguration<String, byte[]> configuration = new FileBackedConfiguration<>();
        configuration.setTypes(String.class, byte[].class);
        configuration.setStoreByValue(true);
        configuration.setStatisticsEnabled(true);
        configuration.setMaximumEntriesInMemory(10).setDirectory(disk);
        Cache<String, byte[]> cache = manager.createCache("full-disk", configuration);
        Random random = new Random(320);
        int puts = 320;
        for (int i = 0; i < puts; i++) {
          byte[] value = new byte[64 * 1024];
          random.nextBytes(value);
          String key = "k" + i;
          assertThatCode(() -> cache.put(key, value)).as("put(%s) on a full disk", key)
              .doesNotThrowAnyException();
        }
        flush(cache);

        // containsKey never reads a value: reading would load values into memory and push the
        // unwritten ones out to the full disk, evicting more while we count.
        long held = 0;
        for (int i = 0; i < puts; i++) {
          if (cache.containsKey("k" + i)) {
            held++;
          }
        }
        long evictions = cacheEvictions(cache);
        assertThat(held + evictions).as("entries still held (%d) + CacheEvictions (%d) after %d "
            + "puts of 64 KiB on a 4 MiB disk", held, evictions, puts).isEqualTo(puts);

        cache.clear();
        flush(cache);
        Map<String, byte[]> again = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
          byte[] value = new byte[64 * 1024];
          random.nextBytes(value);
          again.put("again-" + i, value);
          cache.put("again-" + i, value);
        }
        flush(cache);
        for (Map.Entry<String, byte[]> entry : again.entrySet()) {
          assertThat(cache.get(entry.getKey())).as("get(%s) after clear() freed the disk",
              entry.getKey()).isEqualTo(entry.getValue());
        }
      } finally {
        fixture.closeProvider(); // before the disk is unmounted
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void longNamesWithEqualHashCodesGetTheirOwnFolders() {
    String prefix = "a-cache-with-a-very-long-name-".repeat(9).substring(0, 260);
    String first = prefix + "Aa";
    String second = prefix + "BB";
    assertThat(first.hashCode()).as("the two names share String.hashCode")
        .isEqualTo(second.hashCode());
    assertThat(first.length()).isGreaterThan(250);

    CacheManager manager = fixture.manager();
    Cache<Integer, String> one = manager.createCache(first, spilling(null));
    Cache<Integer, String> two = manager.createCache(second, spilling(null));
    for (int i = 0; i < 5; i++) {
      one.put(i, "first-" + i);
      two.put(i, "second-" + i);
    }
    flush(one);
    flush(two);
    for (int i = 0; i < 5; i++) {
      assertThat(one.get(i)).as("get(%d) of the cache ending in Aa", i).isEqualTo("first-" + i);
      assertThat(two.get(i)).as("get(%d) of the cache ending in BB", i).isEqualTo("second-" + i);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void storageAndCodecErrorsReachCallersAsCacheException() {
    FileBackedConfiguration<Integer, Object> configuration = new FileBackedConfiguration<>();
    configuration.setTypes(Integer.class, Object.class);
    configuration.setStoreByValue(true);
    configuration.setMaximumEntriesInMemory(1).setDirectory(fixture.temp().resolve("codec-errors"));
    Cache<Integer, Object> cache = fixture.manager().createCache("codec-errors", configuration);
    cache.put(1, "an existing value");
    Object bad = new NotSerializable(42);
    EntryProcessor<Integer, Object, Object> setsBad = (entry, arguments) -> {
      entry.setValue(bad);
      return null;
    };

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(catchThrowable(() -> cache.put(2, bad))).as("what put threw")
        .isInstanceOf(CacheException.class);
    softly.assertThat(catchThrowable(() -> cache.getAndPut(3, bad))).as("what getAndPut threw")
        .isInstanceOf(CacheException.class);
    softly.assertThat(catchThrowable(() -> cache.putIfAbsent(4, bad))).as("what putIfAbsent threw")
        .isInstanceOf(CacheException.class);
    softly.assertThat(catchThrowable(() -> cache.putAll(Map.of(5, bad)))).as("what putAll threw")
        .isInstanceOf(CacheException.class);
    softly.assertThat(catchThrowable(() -> cache.replace(1, bad))).as("what replace threw")
        .isInstanceOf(CacheException.class);
    softly.assertThat(catchThrowable(() -> cache.getAndReplace(1, bad)))
        .as("what getAndReplace threw")
        .isInstanceOf(CacheException.class);
    softly.assertThat(catchThrowable(() -> cache.invoke(1, setsBad))).as("what invoke threw")
        .isInstanceOf(CacheException.class);
    softly.assertAll();
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void deadProcessTemporaryDirectoryIsRemovedAtNextStart() throws Exception {
    Path tmpdir = Files.createDirectories(fixture.temp().resolve("tmpdir"));
    Path out1 = fixture.temp().resolve("dying-child.out");
    runChild(tmpdir, ChildProcess.HALT, out1);
    List<Path> dead = new ArrayList<>();
    for (String line : Files.readAllLines(out1)) {
      if (line.startsWith(ChildProcess.PREFIX)) {
        dead.add(Path.of(line.substring(ChildProcess.PREFIX.length())));
      }
    }
    assertThat(dead).as("the temporary directory the dying process reported (%s)",
        Files.readString(out1)).hasSize(1);
    Path leftover = dead.get(0);
    assertThat(leftover).as("the halted process's temporary directory").isDirectory();

    runChild(tmpdir, ChildProcess.CLOSE, fixture.temp().resolve("next-child.out"));

    assertThat(leftover).as("the temporary directory of a process that died, after the next "
        + "start in the same java.io.tmpdir").doesNotExist();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void creatingAnEmptyCacheMakesNoShardFolders() throws IOException {
    Path dir = Files.createDirectories(fixture.temp().resolve("empty-start"));
    CacheManager manager = fixture.manager();
    Cache<Integer, String> empty = manager.createCache("empty", spilling(dir));
    List<Path> shards = shardFolders(dir);
    assertThat(shards.size()).as("shard folders right after creating a cache: %s",
        shards.subList(0, Math.min(3, shards.size()))).isZero();
    empty.close();

    Cache<Integer, String> cache = manager.createCache("empty", spilling(dir));
    cache.put(1, "one");
    cache.put(2, "two");
    flush(cache);
    assertThat(blobFiles(dir)).as("blobs of 2 entries, 1 of which is in memory").isNotEmpty();
    shards = shardFolders(dir);
    assertThat(shards.size()).as("shard folders holding the blobs of 2 entries: %s",
        shards.subList(0, Math.min(3, shards.size()))).isBetween(1, 2);
  }

  // ------------------------------------------------------------------ the child process

  /** The main class of test 8's child JVMs. */
  public static final class ChildProcess {

    static final String HALT = "halt";
    static final String CLOSE = "close";
    static final String PREFIX = "FILEBACKED-TEMP-DIR ";

    private ChildProcess() {}

    /** Opens the default manager, fills a cache, then halts ({@code halt}) or closes. */
    public static void main(String[] args) throws IOException {
      CachingProvider provider = Caching.getCachingProvider();
      CacheManager manager = provider.getCacheManager();
      FileBackedConfiguration<Integer, String> configuration = new FileBackedConfiguration<>();
      configuration.setTypes(Integer.class, String.class);
      configuration.setStoreByValue(true);
      configuration.setMaximumEntriesInMemory(1);
      Cache<Integer, String> cache = manager.createCache("in-a-child", configuration);
      for (int i = 0; i < 20; i++) {
        cache.put(i, "value-" + i);
      }
      cache.unwrap(FileBackedCache.class).flush();
      try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
        for (Path entry : (Iterable<Path>) entries::iterator) {
          if (entry.getFileName().toString().startsWith("filebacked-")) {
            System.out.println(PREFIX + entry.toAbsolutePath());
          }
        }
      }
      System.out.flush();
      if (HALT.equals(args[0])) {
        Runtime.getRuntime().halt(0);
      }
      manager.close();
      provider.close();
    }
  }

  private void runChild(Path tmpdir, String mode, Path output) throws Exception {
    String java = ProcessHandle.current().info().command().orElse(
        Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path errors = Path.of(output + ".err");
    Process child = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmpdir,
        "-cp", System.getProperty("java.class.path"), ChildProcess.class.getName(), mode)
        .redirectOutput(output.toFile())
        .redirectError(errors.toFile())
        .start();
    children.add(child);
    if (!child.waitFor(60, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      fail("The " + mode + " child did not finish within 60 s; stderr: "
          + Files.readString(errors));
    }
    assertThat(child.exitValue()).as("exit code of the %s child; stderr: %s", mode,
        Files.readString(errors)).isZero();
  }

  // ------------------------------------------------------------------ helpers

  /** A store-by-value cache of Integer to String whose memory tier holds one value. */
  private static FileBackedConfiguration<Integer, String> spilling(Path directory) {
    FileBackedConfiguration<Integer, String> configuration = new FileBackedConfiguration<>();
    configuration.setTypes(Integer.class, String.class);
    configuration.setStoreByValue(true);
    configuration.setMaximumEntriesInMemory(1);
    if (directory != null) {
      configuration.setDirectory(directory);
    }
    return configuration;
  }

  private static FileBackedConfiguration<String, String> spillingStrings(Path directory) {
    FileBackedConfiguration<String, String> configuration = new FileBackedConfiguration<>();
    configuration.setTypes(String.class, String.class);
    configuration.setStoreByValue(true);
    configuration.setMaximumEntriesInMemory(1).setDirectory(directory);
    return configuration;
  }

  private static void flush(Cache<?, ?> cache) {
    cache.unwrap(FileBackedCache.class).flush();
  }

  /**
   * The blob files under {@code directory}: regular files named by a lowercase UUID in a folder
   * named by two lowercase hex digits, at any depth.
   */
  private static List<Path> blobFiles(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> BLOB_NAME.matcher(p.getFileName().toString()).matches())
          .filter(p -> p.getParent() != null
              && SHARD_NAME.matcher(p.getParent().getFileName().toString()).matches())
          .sorted(Comparator.comparing(Path::toString))
          .toList();
    }
  }

  /** The directories under {@code directory} (not itself) named by two lowercase hex digits. */
  private static List<Path> shardFolders(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(p -> !p.equals(directory))
          .filter(Files::isDirectory)
          .filter(p -> SHARD_NAME.matcher(p.getFileName().toString()).matches())
          .sorted(Comparator.comparing(Path::toString))
          .toList();
    }
  }

  /** Which of {@code values} the blob holds, found by its bytes. */
  private static String keyWhoseValueIsIn(Path blob, Map<String, String> values)
      throws IOException {
    String content = new String(Files.readAllBytes(blob), StandardCharsets.ISO_8859_1);
    List<String> found = new ArrayList<>();
    for (Map.Entry<String, String> entry : values.entrySet()) {
      String bytes = new String(entry.getValue().getBytes(StandardCharsets.UTF_8),
          StandardCharsets.ISO_8859_1);
      if (content.contains(bytes)) {
        found.add(entry.getKey());
      }
    }
    assertThat(found).as("the keys whose value is in blob %s", blob).hasSize(1);
    return found.get(0);
  }

  /** Inverts 8 bytes in the middle of {@code file} (or all of it, if it is shorter). */
  private static void damage(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      long size = channel.size();
      int length = (int) Math.min(8, size);
      long position = Math.max(0, size / 2 - length / 2);
      ByteBuffer bytes = ByteBuffer.allocate(length);
      while (bytes.hasRemaining() && channel.read(bytes, position + bytes.position()) >= 0) {
        // read on
      }
      for (int i = 0; i < length; i++) {
        bytes.put(i, (byte) ~bytes.get(i));
      }
      bytes.rewind();
      while (bytes.hasRemaining()) {
        channel.write(bytes, position + bytes.position());
      }
    }
  }

  /** Waits for the other thread; false (with the reason) if it will never come. */
  private static boolean meet(CyclicBarrier barrier, Collection<String> problems) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add(Thread.currentThread().getName() + " was interrupted");
    } catch (BrokenBarrierException | TimeoutException e) {
      problems.add(Thread.currentThread().getName() + " stopped: the other thread did not "
          + "come within 30 s (" + e + ")");
    }
    return false;
  }

  /** The value of the cache's {@code CacheEvictions} statistic, read from its JMX bean. */
  private static long cacheEvictions(Cache<?, ?> cache) throws JMException {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Set<ObjectName> names = server.queryNames(
        new ObjectName("javax.cache:type=CacheStatistics,*"), null);
    List<ObjectName> mine = new ArrayList<>();
    for (ObjectName name : names) {
      if (cache.getName().equals(unquoted(name.getKeyProperty("Cache")))
          && cache.getCacheManager().getURI().toString().equals(
              unquoted(name.getKeyProperty("CacheManager")))) {
        mine.add(name);
      }
    }
    assertThat(mine).as("CacheStatistics beans of cache %s among %s", cache.getName(), names)
        .hasSize(1);
    return ((Number) server.getAttribute(mine.get(0), "CacheEvictions")).longValue();
  }

  private static String unquoted(String value) {
    return value != null && value.startsWith("\"") ? ObjectName.unquote(value) : value;
  }

  /** A value the JDK codec cannot encode. */
  private static final class NotSerializable {
    private final int number;

    NotSerializable(int number) {
      this.number = number;
    }

    @Override
    public String toString() {
      return "NotSerializable[" + number + "]";
    }
  }
}
