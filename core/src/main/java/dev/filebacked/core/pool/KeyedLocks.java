package dev.filebacked.core.pool;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock per key, created on demand and discarded when unused, so that I/O done under the lock
 * of one key (a blob id) never holds up another key, as a striped lock would.
 */
final class KeyedLocks<T> {

  /** A held lock; closing it unlocks. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  private static final class Entry {
    final ReentrantLock lock = new ReentrantLock();
    int users; // changed only inside ConcurrentHashMap.compute for its key
  }

  private final ConcurrentHashMap<T, Entry> locks = new ConcurrentHashMap<>();

  Held lock(T key) {
    Entry entry = locks.compute(key, (k, e) -> {
      Entry held = e == null ? new Entry() : e;
      held.users++;
      return held;
    });
    entry.lock.lock();
    return () -> {
      entry.lock.unlock();
      locks.computeIfPresent(key, (k, e) -> --e.users == 0 ? null : e);
    };
  }

  /** Whether a thread is waiting for the lock of {@code key}. */
  boolean hasWaiters(T key) {
    Entry entry = locks.get(key);
    return entry != null && entry.lock.hasQueuedThreads();
  }
}
