package dev.filebacked.core.concurrent;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock per key, created on demand and discarded when unused, so that I/O done under the lock
 * of one key never holds up another key, as a striped lock would. Locks are reentrant.
 *
 * <p>Uncontended, a lock costs one insert and one remove in a small map: a thread makes a lock
 * already held by itself and publishes it with {@code putIfAbsent}; the holder unmaps it before
 * the last unlock, unless another thread has said it wants it, in which case the lock stays mapped
 * and passes to that thread. A thread that found a mapped lock waits on it and, once it holds it,
 * checks that it is still the mapped one; if its holder unmapped it meanwhile, it tries again.
 * Only the holder of a mapped lock unmaps it, so a lock checked after locking stays the key's
 * lock until its holder lets go.
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
    /** Threads that found this lock mapped and want it; its holder leaves it mapped for them. */
    private volatile int wanted;

    KeyLock(T key) {
      this.key = key;
    }

    @Override
    public void close() {
      if (getHoldCount() == 1 && wanted == 0) {
        locks.remove(key, this);
      }
      unlock();
    }
  }

  private static final VarHandle WANTED;

  static {
    try {
      WANTED = MethodHandles.lookup().findVarHandle(KeyedLocks.KeyLock.class, "wanted", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Tries before a contended lock blocks: a few microseconds of spinning. */
  private static final int SPINS = 64;

  private final ConcurrentHashMap<T, KeyLock> locks;
  private final Consumer<T> foundHeld;

  /** Locks for keys locked now and then, such as blob ids during I/O. */
  public KeyedLocks() {
    this(16);
  }

  /**
   * Locks for keys that every operation of several threads locks, such as a cache's keys. The map
   * is made room for {@code spread} keys so that threads locking different keys rarely meet in one
   * of its bins or cache lines, which a default map of 16 bins would make them do all the time.
   */
  public KeyedLocks(int spread) {
    this(spread, key -> { });
  }

  /**
   * For tests: {@code foundHeld} runs when a thread has found {@code key}'s lock held, before it
   * says it wants it, so a test can let the holder go in between.
   */
  KeyedLocks(int spread, Consumer<T> foundHeld) {
    this.locks = new ConcurrentHashMap<>(spread);
    this.foundHeld = foundHeld;
  }

  /** Locks {@code key}, waiting if another thread holds it. */
  public Held lock(T key) {
    KeyLock mine = new KeyLock(key);
    mine.lock();
    while (true) {
      KeyLock mapped = locks.putIfAbsent(key, mine);
      if (mapped == null) {
        return mine;
      }
      foundHeld.accept(key);
      WANTED.getAndAdd(mapped, 1);
      acquire(mapped);
      WANTED.getAndAdd(mapped, -1);
      if (locks.get(key) == mapped) {
        mine.unlock();
        return mapped;
      }
      mapped.unlock(); // its holder let it go while this thread waited: try again
    }
  }

  /**
   * Locks a lock another thread holds. Most holds are a cache operation of a microsecond, far
   * shorter than parking and waking a thread, so it spins a little before it blocks.
   */
  private static void acquire(ReentrantLock lock) {
    for (int spin = 0; spin < SPINS; spin++) {
      if (lock.tryLock()) {
        return;
      }
      Thread.onSpinWait();
    }
    lock.lock();
  }

  /** Whether a thread is waiting for the lock of {@code key}. */
  public boolean hasWaiters(T key) {
    KeyLock mapped = locks.get(key);
    return mapped != null && mapped.hasQueuedThreads();
  }
}
