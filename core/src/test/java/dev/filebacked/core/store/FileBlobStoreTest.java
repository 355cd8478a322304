package dev.filebacked.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.filebacked.spi.Blob;
import dev.filebacked.spi.BlobStore;
import dev.filebacked.spi.BlobStoreUsage;
import dev.filebacked.spi.BlobStoreException;
import dev.filebacked.spi.PersistedLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The contract for {@link FileBlobStore}, and what only a filesystem store has to do. */
class FileBlobStoreTest extends BlobStoreContractTest {

  @Override
  BlobStore openStore(Path directory) {
    return FileBlobStore.open(directory);
  }

  private FileBlobStore files() {
    return (FileBlobStore) store;
  }

  @Test
  void aRecycledFileRenamedIntoAShardAnotherWriterMakesMeanwhileIsWrittenNotFailed()
      throws IOException {
    // A deleted blob's file is kept and reused for the next write, whose shard may not exist
    // yet; the rename finds it missing, and another writer makes that shard before this one
    // does. Seen in the kill -9 test: "NoSuchFileException: <shard d3>/.<random>.free ->
    // <shard 30>/<id>" on a put.
    UUID first = UUID.fromString("d3000000-0000-4000-8000-000000000001");
    UUID second = UUID.fromString("30000000-0000-4000-8000-000000000002");
    Blob blob = new Blob("jdk", 1, new byte[] {1}, new byte[] {2, 3});
    store.write(first, blob);
    store.delete(first); // its file is kept for the next write
    Path shard = files().pathOf(second).getParent();
    assertThat(shard).doesNotExist();
    files().onMissingShard = () -> {
      try {
        Files.createDirectory(shard); // the other writer
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    store.write(second, blob);
    assertThat(store.read(second)).isEqualTo(blob);
  }

  /**
   * Reads share kept buffers: a blob lent to one thread's reader must not be overwritten by
   * another thread's read that runs while the first reader is still inside its call.
   */
  @Test
  void aBlobLentToOneThreadStaysIntactWhileAnotherThreadReadsBlobsOfTheSameSize()
      throws Exception {
    UUID lent = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    store.write(lent, new Blob("jdk", 1, new byte[] {1}, filled(1 << 20, (byte) 1)));
    store.write(other, new Blob("jdk", 1, new byte[] {2}, filled(1 << 20, (byte) 2)));
    store.read(other, view -> null); // a buffer of this size is kept from now on
    CountDownLatch lending = new CountDownLatch(1);
    CountDownLatch otherReadsDone = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<byte[]> first = threads.submit(() -> store.read(lent, view -> {
        lending.countDown();
        await(otherReadsDone);
        byte[] bytes = new byte[view.value().remaining()];
        view.value().get(bytes);
        return bytes;
      }));
      assertThat(lending.await(10, TimeUnit.SECONDS)).isTrue();
      Future<?> second = threads.submit(() -> {
        for (int i = 0; i < 10; i++) {
          assertThat(store.read(other).value()).isEqualTo(filled(1 << 20, (byte) 2));
        }
      });
      second.get(10, TimeUnit.SECONDS);
      otherReadsDone.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(filled(1 << 20, (byte) 1));
    } finally {
      threads.shutdownNow();
    }
  }

  /** Many threads, blobs of many sizes (some too large to keep a buffer for), each checked. */
  @Test
  void concurrentReadsOfTheSameAndOtherBlobsEachGetTheirOwnBytes() throws Exception {
    int[] sizes = {0, 10, 4_000, 70_000, 1 << 20, (4 << 20) + 7, (9 << 20) + 3};
    UUID[] ids = new UUID[sizes.length];
    for (int i = 0; i < sizes.length; i++) {
      ids[i] = UUID.randomUUID();
      store.write(ids[i], new Blob("jdk", 1, new byte[] {(byte) i}, filled(sizes[i], (byte) i)));
    }
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> readers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        readers.add(threads.submit(() -> {
          Random random = new Random(seed);
          for (int n = 0; n < 200; n++) {
            int i = random.nextInt(sizes.length);
            byte[] value = store.read(ids[i], view -> {
              assertThat(view.key().get(0)).isEqualTo((byte) i);
              byte[] bytes = new byte[view.value().remaining()];
              view.value().get(bytes);
              return bytes;
            });
            assertThat(value).isEqualTo(filled(sizes[i], (byte) i));
          }
          return null;
        }));
      }
      for (Future<?> reader : readers) {
        reader.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static byte[] filled(int size, byte b) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, b);
    return bytes;
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void usageCountsBlobsAndTheirBytesThroughWriteRegisterDeleteAndReopen() throws IOException {
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    store.write(first, blob("k1", "v1"));
    store.write(second, blob("k2", "a longer value"));
    long bytes = Files.size(files().pathOf(first)) + Files.size(files().pathOf(second));
    assertThat(store.usage()).isEqualTo(new BlobStoreUsage(2, bytes));

    PersistedLocation location = location("persisted");
    store.prepare(location);
    store.persist(second, location);
    assertThat(store.delete(second)).isTrue();
    assertThat(store.delete(second)).isFalse();
    assertThat(store.usage()).isEqualTo(new BlobStoreUsage(1, Files.size(files().pathOf(first))));

    store.register(location, second);
    assertThat(store.usage()).isEqualTo(new BlobStoreUsage(2, bytes));

    store.close();
    store = openStore(temp.resolve("store"));
    assertThat(store.usage()).isEqualTo(new BlobStoreUsage(2, bytes));
    store.destroy();
    assertThat(store.usage()).isEqualTo(new BlobStoreUsage(0, 0));
  }

  @Test
  void aBlobLivesAtItsShardAndStartsWithTheHeader() throws IOException {
    UUID id = UUID.randomUUID();
    store.write(id, blob("key", "value"));

    String name = id.toString();
    Path file = temp.resolve("store").resolve(name.substring(0, 2)).resolve(name);
    assertThat(files().pathOf(id)).isEqualTo(file);
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer header = ByteBuffer.wrap(bytes);
    assertThat(header.getInt(0)).isEqualTo(BlobFormat.MAGIC);
    assertThat(header.getShort(4)).isEqualTo(BlobFormat.FORMAT_VERSION);
    assertThat(header.get(6)).isEqualTo((byte) "test".length());
    assertThat(header.getInt(8)).isEqualTo(3);
    assertThat(header.getInt(12)).isEqualTo(3);
    assertThat(header.getInt(16)).isEqualTo(5);
    assertThat(bytes).hasSize(BlobFormat.FIXED_HEADER_BYTES + 4 + 3 + 5);
    assertThat(new String(bytes, BlobFormat.FIXED_HEADER_BYTES, 4, StandardCharsets.UTF_8))
        .isEqualTo("test");
  }

  @Test
  void openingMakesNoShardAndTheFirstWriteIntoOneMakesIt() throws IOException {
    Path root = temp.resolve("store");
    assertThat(shards(root)).isEmpty();
    UUID id = UUID.randomUUID();
    store.write(id, blob("k", "v"));
    assertThat(shards(root)).containsExactly(id.toString().substring(0, 2));
    store.destroy();
    assertThat(root).doesNotExist();
  }

  @Test
  void aLazilyOpenedStoreMakesItsFolderOnlyWithTheFirstWrite() {
    Path root = temp.resolve("lazy").resolve("cache");
    FileBlobStore lazy = FileBlobStore.openLazily(root, BlobSync.NONE, "cache");
    try {
      assertThat(temp.resolve("lazy")).doesNotExist();
      assertThat(lazy.ids()).isEmpty();
      assertThatThrownBy(() -> lazy.read(UUID.randomUUID()))
          .isInstanceOf(dev.filebacked.spi.BlobNotFoundException.class);
      assertThatThrownBy(() -> FileBlobStore.openLazily(root, BlobSync.NONE, "cache"))
          .isInstanceOf(BlobStoreException.class)
          .hasMessageContaining("already in use by another store in this process");

      UUID id = UUID.randomUUID();
      lazy.write(id, blob("k", "v"));
      assertThat(root.resolve(OwnedFolder.MARKER)).content().contains("owner=cache");
      assertThat(lazy.read(id)).isEqualTo(blob("k", "v"));
    } finally {
      lazy.destroy();
    }
    assertThat(root).doesNotExist();
  }

  @Test
  void aLazilyOpenedStoreThatWasNeverWrittenLeavesNothingAndFreesItsFolder() {
    Path root = temp.resolve("never-written");
    FileBlobStore.openLazily(root, BlobSync.NONE, null).destroy();
    assertThat(root).doesNotExist();
    FileBlobStore.openLazily(root, BlobSync.NONE, null).close();
  }

  @Test
  void aLazilyOpenedStoreChecksAnExistingFolderAtOnce() throws IOException {
    Path root = Files.createDirectories(temp.resolve("someone-elses"));
    Files.writeString(root.resolve("notes.txt"), "mine");
    assertThatThrownBy(() -> FileBlobStore.openLazily(root, BlobSync.NONE, null))
        .isInstanceOf(BlobStoreException.class).hasMessageContaining("notes.txt");
    assertThat(root.resolve("notes.txt")).hasContent("mine");
  }

  private static List<String> shards(Path root) throws IOException {
    try (Stream<Path> entries = Files.list(root)) {
      return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(n -> n.matches("[0-9a-f]{2}")).toList();
    }
  }

  @Test
  void aWriteLeavesNoTemporaryFileBehind() throws IOException {
    store.write(UUID.randomUUID(), blob("k", "v"));
    try (Stream<Path> all = Files.walk(temp.resolve("store"))) {
      assertThat(all.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.endsWith(ShardedDirectory.TEMP_SUFFIX));
    }
  }

  @Test
  void openingRemovesOnlyItsOwnLeftoversAndLeavesForeignFilesWhereTheyAre()
      throws IOException {
    UUID kept = UUID.randomUUID();
    store.write(kept, blob("k", "v"));
    store.close();
    Path root = temp.resolve("store");
    Path shard = root.resolve(kept.toString().substring(0, 2));
    // A write interrupted by a crash leaves its temporary file, never a partial blob.
    Path leftover = shard.resolve("." + UUID.randomUUID() + ".1234.tmp");
    Files.write(leftover, new byte[] {1, 2, 3});
    Path foreignInShard = shard.resolve("notes.txt");
    Files.writeString(foreignInShard, "hello");
    UUID misplacedId = UUID.randomUUID();
    Path misplaced = Files.createDirectories(root.resolve(otherShard(misplacedId)))
        .resolve(misplacedId.toString());
    Files.writeString(misplaced, "wrong shard");
    Path foreignAtRoot = root.resolve("core.1234");
    Files.writeString(foreignAtRoot, "dump");
    Path foreignDirectory = root.resolve("photos");
    Files.createDirectory(foreignDirectory);

    FileBlobStore reopened = FileBlobStore.open(root);
    store = reopened;

    assertThat(reopened.idsAtOpen()).containsExactly(kept);
    assertThat(leftover).doesNotExist();
    assertThat(foreignInShard).hasContent("hello");
    assertThat(misplaced).hasContent("wrong shard");
    assertThat(foreignAtRoot).hasContent("dump");
    assertThat(foreignDirectory).isDirectory();
    assertThat(reopened.read(kept)).isEqualTo(blob("k", "v"));

    reopened.destroy();
    assertThat(foreignInShard).hasContent("hello");
    assertThat(foreignAtRoot).hasContent("dump");
    assertThat(shard.resolve(kept.toString())).doesNotExist();
    // The folder is still recognizably FileBacked's, so it opens again.
    assertThat(root.resolve(OwnedFolder.MARKER)).isRegularFile();
    store = FileBlobStore.open(root);
  }

  @Test
  void aDeletedBlobsFileIsOverwrittenByTheNextWriteInsteadOfANewFile() throws IOException {
    UUID first = UUID.randomUUID();
    store.write(first, blob("k1", "a value longer than the next one"));
    Object inode = fileKey(files().pathOf(first));
    store.delete(first);
    assertThat(freeFiles()).hasSize(1);

    UUID second = UUID.randomUUID();
    store.write(second, blob("k2", "short"));

    assertThat(fileKey(files().pathOf(second))).isEqualTo(inode);
    assertThat(store.read(second)).isEqualTo(blob("k2", "short")); // truncated, verified
    assertThat(freeFiles()).isEmpty();
    assertThat(store.usage()).isEqualTo(new BlobStoreUsage(1, Files.size(files().pathOf(second))));
  }

  @Test
  void aDeletedBlobThatAPersistedLocationSharesIsNeverOverwritten() throws IOException {
    PersistedLocation location = location("persisted");
    UUID id = persistedBlob(location);
    store.delete(id);
    assertThat(freeFiles()).isEmpty();

    store.write(UUID.randomUUID(), blob("k2", "something else entirely"));

    assertThat(store.readPersisted(location, id)).isEqualTo(blob("k", "v"));
  }

  @Test
  void keptFilesGoAwayOnCloseAndOnOpenAfterACrash() throws IOException {
    UUID id = UUID.randomUUID();
    store.write(id, blob("k", "v"));
    store.delete(id);
    assertThat(freeFiles()).hasSize(1);
    store.close();
    assertThat(freeFiles()).isEmpty();

    Path crashed = Files.createDirectories(temp.resolve("store").resolve("ab"))
        .resolve(".1234" + RecycledFiles.SUFFIX);
    Files.write(crashed, new byte[] {1, 2, 3});
    store = FileBlobStore.open(temp.resolve("store"));
    assertThat(crashed).doesNotExist();
  }

  @Test
  void atMostCapacityDeletedFilesAreKept() {
    List<UUID> ids = Stream.generate(UUID::randomUUID).limit(RecycledFiles.CAPACITY + 5)
        .toList();
    ids.forEach(id -> store.write(id, blob("k", "v")));
    ids.forEach(store::delete);

    assertThat(freeFiles()).hasSize(RecycledFiles.CAPACITY);
    assertThat(store.usage()).isEqualTo(new BlobStoreUsage(0, 0));
  }

  private List<Path> freeFiles() {
    try (Stream<Path> all = Files.walk(temp.resolve("store"))) {
      return all.filter(p -> p.getFileName().toString().endsWith(RecycledFiles.SUFFIX)).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Object fileKey(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
  }

  private static String otherShard(UUID id) {
    String own = id.toString().substring(0, 2);
    return own.equals("00") ? "01" : "00";
  }

  @Test
  void persistIsAHardLinkToTheSameFile() throws IOException {
    PersistedLocation location = location("persisted");
    UUID id = persistedBlob(location);

    Path persisted = new ShardedDirectory(location.directory()).pathOf(id);
    assertThat(Files.isSameFile(persisted, files().pathOf(id))).isTrue();
  }

  @Test
  void persistAndRegisterCopyWhenLinkingFails() throws IOException {
    store.close();
    store = FileBlobStore.open(temp.resolve("store"), BlobSync.FSYNC, (link, existing) -> {
      throw new FileSystemException(link.toString(), existing.toString(),
          "Invalid cross-device link");
    });
    PersistedLocation location = location("persisted");
    UUID id = persistedBlob(location);
    store.delete(id);
    store.register(location, id);

    Path persisted = new ShardedDirectory(location.directory()).pathOf(id);
    assertThat(Files.isSameFile(persisted, files().pathOf(id))).isFalse();
    assertThat(store.readPersisted(location, id)).isEqualTo(blob("k", "v"));
    assertThat(store.read(id)).isEqualTo(blob("k", "v"));
  }

  @Test
  void directoriesAreOwnerOnlyAndFilesTooWithFsync() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    store.close();
    Path root = temp.resolve("private");
    store = FileBlobStore.open(root, BlobSync.FSYNC);
    UUID id = UUID.randomUUID();
    store.write(id, blob("k", "v"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
        files().pathOf(id).getParent()))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files().pathOf(id))))
        .isEqualTo("rw-------");
    assertThat(store.read(id)).isEqualTo(blob("k", "v"));
  }

  @Test
  void aSecondStoreOnTheSameDirectoryInThisProcessIsRefused() {
    Path root = temp.resolve("store");
    assertThatThrownBy(() -> FileBlobStore.open(root))
        .isInstanceOf(BlobStoreException.class)
        .hasMessageContaining(root.toString())
        .hasMessageContaining("pid " + ProcessHandle.current().pid());
  }

  @Test
  void aStoreHeldByAnotherProcessIsRefusedNamingThatProcess() throws Exception {
    store.close();
    Path root = temp.resolve("held");
    try (LockHolder holder = LockHolder.store(root)) {
      assertThatThrownBy(() -> FileBlobStore.open(root))
          .isInstanceOf(BlobStoreException.class)
          .hasMessageContaining(root.toString())
          .hasMessageContaining("locked by pid " + holder.pid() + " on host ");
    }
    store = FileBlobStore.open(root); // released: opens again
  }

  @Test
  void syncOfAnUntouchedLocationSucceeds() {
    PersistedLocation location = location("persisted");
    store.prepare(location);
    store.sync(location);
    assertThat(location.directory().resolve(OwnedFolder.MARKER)).isRegularFile();
  }

  @Test
  void aRootThatIsAFileIsAClearError() throws IOException {
    Path file = Files.writeString(temp.resolve("plain-file"), "x");
    assertThatThrownBy(() -> FileBlobStore.open(file))
        .isInstanceOf(BlobStoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("a file of that name is in the way");
  }

  @Test
  void aBlobRoundTripsThroughEveryCodecIdLength() {
    for (String id : List.of("j", "x".repeat(Blob.MAX_CODEC_ID_BYTES))) {
      UUID uuid = UUID.randomUUID();
      Blob blob = new Blob(id, 1, new byte[] {1}, new byte[] {2});
      store.write(uuid, blob);
      assertThat(store.read(uuid)).isEqualTo(blob);
    }
  }
}
