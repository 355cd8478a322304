package dev.filebacked.core.pool;

/**
 * The writes of values evicted from the memory tier, queued on the background executor, with
 * back-pressure: once {@code maxPending} spills are queued or running, or the values they hold
 * weigh {@code maxPendingWeight} (for a tier bounded by bytes, the tier's own bound), threads
 * that add values wait in {@link #awaitCapacity()} until the disk catches up. Without it a
 * writer faster than the disk would keep every evicted value in memory while its write waits;
 * with it, values on their way out hold no more memory than the tier itself.
 *
 * <p>Submitting never blocks: it happens inside the memory tier's eviction, under its locks.
 * Waiting happens later, on the writer's thread, outside every lock, and never on a background
 * thread (which would wait for itself).
 */
final class SpillQueue {

  private final BackgroundTasks tasks;
  private final int maxPending;
  private final long maxPendingWeight;
  private final Object capacity = new Object();
  // Changed under capacity; volatile so that awaitCapacity's common case, not full, takes no lock.
  private volatile int pending;
  private volatile long pendingWeight;
  private int waiters; // guarded by capacity

  SpillQueue(BackgroundTasks tasks, int maxPending, long maxPendingWeight) {
    this.tasks = tasks;
    this.maxPending = maxPending;
    this.maxPendingWeight = maxPendingWeight;
  }

  /** Queues a spill of a value that weighs {@code weight} towards {@code maxPendingWeight}. */
  void submit(Runnable spill, long weight) {
    synchronized (capacity) {
      pending++;
      pendingWeight += weight;
    }
    try {
      tasks.execute(() -> {
        try {
          spill.run();
        } finally {
          finished(weight);
        }
      });
    } catch (RuntimeException e) {
      finished(weight);
      throw e;
    }
  }

  private void finished(long weight) {
    synchronized (capacity) {
      pending--;
      pendingWeight -= weight;
      if (waiters > 0 && !full()) {
        capacity.notifyAll();
      }
    }
  }

  private boolean full() {
    return pending >= maxPending || pendingWeight >= maxPendingWeight;
  }

  /** Waits while the queued or running spills are too many or weigh too much. */
  void awaitCapacity() {
    if (!full() || BackgroundTasks.inTask()) {
      return;
    }
    boolean interrupted = false;
    synchronized (capacity) {
      waiters++;
      try {
        while (full()) {
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
