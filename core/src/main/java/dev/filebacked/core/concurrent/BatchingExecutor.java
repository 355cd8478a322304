package dev.filebacked.core.concurrent;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs tasks on one daemon thread, in batches at most one tick apart while tasks keep coming.
 * Submitting a task wakes the thread only when it is idle; while busy, it takes what has queued
 * once per tick.
 *
 * <p>For the memory tier's upkeep: Caffeine hands it a task each time a read buffer fills, which
 * under a steady stream of reads from memory is every few microseconds. A thread pool wakes a
 * worker for each (a futex call, and on a small machine a context switch away from the reader),
 * a third of the cost of such a read as measured; here a busy stream costs one wake per tick. The
 * policy loses nothing it relies on: reads that find the buffer full are dropped, as Caffeine's
 * buffers are designed to drop them, and a writer that finds its buffer full does the upkeep
 * itself, so the memory bound still holds.
 */
public final class BatchingExecutor implements Executor, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(BatchingExecutor.class.getName());

  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean idle = new AtomicBoolean();
  private volatile boolean closed;
  private final long tickNanos;
  private final Thread worker;

  /** Starts the executor's thread, named {@code name}. */
  public BatchingExecutor(String name, Duration tick) {
    if (tick.isNegative() || tick.isZero()) {
      throw new IllegalArgumentException("tick must be positive, was " + tick);
    }
    this.tickNanos = tick.toNanos();
    this.worker = new Thread(this::work, name);
    worker.setDaemon(true);
    worker.start();
  }

  /** Queues {@code task}; rejects it once the executor is closed. */
  @Override
  public void execute(Runnable task) {
    if (closed) {
      throw new RejectedExecutionException(worker.getName() + " is closed");
    }
    tasks.add(task);
    // The worker sets idle, then looks at the queue once more: either it sees this task, or
    // this sees idle and wakes it.
    if (idle.get() && idle.compareAndSet(true, false)) {
      LockSupport.unpark(worker);
    }
  }

  /**
   * Stops the thread once it has run what is queued, and waits for it to end. A task submitted
   * while this runs may be left unrun.
   */
  @Override
  public void close() throws InterruptedException {
    closed = true;
    LockSupport.unpark(worker);
    worker.join();
  }

  private void work() {
    while (!closed) {
      if (runQueued()) {
        LockSupport.parkNanos(this, tickNanos);
        continue;
      }
      idle.set(true);
      if (!tasks.isEmpty()) {
        idle.set(false);
        continue;
      }
      while (idle.get() && !closed) {
        LockSupport.park(this);
      }
    }
    runQueued();
  }

  /** Whether the thread is parked until a task comes. For tests. */
  boolean isIdle() {
    return idle.get() && worker.getState() == Thread.State.WAITING;
  }

  /** Whether the thread has ended (after {@link #close}). For tests. */
  boolean threadEnded() {
    return !worker.isAlive();
  }

  /** Runs what is queued now; returns whether there was anything. */
  private boolean runQueued() {
    boolean ran = false;
    Runnable task;
    while ((task = tasks.poll()) != null) {
      ran = true;
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        LOG.log(Level.ERROR, "A background task failed; later tasks still run", e);
      }
    }
    return ran;
  }
}
