package dev.filebacked.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.core.store.FileBlobStore;
import dev.filebacked.core.testing.FaultInjectingBlobStore;
import dev.filebacked.core.testing.FaultInjectingBlobStore.Fault;
import dev.filebacked.core.testing.FaultInjectingBlobStore.Operation;
import dev.filebacked.core.testing.GatedBlobStore;
import dev.filebacked.core.testing.ManualExecutor;
import dev.filebacked.spi.Blob;
import dev.filebacked.spi.BlobStoreException;
import dev.filebacked.spi.BlobStoreFullException;
import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.DiskFullPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per row of {@link FailurePolicy}'s table: each failure kind injected with the
 * {@link FaultInjectingBlobStore}, and what the caller sees, what becomes of the entry, what is
 * counted. Background work runs when the test says.
 */
class FailurePolicyTest {

  @TempDir
  Path temp;

  private final ManualExecutor executor = new ManualExecutor();
  private final List<String> evicted = new CopyOnWriteArrayList<>();
  private FileBlobStore files;
  private FaultInjectingBlobStore faults;
  private GatedBlobStore gated;
  private FilePool<String, Object> pool;

  private FilePool<String, Object> pool(FilePool.Builder<String, Object> builder) {
    files = FileBlobStore.open(temp.resolve("store"));
    faults = new FaultInjectingBlobStore(files);
    gated = new GatedBlobStore(faults);
    pool = builder.store(gated).executor(executor).maintenanceExecutor(Runnable::run)
        .evictionListener(evicted::add).build();
    return pool;
  }

  private FilePool<String, Object> pool() {
    return pool(FilePool.<String, Object>builder().maximumEntriesInMemory(10));
  }

  @AfterEach
  void close() {
    if (pool != null && !pool.isClosed()) {
      faults.heal();
      executor.runAll();
      pool.close();
    }
  }

  /** Puts {@code key} and pushes its value out of memory, its write run to the end. */
  private void pushOut(String key, Object value) {
    pool.put(key, value);
    pool.spillNow(key);
    executor.runAll();
  }

  /** {@code key} left the pool because its value could not be written, and that was counted. */
  private void assertLeftAsAnEviction(String key) {
    assertThat(pool.containsKey(key)).isFalse();
    assertThat(pool.stats().spillFailures()).isEqualTo(1);
    assertThat(evicted).containsExactly(key);
  }

  /** Puts {@code key}, and writes its value to disk and out of memory. */
  private UUID onDisk(String key, Object value) {
    pushOut(key, value);
    assertThat(pool.inMemoryTier(key)).isFalse();
    return pool.nodeOf(key).id();
  }

  // ------------------------------------------------------------------ reads

  @Test
  void aCorruptBlobIsAMissItsVersionLeavesAndItsFileIsQuarantined() throws Exception {
    pool();
    UUID id = onDisk("a", "1");
    onDisk("b", "2");
    faults.inject(Operation.READ, Fault.CORRUPT, 1);

    assertThat(pool.get("a")).isNull();

    assertThat(pool.containsKey("a")).isFalse();
    assertThat(pool.get("b")).isEqualTo("2");
    assertThat(files.pathOf(id)).doesNotExist();
    try (Stream<Path> kept = Files.list(temp.resolve("store").resolve("quarantine"))) {
      assertThat(kept.map(p -> p.getFileName().toString()))
          .singleElement().asString().startsWith(id.toString());
    }
    assertThat(pool.stats().corruptBlobs()).isEqualTo(1);
    assertThat(evicted).containsExactly("a");
  }

  @Test
  void aMissingBlobIsAMissAndItsEntryLeaves() {
    pool();
    onDisk("a", "1");
    faults.inject(Operation.READ, Fault.MISSING, 1);

    assertThat(pool.get("a")).isNull();

    assertThat(pool.containsKey("a")).isFalse();
    assertThat(pool.stats().missingBlobs()).isEqualTo(1);
    assertThat(evicted).containsExactly("a");
  }

  @Test
  void aBlobTheCodecCannotReadIsAMissAndItsEntryLeaves() {
    pool();
    UUID id = onDisk("a", "1");
    Blob written = files.read(id);
    files.write(id, new Blob("other", 1, written.key(), written.value()));

    CompletableFuture<Object> read = pool.getAsync("a");
    executor.runAll();

    assertThat(read).isCompletedWithValue(null);
    assertThat(pool.containsKey("a")).isFalse();
    assertThat(pool.stats().unreadableValues()).isEqualTo(1);
    assertThat(evicted).containsExactly("a");
  }

  @Test
  void aPassingIoErrorOnReadIsRetriedAndTheCallerNeverSeesIt() {
    pool();
    onDisk("a", "1");
    faults.inject(Operation.READ, Fault.PASSING_IO_ERROR, FailurePolicy.ATTEMPTS - 1);

    assertThat(pool.get("a")).isEqualTo("1");
    assertThat(faults.calls.get(Operation.READ)).hasValue(FailurePolicy.ATTEMPTS);
    assertThat(pool.stats().ioErrors()).isZero();
  }

