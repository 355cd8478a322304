package dev.filebacked.core.concurrent;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock per key, created on demand and discarded when unused, so that I/O done under the lock
 * of one key never holds up another key, as a striped lock would. Locks are reentrant.
 *
 * @param <T> key type; keys need stable {@code equals}/{@code hashCode}
 */
public final class KeyedLocks<T> {

  /** A held lock; closing it unlocks. */
  public interface Held extends AutoCloseable {
    @Override
    void close();
  }

  private static final class Entry {
    final ReentrantLock lock = new ReentrantLock();
    int users; // changed only inside ConcurrentHashMap.compute for its key
  }

  private final ConcurrentHashMap<T, Entry> locks = new ConcurrentHashMap<>();

  /** Locks {@code key}, waiting if another thread holds it. */
  public Held lock(T key) {
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
  public boolean hasWaiters(T key) {
    Entry entry = locks.get(key);
    return entry != null && entry.lock.hasQueuedThreads();
  }
}
