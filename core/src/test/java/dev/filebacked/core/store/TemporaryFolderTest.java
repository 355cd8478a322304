package dev.filebacked.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporary folders: removed on close, and removed by a later start when their process died.
 * A process that died is played by a folder left marked with its lock file free; another live
 * process by {@link LockHolder}, a child JVM that holds the lock.
 */
class TemporaryFolderTest {

  @TempDir
  Path temp;

  @Test
  void closingRemovesTheFolderWithItsMarkerAndLock() {
    TemporaryFolder folder = TemporaryFolder.create(temp);
    assertThat(folder.path().resolve(OwnedFolder.MARKER)).isRegularFile();

    folder.close();

    assertThat(folder.path()).doesNotExist();
  }

  @Test
  void aFolderWithSomethingLeftInItStaysUntilALaterStartFindsItAbandoned() throws IOException {
    TemporaryFolder folder = TemporaryFolder.create(temp);
    Path quarantined = Files.createDirectories(folder.path().resolve("cache/quarantine"))
        .resolve("blob");
    Files.writeString(quarantined, "evidence");

    folder.close();
    assertThat(quarantined).exists();

    try (TemporaryFolder next = TemporaryFolder.create(temp)) {
      assertThat(folder.path()).doesNotExist();
      assertThat(next.path()).isDirectory();
    }
  }

  @Test
  void aFolderLeftByADeadProcessIsRemovedAtTheNextStart() throws IOException {
    Path abandoned = Files.createDirectory(temp.resolve(TemporaryFolder.PREFIX + "dead"));
    Files.writeString(abandoned.resolve(DirectoryLock.FILE_NAME), "pid 1 on host gone");
    OwnedFolder.claim(abandoned, OwnedFolder.Kind.TEMPORARY, null);
    Files.write(Files.createDirectories(abandoned.resolve("cache/00")).resolve("blob"),
        new byte[1024]);

    try (TemporaryFolder folder = TemporaryFolder.create(temp)) {
      assertThat(abandoned).doesNotExist();
    }
  }

  @Test
  void aFolderOfALiveProcessIsLeftAlone() throws Exception {
    Path live = Files.createDirectory(temp.resolve(TemporaryFolder.PREFIX + "live"));
    OwnedFolder.claim(live, OwnedFolder.Kind.TEMPORARY, null);
    try (LockHolder holder = LockHolder.lock(live)) {
      try (TemporaryFolder folder = TemporaryFolder.create(temp)) {
        assertThat(live).isDirectory();
      }
    }
  }

  @Test
  void aFolderOfThisProcessIsLeftAlone() {
    try (TemporaryFolder mine = TemporaryFolder.create(temp);
        TemporaryFolder other = TemporaryFolder.create(temp)) {
      assertThat(mine.path()).isDirectory();
      assertThat(other.path()).isDirectory();
    }
  }

  @Test
  void foldersFileBackedDidNotMarkAreNeverTouched() throws IOException {
    Path someoneElses = Files.createDirectory(temp.resolve(TemporaryFolder.PREFIX + "theirs"));
    Path file = Files.writeString(someoneElses.resolve("data"), "theirs");

    try (TemporaryFolder folder = TemporaryFolder.create(temp)) {
      assertThat(file).hasContent("theirs");
    }
  }
}
