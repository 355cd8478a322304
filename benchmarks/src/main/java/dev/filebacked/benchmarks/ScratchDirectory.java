package dev.filebacked.benchmarks;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A benchmark's temporary directory, deleted with whatever a provider left in it. */
public final class ScratchDirectory implements AutoCloseable {

  private static final int DELETING_THREADS = 16;
  private static final int BATCH = 1_000;

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
   * Deletes {@code root} and everything under it, if it exists. Files are deleted by
   * {@value #DELETING_THREADS} threads, a batch at a time as the walk finds them (a million
   * files are never listed at once): on a file system mounted with {@code discard}, each unlink
   * waits for the device to discard the file's blocks (about 1 ms here), and several in flight
   * overlap those waits. The folders go after their files.
   */
  public static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    ExecutorService threads = Executors.newFixedThreadPool(DELETING_THREADS);
    List<Future<?>> batches = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        private List<Path> batch = new ArrayList<>();

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          batch.add(file);
          if (batch.size() == BATCH) {
            submit();
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          if (e != null) {
            throw e;
          }
          if (dir.equals(root)) {
            submit();
          }
          return FileVisitResult.CONTINUE;
        }

        private void submit() {
          List<Path> files = batch;
          batch = new ArrayList<>();
          batches.add(threads.submit(() -> {
            for (Path file : files) {
              Files.delete(file);
            }
            return null;
          }));
        }
      });
      for (Future<?> batch : batches) {
        batch.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while deleting " + root);
    } finally {
      threads.shutdownNow();
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
          throws IOException {
        Files.delete(file); // made meanwhile
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
