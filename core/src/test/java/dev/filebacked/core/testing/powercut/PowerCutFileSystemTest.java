package dev.filebacked.core.testing.powercut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.core.store.BlobSync;
import dev.filebacked.core.store.FileBlobStore;
import dev.filebacked.core.store.OwnedFolder;
import dev.filebacked.core.store.TemporaryFolder;
import dev.filebacked.spi.Blob;
import dev.filebacked.spi.BlobNotFoundException;
import dev.filebacked.spi.CorruptBlobException;
import dev.filebacked.spi.PersistedLocation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins down the model of {@link PowerCutFileSystem}: what a cut may lose, what it must keep,
 * and that production code runs through it.
 */
class PowerCutFileSystemTest {

  private static final int CUTS = 100;

  @TempDir
  Path temp;

  private PowerCutFileSystem fs;
  private Path root;
  private int cuts;

  @BeforeEach
  void setUp() throws IOException {
    fs = PowerCutFileSystem.over(Files.createDirectory(temp.resolve("live")));
    root = fs.root();
  }

  @AfterEach
  void tearDown() {
    fs.close();
  }

  @Test
  void forcedDataSurvivesEveryCut() throws IOException {
    byte[] content = bytes(3000, 1);
    Files.write(root.resolve("data"), content);
    force(root.resolve("data"));
    force(root);

    Random random = new Random(1);
    for (int i = 0; i < CUTS; i++) {
      assertThat(cut(random).resolve("data")).hasBinaryContent(content);
    }
  }

