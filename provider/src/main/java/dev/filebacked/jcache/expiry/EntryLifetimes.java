package dev.filebacked.jcache.expiry;

import dev.filebacked.core.pool.FilePool;
import dev.filebacked.jcache.integration.Closeables;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.cache.expiry.ExpiryPolicy;

/**
 * How long a cache's entries live. The expiry policy (through {@link ExpiryCalculator}) gives a
 * deadline on creation, update and access; the pool keeps it beside the entry (never in the
 * blob, so changing it costs no I/O); an entry whose deadline the clock has reached is expired;
 * and a periodic sweep hands the cache the expired entries nobody touches, for it to remove.
 */
public final class EntryLifetimes<K> {

  private static final System.Logger LOG = System.getLogger(EntryLifetimes.class.getName());

  private final ExpiryCalculator expiry;
  private final FilePool<K, ?> pool;
  private final String cacheName;
  private final boolean wallClock;
  private volatile Future<?> sweep;
  private volatile boolean sweepStopped;

  /**
   * @param wallClock whether deadlines are wall-clock instants (nanoseconds since the epoch), as
   *     a persistent cache's must be to mean anything after a restart; otherwise they are
   *     {@link System#nanoTime()} instants, which no wall-clock change can move
   */
  public EntryLifetimes(ExpiryPolicy policy, FilePool<K, ?> pool, String cacheName,
      boolean wallClock) {
    this.wallClock = wallClock;
    this.expiry = new ExpiryCalculator(policy);
    this.pool = pool;
    this.cacheName = cacheName;
  }

  /**
   * The clock deadlines are read against. An eternal cache's deadlines are all
   * {@link FilePool#NEVER}, so it skips the clock read on every operation.
   */
  public long now() {
    if (wallClock) {
      // Even for an eternal policy: entries written under an earlier configuration may expire.
      return System.currentTimeMillis() * 1_000_000L;
    }
    return expiry.isEternal() ? 0 : System.nanoTime();
  }

  /** Whether an entry with {@code deadline} is expired at {@code now}. */
  public static boolean isExpired(long deadline, long now) {
    return deadline <= now;
  }

  /** The deadline of a new entry created at {@code now}; an expired one is not to be stored. */
  public long forCreation(long now) {
    return expiry.forCreation(now);
  }

  /** The deadline of {@code key}'s entry updated at {@code now}: the policy's, or its own. */
  public long forUpdate(K key, long now) {
    long deadline = expiry.forUpdate(now);
    if (deadline == ExpiryCalculator.UNCHANGED) {
      long current = pool.expiresAt(key);
      deadline = current == FilePool.ABSENT ? FilePool.NEVER : current;
    }
    return deadline;
  }

  /** Extends or shortens {@code key}'s life on a read at {@code now}, as the policy says. */
  public void accessed(K key, long now) {
    long deadline = expiry.forAccess(now);
    if (deadline != ExpiryCalculator.UNCHANGED) {
      pool.setExpiresAt(key, deadline);
    }
  }

  /**
   * Starts the sweep, unless entries never expire: every {@code every}, each key found expired
   * goes to {@code expire}, which removes it under the key's lock, or returns {@code false}
   * once the cache is closed, which ends the round.
   */
  public void startSweep(ScheduledExecutorService scheduler, Duration every,
      Predicate<K> expire) {
    if (!expiry.isEternal()) {
      long millis = Math.max(1, every.toMillis());
      sweep = scheduler.scheduleWithFixedDelay(() -> sweep(expire), millis, millis,
          TimeUnit.MILLISECONDS);
    }
  }

  private void sweep(Predicate<K> expire) {
    if (sweepStopped) {
      return;
    }
    try {
      for (K key : pool.expiredKeys(now())) {
        if (!expire.test(key)) {
          return;
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cache " + cacheName + ": expiry sweep failed", e);
    }
  }

  /** Stops the sweep; a round under way ends at its next key. Called when the cache closes. */
  public void stopSweep() {
    sweepStopped = true;
    Future<?> running = sweep;
    if (running != null) {
      running.cancel(false);
    }
  }

  /** Closes the expiry policy, if it is closeable; the last thing a closing cache does. */
  public void close() {
    Closeables.closeQuietly(expiry.policy());
  }
}
