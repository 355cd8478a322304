package dev.filebacked.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.spi.BlobStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FileBacked works only in folders it made or found empty, and says so when it will not. */
class OwnedFolderTest {

  @TempDir
  Path temp;

  @Test
  void aMissingFolderIsMadeMarkedAndRemovedOnRelease() {
    Path dir = temp.resolve("a").resolve("b");
    OwnedFolder folder = OwnedFolder.claim(dir, OwnedFolder.Kind.STORE, "cache one");

    assertThat(dir.resolve(OwnedFolder.MARKER)).isRegularFile()
        .content().contains("kind=store").contains("owner=cache one").contains("format=1");
    assertThat(OwnedFolder.isMarked(dir, OwnedFolder.Kind.STORE)).isTrue();
    assertThat(folder.release()).isTrue();
    assertThat(dir).doesNotExist();
    assertThat(dir.getParent()).isDirectory(); // parents it made for it are not its own
  }

  @Test
  void anEmptyFolderIsClaimedAndLeftInPlaceOnRelease() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("given"));
    OwnedFolder folder = OwnedFolder.claim(dir, OwnedFolder.Kind.STORE, null);

    assertThat(folder.release()).isFalse();
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aFolderHoldingSomeoneElsesFilesIsRefusedAndLeftAsItWas() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("documents"));
    Path notes = Files.writeString(dir.resolve("notes.txt"), "mine");

    assertThatThrownBy(() -> OwnedFolder.claim(dir, OwnedFolder.Kind.STORE, null))
        .isInstanceOf(BlobStoreException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("notes.txt")
        .hasMessageContaining("Give a new or empty directory");
    assertThat(dir.resolve(OwnedFolder.MARKER)).doesNotExist();
    assertThat(notes).hasContent("mine");
  }

  @Test
  void aFolderIsReopenedOnlyForItsOwnKindAndOwner() {
    Path dir = temp.resolve("cache");
    OwnedFolder.claim(dir, OwnedFolder.Kind.STORE, "orders");

    OwnedFolder.claim(dir, OwnedFolder.Kind.STORE, "orders");
    OwnedFolder.claim(dir, OwnedFolder.Kind.STORE, null);
    assertThatThrownBy(() -> OwnedFolder.claim(dir, OwnedFolder.Kind.STORE, "invoices"))
        .isInstanceOf(BlobStoreException.class)
        .hasMessageContaining("belongs to 'orders', not to 'invoices'");
    assertThatThrownBy(() -> OwnedFolder.claim(dir, OwnedFolder.Kind.LOCATION, null))
        .isInstanceOf(BlobStoreException.class)
        .hasMessageContaining("is a FileBacked store folder, not a location folder");
  }

  @Test
  void aLeftoverOfAnInterruptedClaimDoesNotMakeAFolderForeign() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("interrupted"));
    Files.writeString(dir.resolve(OwnedFolder.MARKER + ".tmp"), "format=");

    OwnedFolder.claim(dir, OwnedFolder.Kind.STORE, null);

    assertThat(OwnedFolder.isMarked(dir, OwnedFolder.Kind.STORE)).isTrue();
  }
}
