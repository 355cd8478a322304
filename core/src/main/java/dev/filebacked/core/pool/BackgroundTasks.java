package dev.filebacked.core.pool;

import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the pool's background work (spills, loads for async reads, deferred deletes) on an
 * executor and counts what is in flight, so that {@link #awaitIdle()} can wait for all of it,
 * including work that in-flight work schedules.
 *
 * <p>Waiting from inside a task would wait for itself, so it is refused.
 */
final class BackgroundTasks {

  private static final System.Logger LOG = System.getLogger(BackgroundTasks.class.getName());
  private static final ThreadLocal<Boolean> IN_TASK = new ThreadLocal<>();

  private final Executor executor;
  private final AtomicLong inFlight = new AtomicLong();
  private final Object idle = new Object();

  BackgroundTasks(Executor executor) {
    this.executor = executor;
  }

  /** Whether the calling thread is running one of this pool's tasks (or any pool's). */
  static boolean inTask() {
    return IN_TASK.get() != null;
  }

  /**
   * Runs {@code task} in the background. A task that throws is logged; callers that need its
   * outcome complete their own future inside it.
   *
   * @throws RejectedExecutionException if the executor refuses it (it was shut down)
   */
  void execute(Runnable task) {
    inFlight.incrementAndGet();
    try {
      executor.execute(() -> run(task));
    } catch (RejectedExecutionException e) {
      done();
      throw e;
    }
  }

  private void run(Runnable task) {
    Boolean outer = IN_TASK.get();
    IN_TASK.set(Boolean.TRUE);
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      LOG.log(Level.ERROR, "FileBacked background task failed", e);
    } finally {
      if (outer == null) {
        IN_TASK.remove();
      }
      done();
    }
  }

  private void done() {
    if (inFlight.decrementAndGet() == 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /** Waits until no task is in flight. */
  void awaitIdle() {
    if (inTask()) {
      throw new IllegalStateException("A FileBacked background task cannot wait for background "
          + "work: it would wait for itself. Call flush() from an application thread.");
    }
    boolean interrupted = false;
    synchronized (idle) {
      while (inFlight.get() > 0) {
        try {
          idle.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