  @Test
  void aPassingIoErrorThatOutlivesItsRetriesReachesTheCallerAndTheEntryStays() {
    pool();
    UUID id = onDisk("a", "1");
    faults.inject(Operation.READ, Fault.PASSING_IO_ERROR, FailurePolicy.ATTEMPTS);

    assertThatThrownBy(() -> pool.get("a")).isInstanceOf(BlobStoreException.class)
        .hasMessageContaining("Too many open files");

    assertThat(pool.containsKey("a")).isTrue();
    assertThat(files.pathOf(id)).exists();
    assertThat(pool.stats().ioErrors()).isEqualTo(1);
    assertThat(evicted).isEmpty();
    assertThat(pool.get("a")).isEqualTo("1"); // the error passed
  }

  // ------------------------------------------------------------------ writes

  @Test
  void aValueTheCodecRefusesIsRefusedAtPutInStoreByValue() {
    pool(FilePool.<String, Object>builder().storeByValue(true));
    assertThatThrownBy(() -> pool.put("a", new Object())).isInstanceOf(CodecException.class);
    assertThat(pool.containsKey("a")).isFalse();
    assertThat(evicted).isEmpty();
  }

  @Test
  void aValueTheCodecRefusesWhenItLeavesMemoryIsEvictedCounted() {
    pool();
    pushOut("a", new Object()); // by reference: encoded only when written

    assertLeftAsAnEviction("a");
  }

  @Test
  void noSpaceEvictsTheEntryCountedByDefault() {
    pool();
    faults.inject(Operation.WRITE, Fault.NO_SPACE, Integer.MAX_VALUE);
    pushOut("a", "1");

    assertLeftAsAnEviction("a");

    faults.heal(); // space is back: the next value that leaves memory is written
    onDisk("b", "2");
    assertThat(pool.get("b")).isEqualTo("2");
    assertThat(pool.stats().spills()).isEqualTo(1);
  }

  @Test
  void noSpaceUnderFailWritesKeepsTheValueRefusesPutsAndRecoversOnceSpaceReturns() {
    pool(FilePool.<String, Object>builder().maximumEntriesInMemory(10)
        .diskFullPolicy(DiskFullPolicy.FAIL_WRITES).writeRetryInterval(Duration.ZERO));
    faults.inject(Operation.WRITE, Fault.NO_SPACE, Integer.MAX_VALUE);
    pushOut("a", "1");

    assertThat(pool.get("a")).isEqualTo("1");
    assertThat(pool.stats().valuesWaitingForDisk()).isEqualTo(1);
    assertThatThrownBy(() -> pool.put("b", "2")).isInstanceOf(BlobStoreFullException.class)
        .hasMessageContaining("1 values wait in memory").hasMessageContaining("Free space");
    assertThat(pool.containsKey("b")).isFalse();
    assertThat(pool.stats().writesRefused()).isEqualTo(1);
    assertThat(evicted).isEmpty();

    faults.heal();
    pool.put("b", "2"); // retries the kept write first, which now succeeds

    assertThat(pool.stats().valuesWaitingForDisk()).isZero();
    assertThat(pool.inMemoryTier("a")).isFalse();
    assertThat(files.ids()).containsExactly(pool.nodeOf("a").id());
    assertThat(pool.get("a")).isEqualTo("1");
    assertThat(pool.get("b")).isEqualTo("2");
    assertThat(evicted).isEmpty();
  }

