package dev.filebacked.benchmarks;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** A benchmark's temporary directory, deleted with whatever a provider left in it. */
public final class ScratchDirectory implements AutoCloseable {

  private final Path path;

  /** A new directory in {@code java.io.tmpdir}. */
  public ScratchDirectory(String prefix) throws IOException {
    this.path = Files.createTempDirectory(prefix);
  }

  /** A new directory in {@code parent} (made if missing). */
  public ScratchDirectory(Path parent, String prefix) throws IOException {
    this.path = Files.createTempDirectory(Files.createDirectories(parent), prefix);
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    delete(path);
  }

  /**
   * Deletes {@code root} and everything under it, if it exists, folder by folder as it walks
   * (a million files are never listed at once).
   */
  public static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
          throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
