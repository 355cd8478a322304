package dev.filebacked.core.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.filebacked.spi.Blob;
import dev.filebacked.spi.CorruptBlobException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged blob files: each is refused with an error naming the file and what is wrong, never
 * read as a value. (A blob of another codec is the pool's to refuse: see FilePoolTest.)
 */
class BlobCorruptionTest {

  @TempDir
  Path temp;

  private FileBlobStore store;
  private UUID id;
  private Path file;

  @BeforeEach
  void writeOneBlob() {
    store = FileBlobStore.open(temp);
    id = UUID.randomUUID();
    byte[] value = new byte[1000];
    new Random(1).nextBytes(value);
    store.write(id, new Blob("jdk", 1, "key".getBytes(StandardCharsets.UTF_8), value));
    file = store.pathOf(id);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aFlippedBitInTheValueFailsTheChecksum() throws IOException {
    flipBit(file.toFile().length() - 10, 3);
    assertCorrupt("checksum mismatch");
  }

  @Test
  void aFlippedBitInTheKeyFailsTheChecksum() throws IOException {
    flipBit(BlobFormat.FIXED_HEADER_BYTES + 3 + 1, 0);
    assertCorrupt("checksum mismatch");
  }

  @Test
  void aFlippedBitInTheCodecVersionFailsTheChecksum() throws IOException {
    flipBit(11, 0);
    assertCorrupt("checksum mismatch");
  }

  @Test
  void aTruncatedFileIsRefused() throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(raf.length() - 1);
    }
    assertCorrupt("truncated");
  }

  @Test
  void aFileCutInsideTheHeaderIsRefused() throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(10);
    }
    assertCorrupt("truncated: 10 bytes");
  }

  @Test
  void aZeroLengthFileIsRefused() throws IOException {
    Files.write(file, new byte[0]);
    assertCorrupt("empty (0 bytes)");
  }

  @Test
  void aForeignFileWithABlobNameIsRefused() throws IOException {
    Files.writeString(file, "{\"this\": \"is some other program's JSON, not a blob\"}");
    assertCorrupt("not a FileBacked blob");
  }

  @Test
  void aPaddedFileIsRefused() throws IOException {
    Files.write(file, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
    assertCorrupt("padded");
  }

  @Test
  void anUnknownFormatVersionIsRefused() throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(4);
      raf.writeShort(99);
    }
    assertCorrupt("unknown blob format version 99");
  }

  @Test
  void impossibleLengthsAreRefused() throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(12);
      raf.writeInt(-5);
    }
    assertCorrupt("impossible lengths");
  }

  private void flipBit(long offset, int bit) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      int b = raf.read();
      raf.seek(offset);
      raf.write(b ^ (1 << bit));
    }
  }

  /** Refused by both reads, and never lent to a reader. */
  private void assertCorrupt(String why) {
    assertThatThrownBy(() -> store.read(id))
        .isInstanceOf(CorruptBlobException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(why);
    assertThatThrownBy(() -> store.read(id, view -> fail("a corrupt blob was lent: " + view)))
        .isInstanceOf(CorruptBlobException.class)
        .hasMessageContaining(why);
  }
}
