package dev.filebacked.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.spi.CorruptBlobException;
import dev.filebacked.spi.Durability;
import dev.filebacked.spi.TrackedLocation;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and foreign files in a persistent pool's folder and in a persisted location: never
 * served, quarantined or refused with the file named, and nothing else lost.
 */
class PersistentPoolFaultsTest {

  @TempDir
  Path temp;

  private FilePool<String, String> open() {
    return FilePool.<String, String>builder().name("faults").directory(temp.resolve("pool"))
        .maximumEntriesInMemory(2).persistent(Durability.FSYNC).build();
  }

  private Path blobOf(UUID id) {
    return temp.resolve("pool").resolve(id.toString().substring(0, 2)).resolve(id.toString());
  }

  private UUID fillAndClose() {
    try (FilePool<String, String> pool = open()) {
      for (int i = 0; i < 10; i++) {
        pool.put("k" + i, "value " + i);
      }
      return pool.nodeOf("k3").id();
    }
  }

  @Test
  void aCorruptValueIsQuarantinedNeverServedAndStaysGoneAfterAReopen() throws IOException {
    Path blob = blobOf(fillAndClose());
    byte[] bytes = Files.readAllBytes(blob);
    bytes[bytes.length - 1] ^= 0x01;
    Files.write(blob, bytes);
    assertMissAndQuarantined();
  }

  @Test
  void aTruncatedValueIsQuarantinedNeverServedAndStaysGoneAfterAReopen() throws IOException {
    Path blob = blobOf(fillAndClose());
    try (FileChannel channel = FileChannel.open(blob, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - 3);
    }
    assertMissAndQuarantined();
  }

  @Test
  void aValueFileOfAnotherKeyCopiedOverIsNeverServed() throws IOException {
    UUID id = fillAndClose();
    UUID other;
    try (FilePool<String, String> pool = open()) {
      other = pool.nodeOf("k4").id();
    }
    Files.copy(blobOf(other), blobOf(id), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertMissAndQuarantined();
  }

  private void assertMissAndQuarantined() throws IOException {
    try (FilePool<String, String> pool = open()) {
      assertThat(pool.get("k3")).isNull();
      assertThat(pool.stats().corruptBlobs()).isEqualTo(1);
      try (Stream<Path> kept = Files.list(temp.resolve("pool").resolve("quarantine"))) {
        assertThat(kept.count()).isEqualTo(1);
      }
      for (int i = 0; i < 10; i++) {
        if (i != 3) {
          assertThat(pool.get("k" + i)).isEqualTo("value " + i);
        }
      }
    }
    try (FilePool<String, String> pool = open()) {
      assertThat(pool.containsKey("k3")).as("its removal was journaled").isFalse();
      assertThat(pool.size()).isEqualTo(9);
    }
  }

  @Test
  void foreignFilesInTheFolderTheJournalAndAShardAreLeftAloneAndNothingIsLost()
      throws IOException {
    UUID id = fillAndClose();
    Path folder = temp.resolve("pool");
    Path[] foreign = {folder.resolve("notes.txt"), folder.resolve("journal").resolve("x.log"),
        blobOf(id).resolveSibling("readme")};
    for (Path file : foreign) {
      Files.writeString(file, "not FileBacked's");
    }
    try (FilePool<String, String> pool = open()) {
      assertThat(pool.size()).isEqualTo(10);
      assertThat(pool.get("k3")).isEqualTo("value 3");
      pool.put("k3", "changed");
    }
    FilePool<String, String> pool = open();
    assertThat(pool.get("k3")).isEqualTo("changed");
    pool.crash(); // an unclean stop: the next open scans the shards
    try (FilePool<String, String> reopened = open()) {
      assertThat(reopened.size()).isEqualTo(10);
    }
    for (Path file : foreign) {
      assertThat(Files.readString(file)).isEqualTo("not FileBacked's");
    }
  }

  @Test
  void aDamagedBlobAtAPersistedLocationIsQuarantinedThereNamingTheFileNeverRegistered()
      throws IOException {
    Path permanent = temp.resolve("permanent");
    UUID id;
    try (FilePool<String, String> pool = open()) {
      pool.put("k", "v");
      TrackedLocation location = pool.trackPath(permanent);
      id = pool.persist("k", location);
      pool.sync(location);
    }
    Path persisted = permanent.resolve(id.toString().substring(0, 2)).resolve(id.toString());
    byte[] bytes = Files.readAllBytes(persisted);
    bytes[bytes.length - 1] ^= 0x01;
    Files.delete(persisted); // a hard link of the pool's own blob: replace, don't write through
    Files.write(persisted, bytes);
    try (FilePool<String, String> pool = open()) {
      pool.remove("k");
      TrackedLocation location = pool.trackPath(permanent);
      assertThatThrownBy(() -> pool.register(location, id))
          .isInstanceOf(CorruptBlobException.class)
          .hasMessageContaining(persisted.toString())
          .hasMessageContaining("moved to " + permanent.resolve("quarantine"));
      assertThat(pool.containsKey("k")).isFalse();
      assertThat(location.contains(id)).isFalse();
      assertThat(persisted).doesNotExist();
      try (Stream<Path> kept = Files.list(permanent.resolve("quarantine"))) {
        assertThat(kept.count()).isEqualTo(1);
      }
      assertThat(pool.trackPath(permanent).ids()).as("the location opens again, without it")
          .isEmpty();
    }
  }
}
