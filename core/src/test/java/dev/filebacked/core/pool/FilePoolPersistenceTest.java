package dev.filebacked.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.spi.BlobStoreException;
import dev.filebacked.spi.TrackedLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Persist, sync, restart, register: entries that outlive their pool. */
class FilePoolPersistenceTest {

  @TempDir
  Path temp;

  private FilePool<String, String> newPool(String directory) {
    return FilePool.<String, String>builder().directory(temp.resolve(directory))
        .maximumEntriesInMemory(2).build();
  }

  @Test
  void persistedEntriesComeBackInANewPoolAfterARestart() {
    Path permanent = temp.resolve("permanent");
    Map<UUID, String> persisted = new HashMap<>();
    try (FilePool<String, String> pool = newPool("run-1")) {
      TrackedLocation location = pool.trackPath(permanent);
      for (int i = 0; i < 10; i++) {
        pool.put("key-" + i, "value-" + i);
      }
      for (int i = 0; i < 10; i += 2) {
        persisted.put(pool.persistAsync("key-" + i, location).join(), "key-" + i);
      }
      pool.syncAsync(location).join();
      pool.flush();
    }
    assertThat(temp.resolve("run-1")).doesNotExist();

    try (FilePool<String, String> pool = newPool("run-2")) {
      TrackedLocation location = pool.trackPathAsync(permanent).join();
      assertThat(location.ids()).containsExactlyInAnyOrderElementsOf(persisted.keySet());
      for (UUID id : location.ids()) {
        assertThat(pool.registerAsync(location, id).join()).isEqualTo(persisted.get(id));
      }
      assertThat(pool.size()).isEqualTo(5);
      assertThat(pool.stats().memoryEntries()).isZero(); // registered cold
      for (int i = 0; i < 10; i += 2) {
        assertThat(pool.get("key-" + i)).isEqualTo("value-" + i);
      }
      assertThat(pool.get("key-1")).isNull();
    }
  }

  @Test
  void persistingTheSameVersionTwiceLinksItOnce() {
    try (FilePool<String, String> pool = newPool("store")) {
      TrackedLocation location = pool.trackPath(temp.resolve("permanent"));
      pool.put("k", "v");
      UUID first = pool.persist("k", location);
      UUID second = pool.persist("k", location);
      assertThat(second).isEqualTo(first);
      assertThat(location.ids()).containsExactly(first);
    }
  }

  @Test
  void aNewValueIsANewVersionToPersist() {
    try (FilePool<String, String> pool = newPool("store")) {
      TrackedLocation location = pool.trackPath(temp.resolve("permanent"));
      pool.put("k", "v1");
      UUID v1 = pool.persist("k", location);
      pool.put("k", "v2");
      UUID v2 = pool.persist("k", location);

      assertThat(v2).isNotEqualTo(v1);
      pool.register(location, v1);
      assertThat(pool.get("k")).isEqualTo("v1");
    }
  }

  @Test
  void removingAnEntryNeverTouchesItsPersistedCopy() {
    Path permanent = temp.resolve("permanent");
    try (FilePool<String, String> pool = newPool("store")) {
      TrackedLocation location = pool.trackPath(permanent);
      pool.put("k", "v");
      UUID id = pool.persist("k", location);
      pool.remove("k");
      pool.clear();
      pool.flush();

      assertThat(permanent.resolve(id.toString().substring(0, 2)).resolve(id.toString()))
          .isRegularFile();
      assertThat(pool.deletePersistedAsync(location, id).join()).isTrue();
      assertThat(location.contains(id)).isFalse();
    }
  }

  @Test
  void registeringAnUnknownIdOrPersistingAnAbsentKeyIsAClearError() {
    try (FilePool<String, String> pool = newPool("store")) {
      TrackedLocation location = pool.trackPath(temp.resolve("permanent"));
      UUID unknown = UUID.randomUUID();
      assertThatThrownBy(() -> pool.register(location, unknown))
          .isInstanceOf(NoSuchElementException.class)
          .hasMessageContaining(unknown.toString())
          .hasMessageContaining("not persisted");
      assertThatThrownBy(() -> pool.persist("absent", location))
          .isInstanceOf(NoSuchElementException.class).hasMessageContaining("absent");
    }
  }

  @Test
  void aLocationNotFromTrackPathIsRefused() {
    try (FilePool<String, String> pool = newPool("store")) {
      pool.put("k", "v");
      TrackedLocation foreign = new TrackedLocation() {
        @Override
        public dev.filebacked.spi.PersistedLocation location() {
          return dev.filebacked.spi.PersistedLocation.of(temp);
        }

        @Override
        public java.util.Set<UUID> ids() {
          return java.util.Set.of();
        }

        @Override
        public boolean contains(UUID id) {
          return false;
        }
      };
      assertThatThrownBy(() -> pool.persist("k", foreign))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trackPath");
    }
  }

  @Test
  void trackPathRemovesItsOwnLeftoversFromTheLocation() throws Exception {
    Path permanent = temp.resolve("permanent");
    try (FilePool<String, String> pool = newPool("store")) {
      pool.trackPath(permanent);
    }
    Files.createDirectories(permanent.resolve("ab"));
    Path leftover = Files.writeString(permanent.resolve("ab").resolve(".x.1.tmp"), "partial");
    try (FilePool<String, String> pool = newPool("store")) {
      assertThat(pool.trackPath(permanent).ids()).isEmpty();
      assertThat(leftover).doesNotExist();
    }
  }

  @Test
  void trackPathRefusesAFolderOfSomeoneElsesFilesAndLeavesThemAlone() throws Exception {
    Path folder = Files.createDirectories(temp.resolve("documents"));
    Path notes = Files.writeString(folder.resolve("notes.txt"), "mine");
    try (FilePool<String, String> pool = newPool("store")) {
      assertThatThrownBy(() -> pool.trackPath(folder))
          .isInstanceOf(BlobStoreException.class)
          .hasMessageContaining(folder.toString())
          .hasMessageContaining("notes.txt");
    }
    assertThat(notes).hasContent("mine");
    try (var entries = Files.list(folder)) {
      assertThat(entries.toList()).containsExactly(notes);
    }
  }
}