  @Test
  void underFailWritesARefusedPutTriesTheDiskAtMostOncePerRetryInterval() {
    pool(FilePool.<String, Object>builder().maximumEntriesInMemory(10)
        .diskFullPolicy(DiskFullPolicy.FAIL_WRITES).writeRetryInterval(Duration.ofHours(1)));
    faults.inject(Operation.WRITE, Fault.NO_SPACE, Integer.MAX_VALUE);
    pushOut("a", "1");
    int writes = faults.calls.get(Operation.WRITE).get();

    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> pool.put("b", "2")).isInstanceOf(BlobStoreFullException.class);
    }
    assertThat(faults.calls.get(Operation.WRITE)).hasValue(writes);
  }

  @Test
  void underFailWritesRemovingTheWaitingValuesLetsPutsThroughAtOnce() {
    pool(FilePool.<String, Object>builder().maximumEntriesInMemory(10)
        .diskFullPolicy(DiskFullPolicy.FAIL_WRITES).writeRetryInterval(Duration.ofHours(1)));
    faults.inject(Operation.WRITE, Fault.NO_SPACE, Integer.MAX_VALUE);
    pushOut("a", "1");
    assertThatThrownBy(() -> pool.put("b", "2")).isInstanceOf(BlobStoreFullException.class);

    pool.remove("a");
    pool.put("b", "2"); // nothing waits for the disk any more: no retry interval to sit out

    assertThat(pool.get("b")).isEqualTo("2");
    assertThat(pool.stats().valuesWaitingForDisk()).isZero();
  }

  @Test
  void aPassingIoErrorOnWriteIsRetriedAndNothingIsLost() {
    pool();
    faults.inject(Operation.WRITE, Fault.PASSING_IO_ERROR, FailurePolicy.ATTEMPTS - 1);
    onDisk("a", "1");

    assertThat(pool.get("a")).isEqualTo("1");
    assertThat(pool.stats().spillFailures()).isZero();
  }

  @Test
  void aPassingIoErrorOnWriteThatOutlivesItsRetriesIsTreatedAsAFullDisk() {
    pool();
    faults.inject(Operation.WRITE, Fault.PASSING_IO_ERROR, FailurePolicy.ATTEMPTS);
    pushOut("a", "1");

    assertLeftAsAnEviction("a");
  }

  @Test
  void aValueTooLargeForTheDiskIsEvictedEvenUnderFailWrites() {
    pool(FilePool.<String, Object>builder().maximumEntriesInMemory(10)
        .diskFullPolicy(DiskFullPolicy.FAIL_WRITES).writeRetryInterval(Duration.ZERO));
    faults.inject(Operation.WRITE, Fault.TOO_LARGE, 1);
    pushOut("a", "1");

    assertLeftAsAnEviction("a");
    pool.put("b", "2"); // writes are not refused: retrying could never help
  }

  @Test
  void aDeleteThatFailsIsCountedAndItsBlobIsRemovedWhenTheStoreIsNextOpened() {
    pool(FilePool.<String, Object>builder().maximumEntriesInMemory(10)
        .destroyStoreOnClose(false));
    UUID id = onDisk("a", "1");
    faults.inject(Operation.DELETE, Fault.PASSING_IO_ERROR, 1);
    pool.remove("a");
    executor.runAll();

    assertThat(pool.stats().ioErrors()).isEqualTo(1);
    assertThat(files.pathOf(id)).exists();
    pool.close();

    try (FilePool<String, Object> reopened = FilePool.<String, Object>builder()
        .directory(temp.resolve("store")).build()) {
      assertThat(files.pathOf(id)).doesNotExist();
      assertThat(reopened.size()).isZero();
    }
  }

  @Test
  void aStoreThatCannotQuarantineStillCountsTheCorruptBlob() {
    faults = new FaultInjectingBlobStore(new dev.filebacked.core.testing.InMemoryBlobStore());
    pool = FilePool.<String, Object>builder().maximumEntriesInMemory(10).store(faults)
        .executor(executor).maintenanceExecutor(Runnable::run).evictionListener(evicted::add)
        .build();
    onDisk("a", "1");
    faults.inject(Operation.READ, Fault.CORRUPT, 1);

    assertThat(pool.get("a")).isNull();
    assertThat(pool.stats().corruptBlobs()).isEqualTo(1);
    assertThat(evicted).containsExactly("a");
  }

  // ------------------------------------------------------------------ races

  @Test
  void aWriteThatFailsAfterAnAccessCancelledItsSpillLeavesTheEntryInMemory() throws Exception {
    pool();
    pool.put("a", "1");
    gated.writeGate.arm();
    pool.spillNow("a");
    CompletableFuture<Void> spill = CompletableFuture.runAsync(executor::runAll);
    gated.writeGate.awaitArrival(); // the write of "a" is in flight

    assertThat(pool.get("a")).isEqualTo("1"); // cancels the spill: back in the tier
    faults.inject(Operation.WRITE, Fault.NO_SPACE, Integer.MAX_VALUE);
    gated.writeGate.open();
    spill.get(20, TimeUnit.SECONDS);

    assertThat(pool.containsKey("a")).isTrue();
    assertThat(pool.inMemoryTier("a")).isTrue();
    assertThat(pool.get("a")).isEqualTo("1");
    assertThat(pool.stats().spillFailures()).isZero();
    assertThat(evicted).isEmpty();
  }

  @Test
  void anUnreadableBlobDropsOnlyItsOwnVersionNeverOnePutWhileItWasRead() throws Exception {
    pool();
    onDisk("k", "v1");
    faults.inject(Operation.READ, Fault.CORRUPT, 1);
    gated.readGate.arm();
    CompletableFuture<Object> reader = CompletableFuture.supplyAsync(() -> pool.get("k"));
    gated.readGate.awaitArrival(); // the read of v1's blob is in flight

    pool.put("k", "v2");
    gated.readGate.open(); // now it fails as corrupt

    assertThat(reader.get(20, TimeUnit.SECONDS)).isNull();
    assertThat(pool.get("k")).isEqualTo("v2");
    assertThat(evicted).isEmpty();
    assertThat(pool.stats().corruptBlobs()).isEqualTo(1);
  }
}
