package dev.filebacked.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.core.codec.JavaSerializationCodec;
import dev.filebacked.core.store.FileBlobStore;
import dev.filebacked.core.testing.GatedBlobStore;
import dev.filebacked.core.testing.ManualExecutor;
import dev.filebacked.spi.Blob;
import dev.filebacked.spi.BlobStoreException;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.CorruptBlobException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the pool does, one behaviour at a time, with background work run when the test says. */
class FilePoolTest {

  @TempDir
  Path temp;

  private final ManualExecutor executor = new ManualExecutor();
  private FileBlobStore files;
  private GatedBlobStore store;
  private FilePool<String, Object> pool;

  private FilePool<String, Object> pool(FilePool.Builder<String, Object> builder) {
    files = FileBlobStore.open(temp.resolve("store"));
    store = new GatedBlobStore(files);
    pool = builder.store(store).executor(executor).maintenanceExecutor(Runnable::run).build();
    return pool;
  }

  private FilePool<String, Object> pool(int entriesInMemory) {
    return pool(FilePool.<String, Object>builder().maximumEntriesInMemory(entriesInMemory));
  }

  @AfterEach
  void close() {
    if (pool != null && !pool.isClosed()) {
      executor.runAll();
      pool.close();
    }
  }

  @Test
  void putThenGetServesFromMemory() {
    pool(10);
    pool.put("a", "1");
    assertThat(pool.get("a")).isEqualTo("1");
    assertThat(pool.get("missing")).isNull();
    assertThat(pool.containsKey("a")).isTrue();
    assertThat(pool.size()).isEqualTo(1);
    assertThat(store.writes).hasValue(0);
    PoolStats stats = pool.stats();
    assertThat(stats.memoryHits()).isEqualTo(1);
    assertThat(stats.misses()).isEqualTo(1);
  }

  @Test
  void statsCountTheEntriesInMemoryAfterTheEvictionsTheBoundCallsForNotBefore() {
    files = FileBlobStore.open(temp.resolve("store"));
    store = new GatedBlobStore(files);
    ManualExecutor upkeep = new ManualExecutor(); // never run: the evictions stay pending
    pool = FilePool.<String, Object>builder().maximumEntriesInMemory(2).store(store)
        .executor(executor).maintenanceExecutor(upkeep).build();
    for (int i = 0; i < 10; i++) {
      pool.put("k" + i, "v" + i);
    }
    PoolStats stats = pool.stats();
    assertThat(stats.memoryEntries()).isEqualTo(2);
    assertThat(stats.memoryWeight()).isEqualTo(2);
  }

  @Test
  void readsAreCountedOnlyWhileCountingIsOn() {
    pool(1);
    pool.put("a", "1");
    pool.put("b", "2");
    pool.spillNow("a");
    executor.runAll();

    pool.countReads(false);
    assertThat(pool.get("a")).isEqualTo("1");
    assertThat(pool.get("b")).isEqualTo("2");
    assertThat(pool.get("missing")).isNull();
    assertThat(pool.stats()).extracting(PoolStats::memoryHits, PoolStats::diskHits,
        PoolStats::misses).containsExactly(0L, 0L, 0L);

    pool.countReads(true);
    pool.spillNow("a");
    executor.runAll();
    assertThat(pool.get("a")).isEqualTo("1");
    assertThat(pool.get("missing")).isNull();
    assertThat(pool.stats()).extracting(PoolStats::diskHits, PoolStats::misses)
        .containsExactly(1L, 1L);
  }

