package dev.filebacked.core.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for FileBacked's background work: daemon threads, so a cache never keeps a JVM alive,
 * named {@code <prefix>-1}, {@code <prefix>-2}, ... so they are easy to spot in a thread dump.
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  public static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
