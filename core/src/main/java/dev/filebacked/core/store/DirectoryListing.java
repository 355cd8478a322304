package dev.filebacked.core.store;

import dev.filebacked.spi.BlobStoreException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The entries of a directory, listed at once; a missing directory has none. */
public final class DirectoryListing {

  private DirectoryListing() {}

  /**
   * The entries of {@code dir}, or none if it does not exist.
   *
   * @throws BlobStoreException naming the directory if it cannot be listed
   */
  public static List<Path> of(Path dir) {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(entries::add);
    } catch (NoSuchFileException e) {
      return entries;
    } catch (IOException e) {
      throw new BlobStoreException("Cannot list directory " + dir + ": " + e, e);
    }
    return entries;
  }
}
