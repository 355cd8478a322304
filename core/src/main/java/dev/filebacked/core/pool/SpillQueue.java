package dev.filebacked.core.pool;

/**
 * The writes of values evicted from the memory tier, queued on the background executor, with
 * back-pressure: once {@code maxPending} spills are queued or running, threads that add values
 * wait in {@link #awaitCapacity()} until the disk catches up. Without it a writer faster than
 * the disk would keep every evicted value in memory while its write waits.
 *
 * <p>Submitting never blocks: it happens inside the memory tier's eviction, under its locks.
 * Waiting happens later, on the writer's thread, outside every lock, and never on a background
 * thread (which would wait for itself).
 */
final class SpillQueue {

  private final BackgroundTasks tasks;
  private final int maxPending;
  private final Object capacity = new Object();
  private int pending; // guarded by capacity
  private int waiters; // guarded by capacity

  SpillQueue(BackgroundTasks tasks, int maxPending) {
    this.tasks = tasks;
    this.maxPending = maxPending;
  }

  void submit(Runnable spill) {
    synchronized (capacity) {
      pending++;
    }
    try {
      tasks.execute(() -> {
        try {
          spill.run();
        } finally {
          finished();
        }
      });
    } catch (RuntimeException e) {
      finished();
      throw e;
    }
  }

  private void finished() {
    synchronized (capacity) {
      pending--;
      if (waiters > 0 && pending < maxPending) {
        capacity.notifyAll();
      }
    }
  }

  /** Waits while {@code maxPending} or more spills are queued or running. */
  void awaitCapacity() {
    if (BackgroundTasks.inTask()) {
      return;
    }
    boolean interrupted = false;
    synchronized (capacity) {
      waiters++;
      try {
        while (pending >= maxPending) {
          try {
            capacity.wait();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } finally {
        waiters--;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
