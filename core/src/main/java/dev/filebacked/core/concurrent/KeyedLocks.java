package dev.filebacked.core.concurrent;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock per key, created on demand and discarded when unused, so that I/O done under the lock
 * of one key never holds up another key, as a striped lock would. Locks are reentrant.
 *
 * <p>Uncontended, a lock costs one insert and one remove in a small map: a thread makes a lock
 * already held by itself and publishes it with {@code putIfAbsent}; the holder unmaps it before
 * the last unlock. A thread that found a mapped lock waits on it and, once it holds it, checks
 * that it is still the mapped one; if its holder unmapped it meanwhile, it tries again. Only the
 * holder of a mapped lock unmaps it, so a lock checked after locking stays the key's lock until
 * its holder lets go.
 *
 * @param <T> key type; keys need stable {@code equals}/{@code hashCode}
 */
public final class KeyedLocks<T> {

  /** A held lock; closing it unlocks. */
  public interface Held extends AutoCloseable {
    @Override
    void close();
  }

  private final class KeyLock extends ReentrantLock implements Held {
    private final T key;

    KeyLock(T key) {
      this.key = key;
    }

    @Override
    public void close() {
      if (getHoldCount() == 1) {
        locks.remove(key, this);
      }
      unlock();
    }
  }

  private final ConcurrentHashMap<T, KeyLock> locks = new ConcurrentHashMap<>();

  /** Locks {@code key}, waiting if another thread holds it. */
  public Held lock(T key) {
    KeyLock mine = new KeyLock(key);
    mine.lock();
    while (true) {
      KeyLock mapped = locks.putIfAbsent(key, mine);
      if (mapped == null) {
        return mine;
      }
      mapped.lock();
      if (locks.get(key) == mapped) {
        mine.unlock();
        return mapped;
      }
      mapped.unlock(); // its holder let it go while this thread waited: try again
    }
  }

  /** Whether a thread is waiting for the lock of {@code key}. */
  public boolean hasWaiters(T key) {
    KeyLock mapped = locks.get(key);
    return mapped != null && mapped.hasQueuedThreads();
  }
}