  @Test
  void dataWrittenSinceTheLastForceMayBeLostWholeOrTorn() throws IOException {
    Path file = root.resolve("data");
    byte[] durable = bytes(3000, 1);
    Files.write(file, durable);
    force(file);
    force(root);
    byte[] current = Arrays.copyOf(durable, 5000);
    System.arraycopy(bytes(4000, 2), 0, current, 1000, 4000);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(current, 1000, 4000), 1000);
    }

    Set<String> seen = new HashSet<>();
    Random random = new Random(2);
    for (int i = 0; i < CUTS; i++) {
      byte[] after = Files.readAllBytes(cut(random).resolve("data"));
      assertThat(after.length).isBetween(durable.length, current.length);
      assertThat(Arrays.copyOf(after, 1000)).as("bytes no write touched")
          .isEqualTo(Arrays.copyOf(durable, 1000));
      assertEachSectorFromEither(after, durable, current);
      seen.add(Arrays.equals(after, durable) ? "durable"
          : Arrays.equals(after, current) ? "current" : "torn");
    }
    assertThat(seen).containsExactlyInAnyOrder("durable", "current", "torn");
  }

  @Test
  void aFileNeverForcedMayComeBackEmptyPartialOrWhole() throws IOException {
    byte[] content = bytes(2000, 3);
    Files.write(root.resolve("data"), content);
    force(root);

    Set<String> seen = new HashSet<>();
    Random random = new Random(3);
    for (int i = 0; i < CUTS; i++) {
      byte[] after = Files.readAllBytes(cut(random).resolve("data"));
      assertEachSectorFromEither(after, new byte[0], content);
      seen.add(after.length == 0 ? "empty" : Arrays.equals(after, content) ? "whole" : "partial");
    }
    assertThat(seen).containsExactlyInAnyOrder("empty", "partial", "whole");
  }

  @Test
  void aFileForcedButWhoseDirectoryWasNotSyncedMayVanish() throws IOException {
    byte[] content = bytes(100, 4);
    Files.write(root.resolve("new"), content);
    force(root.resolve("new"));

    Set<Boolean> present = new HashSet<>();
    Random random = new Random(4);
    for (int i = 0; i < CUTS; i++) {
      Path after = cut(random).resolve("new");
      present.add(Files.exists(after));
      if (Files.exists(after)) {
        assertThat(after).hasBinaryContent(content);
      }
    }
    assertThat(present).containsExactlyInAnyOrder(true, false);

    force(root);
    for (int i = 0; i < CUTS; i++) {
      assertThat(cut(random).resolve("new")).hasBinaryContent(content);
    }
  }

  @Test
  void aDirectoryNotSyncedIntoItsParentMayVanishWithItsContent() throws IOException {
    Path directory = Files.createDirectory(root.resolve("d"));
    Files.writeString(directory.resolve("f"), "kept if d is");
    force(directory.resolve("f"));
    force(directory);

    Set<Boolean> present = new HashSet<>();
    Random random = new Random(5);
    for (int i = 0; i < CUTS; i++) {
      Path after = cut(random).resolve("d");
      present.add(Files.isDirectory(after));
      if (Files.isDirectory(after)) {
        assertThat(after.resolve("f")).hasContent("kept if d is");
      }
    }
    assertThat(present).containsExactlyInAnyOrder(true, false);
  }

  @Test
  void aRenameNotFollowedByADirectorySyncMayBeUndone() throws IOException {
    durableFile(root.resolve("a"), "content");
    Files.move(root.resolve("a"), root.resolve("b"), StandardCopyOption.ATOMIC_MOVE);

    Set<String> seen = new HashSet<>();
    Random random = new Random(6);
    for (int i = 0; i < CUTS; i++) {
      Map<String, String> after = tree(cut(random));
      assertThat(after).as("a rename within a directory is atomic")
          .isIn(Map.of("a", "content"), Map.of("b", "content"));
      seen.addAll(after.keySet());
    }
    assertThat(seen).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void aRenameFollowedByADirectorySyncSurvivesEveryCut() throws IOException {
    durableFile(root.resolve("a"), "content");
    Files.move(root.resolve("a"), root.resolve("b"), StandardCopyOption.ATOMIC_MOVE);
    force(root);

    Random random = new Random(7);
    for (int i = 0; i < CUTS; i++) {
      assertThat(tree(cut(random))).isEqualTo(Map.of("b", "content"));
    }
  }

  @Test
  void aRenameAcrossDirectoriesIsTwoChangesEachKeptOrLostOnItsOwn() throws IOException {
    Files.createDirectory(root.resolve("x"));
    Files.createDirectory(root.resolve("y"));
    force(root);
    durableFile(root.resolve("x").resolve("f"), "content");
    Files.move(root.resolve("x").resolve("f"), root.resolve("y").resolve("f"));

    Set<Set<String>> seen = new HashSet<>();
    Random random = new Random(8);
    for (int i = 0; i < 2 * CUTS; i++) {
      Path cut = cut(random);
      Map<String, String> after = tree(cut);
      seen.add(after.keySet().stream().filter(name -> name.endsWith("/f"))
          .collect(Collectors.toSet()));
      if (after.containsKey("x/f") && after.containsKey("y/f")) {
        assertThat(Files.isSameFile(cut.resolve("x/f"), cut.resolve("y/f"))).isTrue();
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(Set.of("x/f"), Set.of("y/f"),
        Set.of("x/f", "y/f"), Set.of());
  }

  @Test
  void anUnlinkNotSyncedMayBeUndoneAndAfterASyncItStays() throws IOException {
    durableFile(root.resolve("a"), "content");
    Files.delete(root.resolve("a"));

    Set<Map<String, String>> seen = new HashSet<>();
    Random random = new Random(9);
    for (int i = 0; i < CUTS; i++) {
      seen.add(tree(cut(random)));
    }
    assertThat(seen).containsExactlyInAnyOrder(Map.of("a", "content"), Map.of());

    force(root);
    for (int i = 0; i < CUTS; i++) {
      assertThat(tree(cut(random))).isEmpty();
    }
  }

  @Test
  void anUnlinkedFileThatComesBackHasTheContentItHadWhenUnlinked() throws IOException {
    durableFile(root.resolve("a"), "durable");
    Files.writeString(root.resolve("a"), "current");
    Files.delete(root.resolve("a"));

    Set<String> seen = new HashSet<>();
    Random random = new Random(10);
    for (int i = 0; i < CUTS; i++) {
      Path after = cut(random).resolve("a");
      if (Files.exists(after)) {
        seen.add(Files.readString(after));
      }
    }
    assertThat(seen).contains("durable", "current");
  }

  @Test
  void hardLinksShareOneContent() throws IOException {
    Path a = root.resolve("a");
    Path b = root.resolve("b");
    durableFile(a, "0123456789");
    Files.createLink(b, a);
    force(root);
    try (FileChannel channel = FileChannel.open(b, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(bytes(2000, 11)), 10);
    }
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));

    Random random = new Random(11);
    for (int i = 0; i < CUTS; i++) {
      Path cut = cut(random);
      assertThat(Files.isSameFile(cut.resolve("a"), cut.resolve("b"))).isTrue();
    }

    force(a);
    Path dropped = newCut();
    fs.cutDroppingAll(dropped);
    assertThat(Files.readAllBytes(dropped.resolve("b"))).isEqualTo(Files.readAllBytes(b));
  }

  @Test
  void cutKeepingAllReproducesTheLiveDirectoryByteForByte() throws IOException {
    Random random = new Random(12);
    List<Path> files = new ArrayList<>();
    List<Path> directories = new ArrayList<>(List.of(root));
    for (int step = 0; step < 400; step++) {
      randomOperation(random, files, directories);
      if (step % 50 == 49) {
        Path cut = newCut();
        fs.cutKeepingAll(cut);
        assertThat(tree(cut)).isEqualTo(tree(fs.realRoot()));
        assertThat(linkGroups(cut)).isEqualTo(linkGroups(fs.realRoot()));
      }
    }
    assertThat(files).hasSizeGreaterThan(20);
    assertThat(directories).hasSizeGreaterThan(5);
  }

  @Test
  void cutDroppingAllKeepsOnlyDurableState() throws IOException {
    durableFile(root.resolve("kept"), "kept");
    durableFile(root.resolve("rewritten"), "old");
    Files.writeString(root.resolve("rewritten"), "new");
    durableFile(root.resolve("deleted"), "deleted");
    Files.delete(root.resolve("deleted"));
    durableFile(root.resolve("renamed"), "renamed");
    Files.move(root.resolve("renamed"), root.resolve("moved"), StandardCopyOption.ATOMIC_MOVE);
    Files.writeString(root.resolve("never-forced"), "lost");
    force(root);
    Files.writeString(root.resolve("name-not-synced"), "forced");
    force(root.resolve("name-not-synced"));
    Files.createDirectory(root.resolve("d"));
    durableFile(root.resolve("d").resolve("f"), "in a directory never synced into its parent");

    Path cut = newCut();
    fs.cutDroppingAll(cut);

    assertThat(tree(cut)).isEqualTo(Map.of("kept", "kept", "rewritten", "old",
        "moved", "renamed", "never-forced", ""));
  }

  @Test
  void pathsStayInTheLayerAndDoNotLeaveIt() throws IOException {
    Path directory = Files.createDirectory(root.resolve("d"));
    Files.writeString(directory.resolve("f"), "x");
    List<Path> derived = new ArrayList<>(List.of(directory.getParent(), directory.getFileName(),
        directory.resolve("f"), directory.resolveSibling("e"), root.relativize(directory),
        directory.resolve("..").normalize(), directory.toAbsolutePath(), directory.toRealPath(),
        directory.getRoot(), directory.subpath(0, 1), fs.getPath("relative")));
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "f*")) {
      entries.forEach(derived::add);
    }
    assertThat(derived).allSatisfy(path -> assertThat(path.getFileSystem()).isSameAs(fs));
    assertThat(derived).contains(directory.resolve("f"));
    assertThatThrownBy(directory::toFile).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(directory::toUri).isInstanceOf(UnsupportedOperationException.class);
    Path outside = fs.getPath(temp.resolve("outside").toString());
    assertThatThrownBy(() -> Files.writeString(outside, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside")
        .hasMessageContaining("root");
    assertThat(temp.resolve("outside")).doesNotExist();
  }

  @Test
  void aFileBlobStoreRunsThroughTheLayer() throws IOException {
    Path storeRoot = root.resolve("store");
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    UUID third = UUID.randomUUID();
    PersistedLocation location = PersistedLocation.of(root.resolve("persisted"));
    FileBlobStore store = FileBlobStore.open(storeRoot, BlobSync.FSYNC);
    try {
      assertThat(store.pathOf(first).getFileSystem()).isSameAs(fs);
      store.write(first, blob(first, 10));
      store.write(second, blob(second, 20));
      assertThat(store.read(first)).isEqualTo(blob(first, 10));

      store.prepare(location);
      store.persist(second, location);
      store.sync(location);
      assertThat(store.delete(second)).isTrue();
      assertThatThrownBy(() -> store.read(second)).isInstanceOf(BlobNotFoundException.class);
      store.write(third, blob(third, 30)); // overwrites the recycled file of the deleted blob
      assertThat(store.readPersisted(location, second)).isEqualTo(blob(second, 20));
      store.register(location, second);
      assertThat(store.ids()).containsExactlyInAnyOrder(first, second, third);
      assertThat(store.deletePersisted(location, second)).isTrue();
    } finally {
      store.close();
    }

    Path cut = newCut();
    fs.cutKeepingAll(cut);
    try (FileBlobStore copy = FileBlobStore.open(cut.resolve("store"), BlobSync.FSYNC)) {
      assertThat(copy.idsAtOpen()).containsExactlyInAnyOrder(first, second, third);
      assertThat(copy.read(third)).isEqualTo(blob(third, 30));
    }

    FileBlobStore reopened = FileBlobStore.open(storeRoot, BlobSync.FSYNC);
    assertThat(reopened.idsAtOpen()).containsExactlyInAnyOrder(first, second, third);
    assertThat(reopened.read(second)).isEqualTo(blob(second, 20));
    reopened.destroy();
    assertThat(storeRoot).doesNotExist();
    assertThat(fs.realRoot().resolve("store")).doesNotExist();
  }

  @Test
  void aTemporaryFolderRunsThroughTheLayer() throws IOException {
    Path parent = root.resolve("tmp");
    Path abandoned = parent.resolve("filebacked-abandoned");
    OwnedFolder.claim(abandoned, OwnedFolder.Kind.TEMPORARY, null);
    Files.createDirectory(abandoned.resolve("cache"));
    Files.writeString(abandoned.resolve("cache").resolve("left"), "by a killed process");

    try (TemporaryFolder folder = TemporaryFolder.create(parent)) {
      assertThat(abandoned).doesNotExist();
      assertThat(folder.path().getFileSystem()).isSameAs(fs);
      FileBlobStore store = FileBlobStore.open(folder.path().resolve("cache"), BlobSync.NONE);
      UUID id = UUID.randomUUID();
      store.write(id, blob(id, 100));
      assertThat(store.read(id)).isEqualTo(blob(id, 100));
      store.destroy();
    }
    try (var left = Files.list(fs.realRoot().resolve("tmp"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void withFsyncEveryCompletedBlobWriteSurvivesEveryCut() throws IOException {
    Random random = new Random(13);
    Map<UUID, Blob> written = new LinkedHashMap<>();
    try (FileBlobStore store = FileBlobStore.open(root.resolve("store"), BlobSync.FSYNC)) {
      // FileBlobStore fsyncs neither its new folder into the parent nor its marker file.
      fs.syncAll();
      for (int i = 0; i < CUTS; i++) {
        writeAndDelete(store, random, written);
        Path cut = cut(random);
        try (FileBlobStore after = FileBlobStore.open(cut.resolve("store"), BlobSync.FSYNC)) {
          for (Map.Entry<UUID, Blob> blob : written.entrySet()) {
            assertThat(after.read(blob.getKey())).as("cut %d, blob %s", i, blob.getKey())
                .isEqualTo(blob.getValue());
          }
        }
      }
    }
    assertThat(written).hasSizeGreaterThan(CUTS / 4);
  }

  @Test
  void withoutFsyncSomeCutLosesACompletedBlobWriteButNoneReadsBackWrong() throws IOException {
    Random random = new Random(14);
    Map<UUID, Blob> written = new LinkedHashMap<>();
    int lost = 0;
    try (FileBlobStore store = FileBlobStore.open(root.resolve("store"), BlobSync.NONE)) {
      fs.syncAll();
      for (int i = 0; i < CUTS; i++) {
        writeAndDelete(store, random, written);
        Path cut = cut(random);
        try (FileBlobStore after = FileBlobStore.open(cut.resolve("store"), BlobSync.NONE)) {
          for (Map.Entry<UUID, Blob> blob : written.entrySet()) {
            try {
              assertThat(after.read(blob.getKey())).isEqualTo(blob.getValue());
            } catch (BlobNotFoundException | CorruptBlobException e) {
              lost++;
            }
          }
        }
      }
    }
    assertThat(lost).isPositive();
  }

  @Test
  void aCutTakenWhileThreadsWriteIsOneMomentOfThem() throws Exception {
    int counters = 3;
    AtomicLongArray forced = new AtomicLongArray(counters);
    Map<Path, byte[]> created = new ConcurrentHashMap<>();
    Set<Path> deleting = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(counters + 1);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < counters; t++) {
        Path directory = Files.createDirectory(root.resolve("t" + t));
        durableFile(directory.resolve("a"), "00000000");
        durableFile(directory.resolve("b"), "00000000");
        int thread = t;
        writers.add(pool.submit(() -> count(directory, forced, thread, stop)));
      }
      Path files = Files.createDirectory(root.resolve("files"));
      force(root);
      writers.add(pool.submit(() -> create(files, created, deleting, stop)));
      Random random = new Random(15);
      for (int i = 0; i < 20; i++) {
        while (created.size() <= i) { // the writers have made progress since the last cut
          for (Future<?> writer : writers) {
            if (writer.isDone()) {
              writer.get(); // throws what stopped it
            }
          }
          Thread.sleep(1);
        }
        Map<Path, byte[]> before = Map.copyOf(created);
        long[] values = new long[counters];
        Arrays.setAll(values, forced::get);
        Path cut = cut(random);
        for (int t = 0; t < counters; t++) {
          long a = counter(cut.resolve("t" + t).resolve("a"));
          long b = counter(cut.resolve("t" + t).resolve("b"));
          assertThat(b).as("b is written after a").isLessThanOrEqualTo(a)
              .isGreaterThanOrEqualTo(values[t]);
        }
        for (Map.Entry<Path, byte[]> file : before.entrySet()) {
          if (!deleting.contains(file.getKey())) {
            assertThat(cut.resolve(root.relativize(file.getKey()).toString()))
                .hasBinaryContent(file.getValue());
          }
        }
      }
      stop.set(true);
      for (Future<?> writer : writers) {
        writer.get();
      }
    } finally {
      stop.set(true);
      pool.shutdown();
    }
  }

  /** Until {@code stop}: writes and forces a counter into file a, then into file b. */
  private static Void count(Path directory, AtomicLongArray forced, int thread,
      AtomicBoolean stop) throws IOException {
    try (FileChannel a = FileChannel.open(directory.resolve("a"), StandardOpenOption.WRITE);
        FileChannel b = FileChannel.open(directory.resolve("b"), StandardOpenOption.WRITE)) {
      for (long n = 1; !stop.get(); n++) {
        for (FileChannel counter : List.of(a, b)) {
          counter.write(ByteBuffer.allocate(Long.BYTES).putLong(0, n), 0);
          counter.force(false);
        }
        forced.set(thread, n);
      }
    }
    return null;
  }

  /**
   * Until {@code stop}: makes a new durable file in {@code directory}, and deletes the one made
   * ten before.
   */
  private static Void create(Path directory, Map<Path, byte[]> created, Set<Path> deleting,
      AtomicBoolean stop) throws IOException {
    for (int n = 0; !stop.get(); n++) {
      Path file = directory.resolve("f" + n);
      byte[] content = bytes(100 + n % 900, n);
      Files.write(file, content);
      force(file);
      force(directory);
      created.put(file, content);
      Path old = directory.resolve("f" + (n - 10));
      if (created.containsKey(old)) {
        deleting.add(old);
        Files.delete(old);
      }
    }
    return null;
  }

  private static long counter(Path file) throws IOException {
    return ByteBuffer.wrap(Files.readAllBytes(file)).getLong();
  }

  /**
   * Writes a new blob, and every other time deletes one (its file is recycled). Few blobs in
   * 16 of the 256 shards, for a cut costs a file creation per entry, and those are slow on
   * some filesystems (about 0.4 ms on ext4, a third of that again to clean up).
   */
  private static void writeAndDelete(FileBlobStore store, Random random,
      Map<UUID, Blob> written) {
    UUID id = new UUID((long) random.nextInt(16) << 56 | random.nextLong() >>> 8,
        random.nextLong());
    Blob blob = blob(id, random.nextInt(2000));
    store.write(id, blob);
    written.put(id, blob);
    if (random.nextBoolean()) {
      List<UUID> ids = new ArrayList<>(written.keySet());
      UUID deleted = ids.get(random.nextInt(ids.size()));
      store.delete(deleted);
      written.remove(deleted);
    }
  }

  /** One random change to the live tree, forced or synced or not. */
  private void randomOperation(Random random, List<Path> files, List<Path> directories)
      throws IOException {
    Path directory = directories.get(random.nextInt(directories.size()));
    Path name = directory.resolve("n" + random.nextInt(1_000_000));
    Path file = files.isEmpty() ? null : files.get(random.nextInt(files.size()));
    switch (files.isEmpty() ? 0 : random.nextInt(10)) {
      case 0, 1 -> {
        Files.write(name, bytes(random.nextInt(3000), random.nextInt()));
        files.add(name);
      }
      case 2 -> {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          channel.write(ByteBuffer.wrap(bytes(random.nextInt(1500), random.nextInt())),
              random.nextInt(2000));
          if (random.nextBoolean()) {
            channel.truncate(random.nextInt(2500));
          }
          if (random.nextBoolean()) {
            channel.force(random.nextBoolean());
          }
        }
      }
      case 3 -> {
        Files.move(file, name, StandardCopyOption.ATOMIC_MOVE);
        files.set(files.indexOf(file), name);
      }
      case 4 -> {
        Files.createLink(name, file);
        files.add(name);
      }
      case 5 -> {
        Files.delete(file);
        files.remove(file);
      }
      case 6 -> {
        Files.copy(file, name);
        files.add(name);
      }
      case 7 -> {
        Files.createDirectory(name);
        directories.add(name);
      }
      case 8 -> force(directory);
      default -> force(file);
    }
  }

  /**
   * Checks that each sector of {@code after} holds the bytes of {@code durable} or those of
   * {@code current} (zeros past the end of either).
   */
  private static void assertEachSectorFromEither(byte[] after, byte[] durable, byte[] current) {
    for (int start = 0; start < after.length; start += RandomCut.SECTOR) {
      int end = Math.min(start + RandomCut.SECTOR, after.length);
      byte[] sector = Arrays.copyOfRange(after, start, end);
      assertThat(Arrays.equals(sector, rangeOf(durable, start, end))
          || Arrays.equals(sector, rangeOf(current, start, end)))
          .as("the sector at %d holds the durable or the current bytes", start).isTrue();
    }
  }

  /** {@code content}'s bytes from {@code start} to {@code end}, zeros past its end. */
  private static byte[] rangeOf(byte[] content, int start, int end) {
    byte[] range = new byte[end - start];
    if (start < content.length) {
      System.arraycopy(content, start, range, 0, Math.min(end, content.length) - start);
    }
    return range;
  }

  /** Writes {@code content} to {@code file}, forces it and syncs its directory. */
  private static void durableFile(Path file, String content) throws IOException {
    Files.writeString(file, content);
    force(file);
    force(file.getParent());
  }

  /** fsync, of a file or a directory. */
  private static void force(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private Path cut(Random random) throws IOException {
    Path cut = newCut();
    fs.cut(random, cut);
    return cut;
  }

  private Path newCut() throws IOException {
    return Files.createDirectories(temp.resolve("cuts").resolve(Integer.toString(cuts++)));
  }

  /** Each entry under {@code directory} (relative path) to its content, or "/" for a directory. */
  private static Map<String, String> tree(Path directory) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    try (var paths = Files.walk(directory)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        if (!path.equals(directory)) {
          String name = directory.relativize(path).toString();
          tree.put(name, Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "/"
              : new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
        }
      }
    }
    return tree;
  }

  /** The groups of names (two or more) that are hard links of one file. */
  private static Set<Set<String>> linkGroups(Path directory) throws IOException {
    Map<Object, Set<String>> byFile = new HashMap<>();
    try (var paths = Files.walk(directory)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        if (attributes.isRegularFile()) {
          byFile.computeIfAbsent(attributes.fileKey(), key -> new HashSet<>())
              .add(directory.relativize(path).toString());
        }
      }
    }
    return byFile.values().stream().filter(names -> names.size() > 1)
        .collect(Collectors.toSet());
  }

  private static Blob blob(UUID id, int valueLength) {
    byte[] value = bytes(valueLength, id.hashCode());
    return new Blob("test", 1, id.toString().getBytes(StandardCharsets.UTF_8), value);
  }

  private static byte[] bytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
