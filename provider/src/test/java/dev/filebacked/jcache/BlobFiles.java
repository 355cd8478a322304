package dev.filebacked.jcache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the blob files a cache wrote: files named by a UUID, in any shard. */
final class BlobFiles {

  private static final int UUID_LENGTH = 36;

  private BlobFiles() {}

  static List<Path> under(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(p -> p.getFileName().toString().length() == UUID_LENGTH).toList();
    }
  }
}
