package dev.filebacked.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.filebacked.core.store.FileBlobStore;
import dev.filebacked.core.testing.ForwardingBlobStore;
import dev.filebacked.core.testing.GatedBlobStore;
import dev.filebacked.core.testing.ManualExecutor;
import dev.filebacked.spi.Blob;
import dev.filebacked.spi.TrackedLocation;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool's races, each forced into one interleaving: background work runs only when the test
 * runs it ({@link ManualExecutor}), and store operations stop at gates the test opens. Each test
 * is named after the race it pins down.
 */
class FilePoolRaceTest {

  private static final long TIMEOUT_SECONDS = 20;

  @TempDir
  Path temp;

  private final ManualExecutor background = new ManualExecutor();
  private final ExecutorService other = Executors.newCachedThreadPool();
  private FileBlobStore files;
  private GatedBlobStore store;
  private FilePool<String, String> pool;

  @BeforeEach
  void open() {
    files = FileBlobStore.open(temp.resolve("store"));
    store = new GatedBlobStore(files);
    pool = FilePool.<String, String>builder().store(store).executor(background)
        .maintenanceExecutor(Runnable::run)
        .maximumEntriesInMemory(100).build();
  }

  @AfterEach
  void close() throws InterruptedException {
    store.readGate.open();
    store.writeGate.open();
    store.persistGate.open();
    store.deletePersistedGate.open();
    other.shutdownNow();
    assertThat(other.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    background.runAll();
    pool.close();
  }

  private <T> T join(Future<T> future) throws Exception {
    return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** Puts a value and pushes it out of memory, its spill task queued but not run. */
  private Node<String> putAndEvict(String key, String value) {
    pool.put(key, value);
    pool.spillNow(key);
    Node<String> node = pool.nodeOf(key);
    assertThat(node.isSpilling()).isTrue();
    assertThat(background.queued()).isEqualTo(1);
    return node;
  }

  /** Runs the queued spill on another thread and returns once its write is held at the gate. */
  private Future<?> runSpillUntilItIsWriting() {
    store.writeGate.arm();
    Future<?> spill = other.submit(background::runNext);
    store.writeGate.awaitArrival();
    return spill;
  }

  /** Puts a value and spills it completely: written and dropped from memory. */
  private Node<String> putAndSpill(String key, String value) {
    Node<String> node = putAndEvict(key, value);
    background.runAll();
    assertThat(node.value()).isNull();
    return node;
  }

  @Test
  void accessDuringASpillIsServedFromMemoryAndCancelsTheWriteNotYetBegun() {
    Node<String> node = putAndEvict("k", "v");

    assertThat(pool.get("k")).isEqualTo("v");
    assertThat(store.reads).hasValue(0);

    background.runAll();
    assertThat(store.writes).hasValue(0);
    assertThat(node.isSpilling()).isFalse();
    assertThat(node.value()).isEqualTo("v");
    assertThat(pool.inMemoryTier("k")).isTrue();
    assertThat(pool.stats().spillsCancelled()).isEqualTo(1);
  }

  @Test
  void accessDuringASpillWriteKeepsTheValueInMemoryAndTheWriteMakesItClean() throws Exception {
    Node<String> node = putAndEvict("k", "v");
    Future<?> spill = runSpillUntilItIsWriting();

    assertThat(pool.get("k")).isEqualTo("v"); // served from memory mid-write
    store.writeGate.open();
    join(spill);

    assertThat(store.reads).hasValue(0);
    assertThat(node.isWritten()).isTrue();
    assertThat(node.value()).isEqualTo("v");
    assertThat(pool.inMemoryTier("k")).isTrue();
    // Written already: leaving memory again costs no I/O.
    pool.spillNow("k");
    assertThat(background.queued()).isZero();
    assertThat(store.writes).hasValue(1);
    assertThat(node.value()).isNull();
    assertThat(pool.get("k")).isEqualTo("v");
  }

  @Test
  void replaceDuringASpillWriteDeletesTheOrphanedBlob() throws Exception {
    Node<String> old = putAndEvict("k", "v1");
    Future<?> spill = runSpillUntilItIsWriting();

    pool.put("k", "v2");
    assertThat(old.isRemoved()).isTrue();
    store.writeGate.open();
    join(spill);
    background.runAll(); // the deferred delete the spill's release scheduled

    assertThat(files.pathOf(old.id())).doesNotExist();
    assertThat(pool.get("k")).isEqualTo("v2");
    assertThat(files.ids()).isEqualTo(pool.writtenIds());
  }

  @Test
  void removeDuringASpillWriteDeletesTheBlob() throws Exception {
    Node<String> old = putAndEvict("k", "v1");
    Future<?> spill = runSpillUntilItIsWriting();

    assertThat(pool.remove("k")).isTrue();
    assertThat(background.queued()).isZero(); // the spill still holds the version
    store.writeGate.open();
    join(spill);
    background.runAll();

    assertThat(files.pathOf(old.id())).doesNotExist();
    assertThat(files.ids()).isEmpty();
    assertThat(pool.get("k")).isNull();
    assertThat(old.value()).isNull();
  }

  @Test
  void twoLoadsOfOneSpilledEntryReadTheBlobOnce() throws Exception {
    putAndSpill("k", "v");
    store.readGate.arm();
    Future<String> first = other.submit(() -> pool.get("k"));
    store.readGate.awaitArrival();

    CompletableFuture<String> second = pool.getAsync("k");
    Future<String> third = other.submit(() -> pool.get("k"));
    assertThat(second).isNotDone();
    assertThat(background.queued()).isZero(); // the async read joined, it did not start a load
    store.readGate.open();

    assertThat(join(first)).isEqualTo("v");
    assertThat(second.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo("v");
    assertThat(join(third)).isEqualTo("v");
    assertThat(store.reads).hasValue(1);
    assertThat(pool.stats().loads()).isEqualTo(1);
  }

  @Test
  void removeWhileLoadingLetsTheReaderFinishThenDeletesTheBlob() throws Exception {
    Node<String> node = putAndSpill("k", "v");
    store.readGate.arm();
    Future<String> reader = other.submit(() -> pool.get("k"));
    store.readGate.awaitArrival();

    assertThat(pool.remove("k")).isTrue();
    assertThat(background.queued()).isZero(); // the reader still holds the version
    assertThat(files.pathOf(node.id())).exists();
    store.readGate.open();

    assertThat(join(reader)).isEqualTo("v"); // the read began before the remove
    assertThat(pool.inMemoryTier("k")).isFalse();
    assertThat(node.value()).isNull(); // not kept in memory for a removed entry
    assertThat(background.queued()).isEqualTo(1);
    background.runAll();
    assertThat(files.pathOf(node.id())).doesNotExist();
    assertThat(pool.get("k")).isNull();
  }

  @Test
  void deleteFromLocationWaitsForAPersistInFlight() throws Exception {
    pool.put("k", "v");
    TrackedLocation location = pool.trackPath(temp.resolve("persisted"));
    UUID id = pool.nodeOf("k").id();
    store.persistGate.arm();
    Future<UUID> persist = other.submit(() -> pool.persist("k", location));
    store.persistGate.awaitArrival();

    Future<Boolean> delete = other.submit(() -> pool.deletePersisted(location, id));
    await(() -> pool.locationLockHasWaiters(location, id), "the delete to wait for the persist");
    store.persistGate.open();

    assertThat(join(persist)).isEqualTo(id);
    assertThat(join(delete)).isTrue();
    assertThat(location.contains(id)).isFalse();
    assertThat(pool.trackPath(temp.resolve("persisted")).ids()).isEmpty();
  }

  @Test
  void persistDuringASpillWriteWaitsForThatWriteInsteadOfWritingTheVersionAgain()
      throws Exception {
    Node<String> node = putAndEvict("k", "v");
    TrackedLocation location = pool.trackPath(temp.resolve("persisted"));
    Future<?> spill = runSpillUntilItIsWriting();

    // Before, the persist wrote the blob a second time, and renamed it over the file it then
    // linked: the link could fail with "no blob" (Linux refuses to link a file being replaced).
    Future<UUID> persist = other.submit(() -> pool.persist("k", location));
    store.writeGate.open();
    join(spill);

    assertThat(join(persist)).isEqualTo(node.id());
    assertThat(store.writes).hasValue(1);
    assertThat(location.contains(node.id())).isTrue();
    assertThat(node.value()).isNull(); // the spill still took the value out of memory
    assertThat(pool.get("k")).isEqualTo("v");
  }

  /**
   * A spill's write that dies with an Error (a serializer overflowing its stack on a deep graph,
   * say) must not leave the version marked as being written: a persist of it would then wait for
   * that write forever, holding the key.
   */
  @Test
  void aPersistAfterASpillWriteDiedOfAnErrorWritesTheVersionInsteadOfWaitingForever()
      throws Exception {
    AtomicBoolean failNext = new AtomicBoolean(true);
    ForwardingBlobStore dying = new ForwardingBlobStore(
        FileBlobStore.open(temp.resolve("dying"))) {
      @Override
      public void write(UUID id, Blob blob) {
        if (failNext.getAndSet(false)) {
          throw new StackOverflowError("thrown on purpose by the test");
        }
        super.write(id, blob);
      }
    };
    try (FilePool<String, String> pool = FilePool.<String, String>builder().store(dying)
        .executor(background).maintenanceExecutor(Runnable::run)
        .maximumEntriesInMemory(100).build()) {
      pool.put("k", "v");
      pool.spillNow("k");
      background.runNext(); // the spill dies of it (logged); the node must not stay WRITING
      assertThat(failNext).isFalse();
      TrackedLocation location = pool.trackPath(temp.resolve("persisted"));
      UUID id = join(other.submit(() -> pool.persist("k", location)));
      assertThat(location.contains(id)).isTrue();
      assertThat(pool.get("k")).isEqualTo("v");
    }
  }

  @Test
  void aSpillThatStartsWhileAPersistWritesTheVersionLeavesDroppingTheValueToThePersist()
      throws Exception {
    Node<String> node = putAndEvict("k", "v");
    TrackedLocation location = pool.trackPath(temp.resolve("persisted"));
    store.writeGate.arm();
    Future<UUID> persist = other.submit(() -> pool.persist("k", location));
    store.writeGate.awaitArrival();

    background.runNext(); // the spill finds the persist writing, and skips
    assertThat(node.value()).isEqualTo("v");
    store.writeGate.open();

    assertThat(join(persist)).isEqualTo(node.id());
    assertThat(store.writes).hasValue(1);
    assertThat(node.isSpilling()).isFalse();
    assertThat(node.value()).isNull(); // not left in memory outside the tier
    assertThat(pool.inMemoryTier("k")).isFalse();
    assertThat(pool.get("k")).isEqualTo("v");
  }

  @Test
  void persistWaitsForADeleteFromLocationInFlight() throws Exception {
    pool.put("k", "v");
    TrackedLocation location = pool.trackPath(temp.resolve("persisted"));
    UUID id = pool.nodeOf("k").id();
    store.deletePersistedGate.arm();
    Future<Boolean> delete = other.submit(() -> pool.deletePersisted(location, id));
    store.deletePersistedGate.awaitArrival();

    Future<UUID> persist = other.submit(() -> pool.persist("k", location));
    await(() -> pool.locationLockHasWaiters(location, id), "the persist to wait for the delete");
    store.deletePersistedGate.open();

    assertThat(join(delete)).isFalse();
    assertThat(join(persist)).isEqualTo(id);
    assertThat(location.contains(id)).isTrue();
    assertThat(pool.trackPath(temp.resolve("persisted")).ids()).containsExactly(id);
  }

  @Test
  void registerAgainstAPendingDeferredDeleteKeepsTheBlob() {
    pool.put("k", "v1");
    TrackedLocation location = pool.trackPath(temp.resolve("persisted"));
    UUID id = pool.persist("k", location);
    pool.put("k", "v2"); // v1 is dead: its blob's delete is queued, not run
    assertThat(background.queued()).isEqualTo(1);

    assertThat(pool.register(location, id)).isEqualTo("k");
    background.runAll(); // the deferred delete of v1 runs after the register

    assertThat(files.pathOf(id)).exists();
    assertThat(pool.get("k")).isEqualTo("v1");
    assertThat(store.reads).hasValue(1);
  }

  @Test
  void registerAfterTheDeferredDeleteRanLinksTheBlobBack() {
    pool.put("k", "v1");
    TrackedLocation location = pool.trackPath(temp.resolve("persisted"));
    UUID id = pool.persist("k", location);
    pool.put("k", "v2");
    background.runAll();
    assertThat(files.pathOf(id)).doesNotExist();

    pool.register(location, id);

    assertThat(files.pathOf(id)).exists();
    assertThat(pool.get("k")).isEqualTo("v1");
  }

  @Test
  void registerTwiceThenRemoveDeletesTheStoreBlobOnceAndKeepsThePersistedOne() {
    pool.put("k", "v1");
    TrackedLocation location = pool.trackPath(temp.resolve("persisted"));
    UUID id = pool.persist("k", location);
    pool.remove("k");
    background.runAll();

    pool.register(location, id);
    Node<String> registered = pool.nodeOf("k");
    pool.register(location, id);
    assertThat(pool.nodeOf("k")).isSameAs(registered);
    pool.remove("k");
    background.runAll();

    assertThat(files.pathOf(id)).doesNotExist();
    assertThat(location.contains(id)).isTrue();
    assertThat(pool.get("k")).isNull();
    pool.register(location, id);
    assertThat(pool.get("k")).isEqualTo("v1");
  }

  @Test
  void persistDuringAQueuedSpillWritesOnceAndTheSpillJustDropsTheValue() {
    Node<String> node = putAndEvict("k", "v");
    TrackedLocation location = pool.trackPath(temp.resolve("persisted"));

    pool.persist("k", location);
    background.runAll();

    assertThat(store.writes).hasValue(1);
    assertThat(node.value()).isNull();
    assertThat(pool.get("k")).isEqualTo("v");
  }

  @Test
  void putWaitsWhileTheValuesQueuedForWritingWeighAsMuchAsTheMemoryTier() throws Exception {
    String value = "x".repeat(600); // encodes to a little over 600 bytes
    try (FilePool<String, String> weighed = FilePool.<String, String>builder()
        .store(new GatedBlobStore(FileBlobStore.open(temp.resolve("weighed"))))
        .executor(background).maintenanceExecutor(Runnable::run)
        .maximumBytesInMemory(1_000).build()) {
      weighed.put("a", value);
      weighed.put("b", value); // evicts one value: 600 bytes queued, below the bound
      assertThat(background.queued()).isEqualTo(1);

      AtomicReference<Thread> putter = new AtomicReference<>();
      Future<?> third = other.submit(() -> {
        putter.set(Thread.currentThread());
        weighed.put("c", value); // evicts another: 1,200 bytes queued, so it waits
      });
      await(() -> putter.get() != null && putter.get().getState() == Thread.State.WAITING,
          "the third put to wait for the disk");
      assertThat(background.queued()).isEqualTo(2);
      assertThat(third).isNotDone();

      background.runNext(); // one write done: 600 bytes queued again
      join(third);
      background.runAll();
      assertThat(weighed.get("a")).isEqualTo(value);
      assertThat(weighed.get("b")).isEqualTo(value);
      assertThat(weighed.get("c")).isEqualTo(value);
    }
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("Timed out waiting for " + what);
      }
      Thread.onSpinWait();
    }
  }
}
