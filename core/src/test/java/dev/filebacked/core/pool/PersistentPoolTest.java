package dev.filebacked.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.core.store.FileBlobStore;
import dev.filebacked.spi.BlobStoreException;
import dev.filebacked.spi.Durability;
import dev.filebacked.spi.TrackedLocation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Persistent pools: what a clean close, a kill and a reboot leave, and what a reopen makes of it. */
class PersistentPoolTest {

  @TempDir
  Path temp;

  private FilePool<String, String> open(Durability durability) {
    return open(durability, UUID.fromString("00000000-0000-0000-0000-000000000001"));
  }

  private FilePool<String, String> open(Durability durability, UUID bootId) {
    return FilePool.<String, String>builder().name("persistent").directory(temp.resolve("pool"))
        .maximumEntriesInMemory(4).persistent(durability).bootId(bootId).build();
  }

  private static Map<String, String> contents(FilePool<String, String> pool) {
    Map<String, String> found = new HashMap<>();
    for (String key : pool.keySet()) {
      found.put(key, pool.get(key));
    }
    return found;
  }

  /** Puts 0..49, replaces 0..9, removes 40..49: the expected map. */
  private static Map<String, String> fill(FilePool<String, String> pool) {
    Map<String, String> expected = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      pool.put("k" + i, "v" + i);
      expected.put("k" + i, "v" + i);
    }
    for (int i = 0; i < 10; i++) {
      pool.put("k" + i, "w" + i);
      expected.put("k" + i, "w" + i);
    }
    for (int i = 40; i < 50; i++) {
      pool.remove("k" + i);
      expected.remove("k" + i);
    }
    return expected;
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void aCleanCloseKeepsEveryEntryAndTheReopenReadsOnlyTheCheckpoint(Durability durability) {
    Map<String, String> expected;
    try (FilePool<String, String> pool = open(durability)) {
      expected = fill(pool);
    }
    try (FilePool<String, String> pool = open(durability)) {
      ReopenReport report = pool.reopenReport();
      assertThat(report.clean()).as(report.toString()).isTrue();
      assertThat(report.recordsReplayed()).isZero();
      assertThat(report.entries()).isEqualTo(40);
      assertThat(pool.stats().memoryEntries()).as("values stay on disk until read").isZero();
      assertThat(contents(pool)).isEqualTo(expected);
      assertThat(pool.stats().blobsOnDisk()).as("the store holds one blob per entry")
          .isEqualTo(40);
    }
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void aKilledPoolLosesNothingThatReturnedAndNoRemovedKeyComesBack(Durability durability) {
    FilePool<String, String> pool = open(durability);
    Map<String, String> expected = fill(pool);
    pool.crash();
    try (FilePool<String, String> reopened = open(durability)) {
      ReopenReport report = reopened.reopenReport();
      assertThat(report.clean()).isFalse();
      assertThat(report.recordsReplayed()).isEqualTo(70);
      assertThat(contents(reopened)).isEqualTo(expected);
    }
  }

  @Test
  void expiryTimesSurviveAReopen() {
    try (FilePool<String, String> pool = open(Durability.ON_FLUSH)) {
      pool.put("short", "s", 1_000);
      pool.put("long", "l", 5_000);
      pool.put("never", "n");
    }
    try (FilePool<String, String> pool = open(Durability.ON_FLUSH)) {
      assertThat(pool.expiresAt("short")).isEqualTo(1_000);
      assertThat(pool.expiresAt("long")).isEqualTo(5_000);
      assertThat(pool.expiresAt("never")).isEqualTo(FilePool.NEVER);
      assertThat(pool.expiredKeys(2_000)).containsExactly("short");
    }
  }

  @Test
  void aTornJournalEndIsCutOffAndEverythingBeforeItKept() throws IOException {
    FilePool<String, String> pool = open(Durability.FSYNC);
    Map<String, String> expected = fill(pool);
    pool.crash();
    Path segment = lastSegment();
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.APPEND)) {
      // The start of a record whose body never made it: a length, a checksum, three bytes.
      channel.write(ByteBuffer.allocate(11).putInt(40).putInt(0x12345678).put(new byte[3])
          .flip());
    }
    long before = Files.size(segment);
    try (FilePool<String, String> reopened = open(Durability.FSYNC)) {
      assertThat(reopened.reopenReport().tornBytes()).isEqualTo(11);
      assertThat(contents(reopened)).isEqualTo(expected);
      assertThat(Files.size(segment)).isEqualTo(before - 11);
    }
  }

  @Test
  void aDamagedCheckpointIsQuarantinedAndReportedNeverServed() throws IOException {
    try (FilePool<String, String> pool = open(Durability.ON_FLUSH)) {
      fill(pool);
    }
    Path checkpoint;
    try (Stream<Path> files = Files.list(journal())) {
      checkpoint = files.filter(f -> f.getFileName().toString().startsWith("checkpoint-"))
          .findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(checkpoint);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(checkpoint, bytes);
    try (FilePool<String, String> pool = open(Durability.ON_FLUSH)) {
      ReopenReport report = pool.reopenReport();
      assertThat(report.quarantined()).hasSize(1);
      assertThat(report.quarantined().get(0)).exists();
      assertThat(pool.size()).isZero();
      assertThat(report.orphansDeleted()).as("blobs no entry names are kept, quarantined")
          .isEqualTo(40);
      try (Stream<Path> kept = Files.list(temp.resolve("pool").resolve("quarantine"))) {
        assertThat(kept.count()).isEqualTo(41);
      }
    }
  }

  @Test
  void afterARebootAWriteWhoseBlobWasLostFallsBackToTheVersionBeforeIt() throws IOException {
    FilePool<String, String> pool = open(Durability.ON_FLUSH);
    pool.put("k", "old");
    pool.flush(); // "old" is durable
    pool.put("k", "new");
    UUID lost = pool.nodeOf("k").id();
    pool.crash();
    // A power cut lost the blob of "new", written after the flush and never fsynced.
    Path blob = temp.resolve("pool").resolve(lost.toString().substring(0, 2))
        .resolve(lost.toString());
    Files.delete(blob);
    try (FilePool<String, String> reopened = open(Durability.ON_FLUSH,
        UUID.fromString("00000000-0000-0000-0000-000000000002"))) {
      assertThat(reopened.reopenReport().lostWrites()).isEqualTo(1);
      assertThat(reopened.get("k")).isEqualTo("old");
    }
  }

  @Test
  void inTheSameBootAKilledPoolsUnsyncedRecordsAreTrustedWithoutReadingTheirBlobs() {
    FilePool<String, String> pool = open(Durability.ON_FLUSH);
    pool.put("k", "v");
    pool.crash();
    try (FilePool<String, String> reopened = open(Durability.ON_FLUSH)) {
      assertThat(reopened.reopenReport().lostWrites()).isZero();
      assertThat(reopened.get("k")).isEqualTo("v");
    }
  }

  @Test
  void aReopenAfterACrashDeletesBlobsNoEntryNames() throws IOException {
    FilePool<String, String> pool = open(Durability.ON_FLUSH);
    pool.put("k", "v");
    pool.crash();
    UUID orphan = UUID.randomUUID();
    try (FileBlobStore store = FileBlobStore.open(temp.resolve("scratch"))) {
      store.write(orphan, new dev.filebacked.spi.Blob("jdk", 1, new byte[1], new byte[1]));
      Path shard = temp.resolve("pool").resolve(orphan.toString().substring(0, 2));
      Files.createDirectories(shard);
      Files.copy(store.pathOf(orphan), shard.resolve(orphan.toString()));
    }
    try (FilePool<String, String> reopened = open(Durability.ON_FLUSH)) {
      assertThat(reopened.reopenReport().orphansDeleted()).isEqualTo(1);
      assertThat(reopened.get("k")).isEqualTo("v");
    }
  }

  @Test
  void destroyDeletesTheJournalAndTheBlobsAndCloseKeepsThem() {
    try (FilePool<String, String> pool = open(Durability.ON_FLUSH)) {
      fill(pool);
    }
    assertThat(journal()).isDirectory();
    FilePool<String, String> pool = open(Durability.ON_FLUSH);
    assertThat(pool.size()).isEqualTo(40);
    pool.destroy();
    assertThat(temp.resolve("pool")).doesNotExist();
  }

  @Test
  void aSecondOpenerOfTheSameDirectoryIsRefusedWithTheHolderNamed() {
    try (FilePool<String, String> pool = open(Durability.ON_FLUSH)) {
      assertThatThrownBy(() -> open(Durability.ON_FLUSH))
          .isInstanceOf(BlobStoreException.class)
          .hasMessageContaining(temp.resolve("pool").toString());
    }
  }

  @Test
  void aRegisteredVersionSurvivesAReopen() {
    UUID id;
    Path permanent = temp.resolve("permanent");
    try (FilePool<String, String> pool = open(Durability.FSYNC)) {
      pool.put("k", "v");
      TrackedLocation location = pool.trackPath(permanent);
      id = pool.persist("k", location);
      pool.remove("k");
      assertThat(pool.register(location, id, 7_000)).isEqualTo("k");
    }
    try (FilePool<String, String> pool = open(Durability.FSYNC)) {
      assertThat(pool.get("k")).isEqualTo("v");
      assertThat(pool.expiresAt("k")).isEqualTo(7_000);
      assertThat(pool.trackPath(permanent).ids()).containsExactly(id);
    }
  }

  @Test
  void eachCloseLeavesOneCheckpointAndNoSegmentItCovers() throws IOException {
    for (int round = 0; round < 3; round++) {
      try (FilePool<String, String> pool = open(Durability.ON_FLUSH)) {
        for (int i = 0; i < 10; i++) {
          pool.put("k" + i, "v" + round);
        }
        pool.flush();
      }
    }
    try (Stream<Path> files = Files.list(journal())) {
      List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
      assertThat(names).filteredOn(n -> n.startsWith("checkpoint-")).hasSize(1);
      assertThat(names).filteredOn(n -> n.startsWith("segment-")).hasSize(1);
    }
    try (FilePool<String, String> pool = open(Durability.ON_FLUSH)) {
      assertThat(pool.reopenReport().clean()).isTrue();
      assertThat(pool.get("k3")).isEqualTo("v2");
      assertThat(pool.stats().blobsOnDisk()).isEqualTo(10);
    }
  }

  /** A value class; the test rewrites its stored serialVersionUID to play a changed class. */
  static final class Versioned implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final int n;

    Versioned(int n) {
      this.n = n;
    }
  }

  @Test
  void aValueWhoseClassChangedSinceItWasWrittenIsAMissAndStaysGoneAfterAReopen() {
    Path directory = temp.resolve("versioned");
    FilePool.Builder<String, Versioned> builder = FilePool.<String, Versioned>builder()
        .name("versioned").directory(directory).persistent(Durability.ON_FLUSH);
    List<UUID> ids = new java.util.ArrayList<>();
    try (FilePool<String, Versioned> pool = builder.build()) {
      pool.put("a", new Versioned(1));
      pool.put("b", new Versioned(2));
      ids.add(pool.nodeOf("a").id());
      ids.add(pool.nodeOf("b").id());
    }
    try (FileBlobStore store = FileBlobStore.openPersistent(directory,
        dev.filebacked.core.store.BlobSync.NONE, "versioned")) {
      for (UUID id : ids) {
        dev.filebacked.spi.Blob blob = store.read(id);
        store.write(id, new dev.filebacked.spi.Blob(blob.codecId(), blob.codecVersion(),
            blob.key(), withSerialVersionUid(blob.value(), Versioned.class, 2L)));
      }
    }
    try (FilePool<String, Versioned> pool = FilePool.<String, Versioned>builder()
        .name("versioned").directory(directory).persistent(Durability.ON_FLUSH).build()) {
      assertThat(pool.get("a")).isNull();
      assertThat(pool.get("b")).isNull();
      assertThat(pool.stats().unreadableValues()).isEqualTo(2);
      assertThat(pool.size()).isZero();
    }
    try (FilePool<String, Versioned> pool = FilePool.<String, Versioned>builder()
        .name("versioned").directory(directory).persistent(Durability.ON_FLUSH).build()) {
      assertThat(pool.size()).as("their removal was recorded").isZero();
    }
  }

  /** {@code serialized} with the serialVersionUID written for {@code type} replaced. */
  private static byte[] withSerialVersionUid(byte[] serialized, Class<?> type, long uid) {
    byte[] name = type.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i + name.length + 8 <= serialized.length; i++) {
      if (java.util.Arrays.equals(serialized, i, i + name.length, name, 0, name.length)) {
        byte[] changed = serialized.clone();
        ByteBuffer.wrap(changed, i + name.length, 8).putLong(uid);
        return changed;
      }
    }
    throw new AssertionError("no class descriptor of " + type + " in the value");
  }

  private Path journal() {
    return temp.resolve("pool").resolve(FileBlobStore.JOURNAL);
  }

  private Path lastSegment() throws IOException {
    try (Stream<Path> files = Files.list(journal())) {
      return files.filter(f -> f.getFileName().toString().startsWith("segment-")).sorted()
          .reduce((a, b) -> b).orElseThrow();
    }
  }
}
