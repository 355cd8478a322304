package dev.filebacked.core.testing;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;

/** An executor that runs nothing until the test says so: background work at chosen moments. */
public final class ManualExecutor implements Executor {

  private final ConcurrentLinkedDeque<Runnable> queue = new ConcurrentLinkedDeque<>();

  @Override
  public void execute(Runnable task) {
    queue.add(task);
  }

  /** Tasks queued and not yet run. */
  public int queued() {
    return queue.size();
  }

  /** Runs the oldest queued task on the calling thread; returns whether there was one. */
  public boolean runNext() {
    Runnable task = queue.poll();
    if (task == null) {
      return false;
    }
    task.run();
    return true;
  }

  /** Runs queued tasks, including those they queue, until none is left. */
  public void runAll() {
    while (runNext()) {
      // keep going
    }
  }
}
