package dev.filebacked.core.store;

import dev.filebacked.core.concurrent.DaemonThreads;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fsyncs many files at once. One thread fsyncing small files waits for one filesystem commit
 * per file (about 0.4 ms each on the ext4 disk we measured); many threads in flight at once let
 * the filesystem fold their fsyncs into shared commits (64 threads: about 40 µs per file). The
 * threads live only for the call.
 */
final class ParallelFsync {

  /** Below this many files, one thread does it: starting threads costs more than it gains. */
  private static final int SERIAL_BELOW = 16;
  private static final int THREADS = 64;
  private static final int PER_TASK = 64;

  private ParallelFsync() {}

  /**
   * Fsyncs every path of {@code paths}; a path that no longer exists is skipped when
   * {@code skipMissing} (a blob deleted meanwhile needs no sync), else is an error.
   */
  static void of(Collection<Path> paths, boolean skipMissing) {
    List<Path> all = new ArrayList<>(paths);
    if (all.size() < SERIAL_BELOW) {
      syncAll(all, skipMissing);
      return;
    }
    int threads = Math.min(THREADS, (all.size() + PER_TASK - 1) / PER_TASK);
    ExecutorService pool = Executors.newFixedThreadPool(threads,
        DaemonThreads.named("filebacked-fsync"));
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int from = 0; from < all.size(); from += PER_TASK) {
        List<Path> part = all.subList(from, Math.min(all.size(), from + PER_TASK));
        tasks.add(pool.submit(() -> syncAll(part, skipMissing)));
      }
      for (Future<?> task : tasks) {
        await(task);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void syncAll(List<Path> paths, boolean skipMissing) {
    for (Path path : paths) {
      try {
        FileBlobStore.fsync(path);
      } catch (NoSuchFileException e) {
        if (!skipMissing) {
          throw WriteFailures.of(e, path, 0);
        }
      } catch (IOException e) {
        throw WriteFailures.of(e, path, 0);
      }
    }
  }

  private static void await(Future<?> task) {
    try {
      task.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.filebacked.spi.BlobStoreException("Interrupted while making blobs durable",
          e);
    }
  }
}
