package dev.filebacked.jcache;

import dev.filebacked.core.concurrent.DaemonThreads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The threads all FileBacked caches of a JVM share, made on first use: disk I/O (spills, loads,
 * deletes), asynchronous listeners and {@code loadAll}, and the expiry sweeps. They are daemon
 * threads, so they never keep a JVM alive; each cache waits for its own work when it closes.
 */
final class SharedExecutors {

  private SharedExecutors() {}

  private static final class Io {
    static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(
        Math.max(2, Runtime.getRuntime().availableProcessors()), DaemonThreads.named("filebacked-io"));
  }

  private static final class Events {
    static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(
        DaemonThreads.named("filebacked-events"));
  }

  private static final class Scheduler {
    static final ScheduledExecutorService EXECUTOR = newScheduler();

    private static ScheduledExecutorService newScheduler() {
      ScheduledThreadPoolExecutor scheduler =
          new ScheduledThreadPoolExecutor(1, DaemonThreads.named("filebacked-expiry"));
      scheduler.setRemoveOnCancelPolicy(true);
      return scheduler;
    }
  }

  /** Disk I/O of every cache's pool. */
  static ExecutorService io() {
    return Io.EXECUTOR;
  }

  /** Asynchronous listener deliveries and {@code loadAll}. */
  static ExecutorService events() {
    return Events.EXECUTOR;
  }

  /** Expiry sweeps. */
  static ScheduledExecutorService scheduler() {
    return Scheduler.EXECUTOR;
  }
}