  @Test
  void expiryTimesAreMetadataTheCallerReadsAndChangesWithoutRewritingTheValue() {
    pool(1);
    pool.put("eternal", "e");
    pool.put("timed", "t", 100);
    assertThat(pool.expiresAt("eternal")).isEqualTo(FilePool.NEVER);
    assertThat(pool.expiresAt("timed")).isEqualTo(100);
    assertThat(pool.expiresAt("missing")).isEqualTo(FilePool.ABSENT);

    pool.spillNow("timed");
    executor.runAll();
    assertThat(pool.getIfFresh("timed", 99)).isEqualTo("t");
    assertThat(pool.getIfFresh("timed", 100)).isNull();
    assertThat(pool.containsKey("timed")).isTrue();
    assertThat(pool.get("timed")).isEqualTo("t");
    assertThat(pool.expiredKeys(100)).containsExactly("timed");
    assertThat(pool.expiredKeys(99)).isEmpty();

    int writes = store.writes.get();
    assertThat(pool.setExpiresAt("timed", 200)).isTrue();
    assertThat(pool.setExpiresAt("missing", 200)).isFalse();
    assertThat(pool.getIfFresh("timed", 150)).isEqualTo("t");
    assertThat(pool.expiredKeys(150)).isEmpty();
    assertThat(store.writes).hasValue(writes);
    assertThatThrownBy(() -> pool.put("x", "y", FilePool.ABSENT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSpilledEntrysBlobIsAtItsShardWithAValidHeaderAndGoesAwayWhenRemoved() throws IOException {
    pool(1);
    pool.put("a", "value-a");
    UUID id = pool.nodeOf("a").id();
    pool.spillNow("a");
    executor.runAll();

    String name = id.toString();
    Path blob = temp.resolve("store").resolve(name.substring(0, 2)).resolve(name);
    assertThat(blob).isRegularFile();
    assertThat(ByteBuffer.wrap(Files.readAllBytes(blob)).getInt()).isEqualTo(0x46424C42);
    Blob read = files.read(id);
    assertThat(read.codecId()).isEqualTo("jdk");
    assertThat(new JavaSerializationCodec<String>().decode(read.key(), null)).isEqualTo("a");
    assertThat(pool.nodeOf("a").value()).isNull();

    assertThat(pool.get("a")).isEqualTo("value-a");
    assertThat(pool.remove("a")).isTrue();
    executor.runAll();
    pool.flush();

    assertThat(blob).doesNotExist();
    assertThat(pool.get("a")).isNull();
  }

  @Test
  void moreDataThanTheMemoryTierStaysInThePoolAndReadsBack() {
    pool(10);
    for (int i = 0; i < 100; i++) {
      pool.put("k" + i, "v" + i);
    }
    executor.runAll();

    assertThat(pool.size()).isEqualTo(100);
    assertThat(pool.memoryWeight()).isLessThanOrEqualTo(10);
    assertThat(store.writes.get()).isGreaterThanOrEqualTo(90);
    for (int i = 0; i < 100; i++) {
      assertThat(pool.get("k" + i)).isEqualTo("v" + i);
    }
    executor.runAll();
    assertThat(pool.stats().diskHits()).isGreaterThanOrEqualTo(90);
    assertThat(pool.memoryWeight()).isLessThanOrEqualTo(10);
  }

  @Test
  void aWrittenVersionLeavesMemoryWithoutIo() {
    pool(10);
    pool.put("a", "1");
    pool.spillNow("a");
    executor.runAll();
    assertThat(pool.get("a")).isEqualTo("1"); // loaded back, clean
    int writes = store.writes.get();

    pool.spillNow("a");

    assertThat(executor.queued()).isZero();
    assertThat(store.writes).hasValue(writes);
    assertThat(pool.nodeOf("a").value()).isNull();
    assertThat(pool.stats().drops()).isEqualTo(1);
  }

  @Test
  void everyPutIsANewVersionAndTheOldBlobIsDeleted() {
    pool(10);
    pool.put("a", "1");
    UUID first = pool.nodeOf("a").id();
    pool.spillNow("a");
    executor.runAll();

    pool.put("a", "2");
    UUID second = pool.nodeOf("a").id();
    executor.runAll();

    assertThat(second).isNotEqualTo(first);
    assertThat(files.pathOf(first)).doesNotExist();
    assertThat(pool.get("a")).isEqualTo("2");
    assertThat(pool.stats().blobsDeleted()).isEqualTo(1);
  }

  @Test
  void byReferenceReturnsTheSameObjectWhileInMemory() {
    pool(10);
    List<String> value = new ArrayList<>(List.of("x"));
    pool.put("a", value);
    assertThat(pool.get("a")).isSameAs(value);
  }

  @Test
  void storeByValueReturnsAFreshCopyEveryRead() {
    pool(FilePool.<String, Object>builder().storeByValue(true).maximumEntriesInMemory(10));
    List<String> value = new ArrayList<>(List.of("x"));
    pool.put("a", value);
    value.add("changed after put");

    Object first = pool.get("a");
    Object second = pool.get("a");
    assertThat(first).isEqualTo(List.of("x")).isNotSameAs(second);
  }

  @Test
  void aByteBoundedTierWeighsValuesByTheirEncodingAndSpillsThoseBytes() {
    pool(FilePool.<String, Object>builder().maximumBytesInMemory(1_000));
    for (int i = 0; i < 10; i++) {
      pool.put("k" + i, new byte[300]);
      executor.runAll(); // the disk keeps up: spills queued never weigh as much as the tier
    }

    assertThat(pool.memoryWeight()).isLessThanOrEqualTo(1_000);
    assertThat(pool.stats().memoryEntries()).isLessThanOrEqualTo(3);
    for (int i = 0; i < 10; i++) {
      assertThat((byte[]) pool.get("k" + i)).hasSize(300);
    }
  }

  @Test
  void aUserWeigherBoundsTheTier() {
    pool(FilePool.<String, Object>builder().maximumBytesInMemory(100)
        .weigher((key, value) -> 40));
    pool.put("a", "1");
    pool.put("b", "2");
    pool.put("c", "3");
    executor.runAll();
    assertThat(pool.memoryWeight()).isLessThanOrEqualTo(100);
    assertThat(pool.stats().memoryEntries()).isEqualTo(2);
  }

  @Test
  void putIfAbsentKeepsTheFirstValue() {
    pool(10);
    assertThat(pool.putIfAbsent("a", "1")).isTrue();
    assertThat(pool.putIfAbsent("a", "2")).isFalse();
    assertThat(pool.get("a")).isEqualTo("1");
  }

  @Test
  void clearRemovesEverythingAndItsBlobs() {
    pool(1);
    for (int i = 0; i < 5; i++) {
      pool.put("k" + i, "v");
    }
    executor.runAll();
    pool.clear();
    executor.runAll();

    assertThat(pool.size()).isZero();
    assertThat(files.ids()).isEmpty();
  }

  @Test
  void getAsyncLoadsInTheBackground() {
    pool(10);
    pool.put("a", "1");
    pool.spillNow("a");
    executor.runAll();

    var future = pool.getAsync("a");
    assertThat(future).isNotDone();
    executor.runAll();

    assertThat(future).isCompletedWithValue("1");
    assertThat(pool.getAsync("missing")).isCompletedWithValue(null);
    assertThat(pool.getAsync("a")).isCompletedWithValue("1");
  }

  @Test
  void aBlobOfAnotherCodecIsAMissAndItsEntryLeaves() {
    List<String> evicted = new ArrayList<>();
    pool(FilePool.<String, Object>builder().maximumEntriesInMemory(10)
        .evictionListener(evicted::add));
    pool.put("a", "1");
    pool.spillNow("a");
    executor.runAll();
    UUID id = pool.nodeOf("a").id();
    Blob original = files.read(id);
    files.write(id, new Blob("fst", 3, original.key(), original.value()));

    assertThat(pool.get("a")).isNull();
    assertThat(pool.containsKey("a")).isFalse();
    assertThat(pool.stats().unreadableValues()).isEqualTo(1);
    assertThat(evicted).containsExactly("a");
  }

  @Test
  void aCorruptBlobIsNeverServedAndIsMovedToQuarantine() throws IOException {
    List<String> evicted = new ArrayList<>();
    pool(FilePool.<String, Object>builder().maximumEntriesInMemory(10)
        .evictionListener(evicted::add));
    pool.put("a", "1");
    pool.spillNow("a");
    executor.runAll();
    UUID id = pool.nodeOf("a").id();
    Path file = files.pathOf(id);
    byte[] bad = Files.readAllBytes(file);
    bad[bad.length - 1] ^= 1;
    Files.write(file, bad);

    assertThat(pool.get("a")).isNull();
    assertThat(pool.containsKey("a")).isFalse();
    assertThat(file).doesNotExist();
    try (var kept = Files.list(temp.resolve("store").resolve("quarantine"))) {
      assertThat(kept.toList()).singleElement().satisfies(path -> {
        assertThat(path.getFileName().toString()).startsWith(id.toString());
        assertThat(Files.readAllBytes(path)).isEqualTo(bad);
      });
    }
    assertThat(pool.stats().corruptBlobs()).isEqualTo(1);
    assertThat(evicted).containsExactly("a");
  }

  @Test
  void aBlobCopiedOverAnotherKeysIsNeverServed() throws IOException {
    pool(10);
    pool.put("a", "value of a");
    pool.put("b", "value of b");
    pool.spillNow("a");
    pool.spillNow("b");
    executor.runAll();
    Path fileOfA = files.pathOf(pool.nodeOf("a").id());
    Path fileOfB = files.pathOf(pool.nodeOf("b").id());
    Files.copy(fileOfB, fileOfA, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThat(pool.get("a")).isNull();
    assertThat(pool.get("b")).isEqualTo("value of b");
    assertThat(pool.stats().corruptBlobs()).isEqualTo(1);
  }

  @Test
  void aValueThatCannotBeEncodedIsRefusedAtPutInStoreByValue() {
    pool(FilePool.<String, Object>builder().storeByValue(true));
    assertThatThrownBy(() -> pool.put("a", new Object()))
        .isInstanceOf(CodecException.class).hasMessageContaining("java.lang.Object");
    assertThat(pool.containsKey("a")).isFalse();
  }

  @Test
  void aValueThatCannotBeWrittenIsDroppedInsteadOfHeldBeyondTheBound() {
    pool(1);
    pool.put("a", new NotSerializable("lost"));
    pool.put("b", "fine");
    pool.spillNow("a");
    executor.runAll();

    assertThat(pool.containsKey("a")).isFalse();
    assertThat(pool.get("a")).isNull();
    assertThat(pool.get("b")).isEqualTo("fine");
    assertThat(pool.stats().spillFailures()).isEqualTo(1);
    assertThat(executor.queued()).isZero(); // no retry loop
  }

  @Test
  void aFullDiskDropsEvictedEntriesWithoutALoop() {
    pool(FilePool.<String, Object>builder().maximumEntriesInMemory(2));
    store.writeFailure = new BlobStoreException("Cannot write blob: No space left on device");
    for (int i = 0; i < 10; i++) {
      pool.put("k" + i, "v" + i);
    }
    executor.runAll();

    assertThat(pool.size()).isEqualTo(2);
    assertThat(pool.stats().spillFailures()).isEqualTo(8);
    assertThat(pool.memoryWeight()).isLessThanOrEqualTo(2);
  }

  record NotSerializable(String name) {}

  @Test
  void nullKeysAndValuesAreRefused() {
    pool(10);
    assertThatThrownBy(() -> pool.put(null, "v")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> pool.put("k", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> pool.get(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void closeDeletesTheStoreDirectoryAndRefusesWork() {
    pool(1);
    pool.put("a", "1");
    pool.put("b", "2");
    executor.runAll();
    pool.close();

    assertThat(temp.resolve("store")).doesNotExist();
    assertThat(pool.isClosed()).isTrue();
    assertThatThrownBy(() -> pool.get("a")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    pool.close(); // twice: nothing happens
  }

  @Test
  void aNewPoolDeletesBlobsLeftByAnEarlierRun() {
    Path dir = temp.resolve("reused");
    try (FileBlobStore previous = FileBlobStore.open(dir)) {
      previous.write(UUID.randomUUID(), new Blob("jdk", 1, new byte[0], new byte[] {1}));
    }
    try (FilePool<String, String> fresh = FilePool.<String, String>builder().directory(dir)
        .build()) {
      fresh.put("a", "1");
      fresh.flush();
      assertThat(fresh.writtenIds()).isEmpty();
      try (var shards = Files.list(dir)) {
        // Files kept for reuse are dot-named: no longer blobs, invisible to readers.
        assertThat(shards.filter(Files::isDirectory).flatMap(FilePoolTest::list)
            .filter(file -> !file.getFileName().toString().startsWith("."))).isEmpty();
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static java.util.stream.Stream<Path> list(Path dir) {
    try {
      return Files.list(dir).toList().stream();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void flushFromABackgroundTaskIsRefusedInsteadOfWaitingForItself() {
    pool(10);
    pool.put("a", "1");
    var result = new java.util.concurrent.atomic.AtomicReference<Throwable>();
    pool.runInBackground(() -> {
      try {
        pool.flush();
      } catch (IllegalStateException e) {
        result.set(e);
      }
    });
    executor.runAll();
    assertThat(result.get()).hasMessageContaining("wait for itself");
  }

  @Test
  void aCustomCodecIsUsedForValuesAndNamedInTheBlob() {
    Codec<Object> upper = new Codec<>() {
      @Override
      public String id() {
        return "upper";
      }

      @Override
      public int formatVersion() {
        return 2;
      }

      @Override
      public byte[] encode(Object value) {
        return value.toString().toUpperCase().getBytes();
      }

      @Override
      public Object decode(byte[] bytes, ClassLoader classLoader) {
        return new String(bytes);
      }
    };
    pool(FilePool.<String, Object>builder().valueCodec(upper));
    pool.put("a", "quiet");
    pool.spillNow("a");
    executor.runAll();

    assertThat(files.read(pool.nodeOf("a").id()).codecId()).isEqualTo("upper");
    assertThat(pool.get("a")).isEqualTo("QUIET");
  }

  @Test
  void builderErrorsSayWhatToDo() {
    assertThatThrownBy(() -> FilePool.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("directory(path)");
    assertThatThrownBy(() -> FilePool.builder().maximumEntriesInMemory(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FilePool.<String, String>builder().storeByValue(true)
        .weigher((k, v) -> 1).directory(temp).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("weigher");
  }

}
