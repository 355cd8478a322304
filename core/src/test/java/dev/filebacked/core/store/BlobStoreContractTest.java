package dev.filebacked.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.spi.Blob;
import dev.filebacked.spi.BlobNotFoundException;
import dev.filebacked.spi.BlobStore;
import dev.filebacked.spi.BlobView;
import dev.filebacked.spi.PersistedLocation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link BlobStore} must do. Each implementation's test extends this class and says
 * how to open a store; the engine relies on nothing else.
 */
abstract class BlobStoreContractTest {

  @TempDir
  Path temp;

  BlobStore store;

  /** A new, empty store for one test. */
  abstract BlobStore openStore(Path directory);

  @BeforeEach
  void open() {
    store = openStore(temp.resolve("store"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  static Blob blob(String key, String value) {
    return new Blob("test", 3, key.getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8));
  }

  PersistedLocation location(String name) {
    return PersistedLocation.of(temp.resolve(name));
  }

  /** Writes blob ("k", "v") to the store and persists it into a prepared {@code location}. */
  UUID persistedBlob(PersistedLocation location) {
    store.prepare(location);
    UUID id = UUID.randomUUID();
    store.write(id, blob("k", "v"));
    store.persist(id, location);
    return id;
  }

  @Test
  void aWrittenBlobReadsBackWithAllItsParts() {
    UUID id = UUID.randomUUID();
    store.write(id, blob("key", "value"));

    Blob read = store.read(id);

    assertThat(read.codecId()).isEqualTo("test");
    assertThat(read.codecVersion()).isEqualTo(3);
    assertThat(new String(read.key(), StandardCharsets.UTF_8)).isEqualTo("key");
    assertThat(new String(read.value(), StandardCharsets.UTF_8)).isEqualTo("value");
  }

  @Test
  void emptyAndLargeBlobsReadBack() {
    UUID empty = UUID.randomUUID();
    UUID large = UUID.randomUUID();
    byte[] big = new byte[3 << 20];
    new Random(7).nextBytes(big);
    store.write(empty, new Blob("test", 1, new byte[0], new byte[0]));
    store.write(large, new Blob("test", 1, new byte[] {1}, big));

    assertThat(store.read(empty)).isEqualTo(new Blob("test", 1, new byte[0], new byte[0]));
    assertThat(store.read(large).value()).isEqualTo(big);
  }

  @Test
  void aLentBlobHasTheSamePartsAsAReadOneAndTheReaderDecidesTheResult() {
    UUID id = UUID.randomUUID();
    store.write(id, blob("key", "value"));

    String read = store.read(id, view -> {
      assertThat(view.codecId()).isEqualTo("test");
      assertThat(view.codecVersion()).isEqualTo(3);
      return StandardCharsets.UTF_8.decode(view.key()) + "=" + StandardCharsets.UTF_8.decode(
          view.value());
    });

    assertThat(read).isEqualTo("key=value");
    assertThat(store.read(id, BlobView::copy)).isEqualTo(store.read(id));
  }

  @Test
  void aLendingReadOfAMissingBlobIsNotFoundAndNeverCallsTheReader() {
    AtomicBoolean called = new AtomicBoolean();
    assertThatThrownBy(() -> store.read(UUID.randomUUID(), view -> called.getAndSet(true)))
        .isInstanceOf(BlobNotFoundException.class);
    assertThat(called).isFalse();
  }

  @Test
  void whatTheReaderThrowsReachesTheCallerAndTheStoreReadsOn() {
    UUID id = UUID.randomUUID();
    store.write(id, blob("k", "v"));
    IllegalStateException thrown = new IllegalStateException("the reader's own");

    assertThatThrownBy(() -> store.read(id, view -> {
      throw thrown;
    })).isSameAs(thrown);
    assertThat(store.read(id)).isEqualTo(blob("k", "v"));
  }

  @Test
  void readingOtherBlobsWhileOneIsLentLeavesItsBytesAlone() {
    UUID outer = UUID.randomUUID();
    UUID inner = UUID.randomUUID();
    byte[] first = new byte[300_000];
    byte[] second = new byte[300_000];
    Arrays.fill(first, (byte) 1);
    Arrays.fill(second, (byte) 2);
    store.write(outer, new Blob("test", 1, new byte[] {1}, first));
    store.write(inner, new Blob("test", 1, new byte[] {2}, second));

    byte[] seen = store.read(outer, view -> {
      assertThat(store.read(inner).value()).isEqualTo(second); // a nested read, same thread
      byte[] bytes = new byte[view.value().remaining()];
      view.value().get(bytes);
      return bytes;
    });

    assertThat(seen).isEqualTo(first);
  }

  @Test
  void readingAMissingBlobIsNotFound() {
    UUID id = UUID.randomUUID();
    assertThatThrownBy(() -> store.read(id)).isInstanceOf(BlobNotFoundException.class)
        .hasMessageContaining(id.toString());
  }

  @Test
  void writingAnIdAgainReplacesTheBlob() {
    UUID id = UUID.randomUUID();
    store.write(id, blob("k", "same"));
    store.write(id, blob("k", "same"));
    assertThat(store.read(id)).isEqualTo(blob("k", "same"));
    assertThat(store.ids()).containsExactly(id);
  }

  @Test
  void deleteSaysWhetherTheBlobExisted() {
    UUID id = UUID.randomUUID();
    store.write(id, blob("k", "v"));

    assertThat(store.delete(id)).isTrue();
    assertThat(store.delete(id)).isFalse();
    assertThatThrownBy(() -> store.read(id)).isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void idsListsTheBlobsOfTheStore() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    store.write(a, blob("a", "1"));
    store.write(b, blob("b", "2"));
    assertThat(store.ids()).containsExactlyInAnyOrder(a, b);
  }

  @Test
  void aNewLocationIsEmptyAndListsWhatIsPersistedIntoIt() {
    PersistedLocation location = location("persisted");
    assertThat(store.prepare(location)).isEmpty();
    UUID id = UUID.randomUUID();
    store.write(id, blob("k", "v"));

    store.persist(id, location);
    store.persist(id, location); // again: nothing changes

    assertThat(store.prepare(location)).containsExactly(id);
    assertThat(store.readPersisted(location, id)).isEqualTo(blob("k", "v"));
  }

  @Test
  void aPersistedBlobOutlivesItsDeletionFromTheStore() {
    PersistedLocation location = location("persisted");
    UUID id = persistedBlob(location);

    store.delete(id);

    assertThat(store.readPersisted(location, id)).isEqualTo(blob("k", "v"));
  }

  @Test
  void registerBringsAPersistedBlobBackIntoTheStore() {
    PersistedLocation location = location("persisted");
    UUID id = persistedBlob(location);
    store.delete(id);

    store.register(location, id);
    store.register(location, id); // again: nothing changes

    assertThat(store.read(id)).isEqualTo(blob("k", "v"));
  }

  @Test
  void persistingOrRegisteringAMissingBlobIsNotFound() {
    PersistedLocation location = location("persisted");
    store.prepare(location);
    UUID id = UUID.randomUUID();
    assertThatThrownBy(() -> store.persist(id, location))
        .isInstanceOf(BlobNotFoundException.class);
    assertThatThrownBy(() -> store.register(location, id))
        .isInstanceOf(BlobNotFoundException.class);
    assertThatThrownBy(() -> store.readPersisted(location, id))
        .isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void deletePersistedRemovesOnlyTheLocationsBlob() {
    PersistedLocation location = location("persisted");
    UUID id = persistedBlob(location);
    store.sync(location);

    assertThat(store.deletePersisted(location, id)).isTrue();
    assertThat(store.deletePersisted(location, id)).isFalse();
    store.sync(location);

    assertThat(store.prepare(location)).isEmpty();
    assertThat(store.read(id)).isEqualTo(blob("k", "v"));
  }

  @Test
  void destroyEmptiesTheStoreButNotItsLocations() {
    PersistedLocation location = location("persisted");
    UUID id = persistedBlob(location);

    store.destroy();

    BlobStore reopened = openStore(temp.resolve("store"));
    try {
      assertThat(reopened.ids()).isEmpty();
      assertThat(reopened.prepare(location)).containsExactly(id);
      assertThat(reopened.readPersisted(location, id)).isEqualTo(blob("k", "v"));
    } finally {
      reopened.close();
    }
  }

  @Test
  void aClosedStoreRefusesWork() {
    store.close();
    assertThatThrownBy(() -> store.write(UUID.randomUUID(), blob("k", "v")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
