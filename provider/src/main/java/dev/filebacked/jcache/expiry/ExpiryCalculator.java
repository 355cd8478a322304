package dev.filebacked.jcache.expiry;

import dev.filebacked.core.pool.FilePool;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;

/**
 * Asks a cache's {@link ExpiryPolicy} when an entry expires and turns the answer into a deadline
 * on the cache's clock ({@link System#nanoTime()} nanoseconds; {@link FilePool#NEVER} for
 * never). {@link Duration#ZERO} gives a deadline of {@code now}, which is already expired.
 *
 * <p>A policy that throws is treated as if it had no opinion: a new entry never expires and an
 * updated or accessed one keeps its deadline. The failure is logged, and the cache operation
 * goes on, as the specification asks.
 */
public final class ExpiryCalculator {

  /** The answer "leave the deadline as it is" (the policy returned {@code null}). */
  public static final long UNCHANGED = Long.MIN_VALUE;

  private static final System.Logger LOG = System.getLogger(ExpiryCalculator.class.getName());

  private final ExpiryPolicy policy;
  private final boolean eternal;

  public ExpiryCalculator(ExpiryPolicy policy) {
    this.policy = policy;
    this.eternal = policy instanceof EternalExpiryPolicy;
  }

  /** Whether every entry lives forever, so nothing needs sweeping. */
  public boolean isEternal() {
    return eternal;
  }

  public ExpiryPolicy policy() {
    return policy;
  }

  /** The deadline of a new entry created at {@code now}. */
  public long forCreation(long now) {
    if (eternal) {
      return FilePool.NEVER;
    }
    long deadline = ask(policy::getExpiryForCreation, now, "creation");
    return deadline == UNCHANGED ? FilePool.NEVER : deadline;
  }

  /**
   * The deadline of an entry updated at {@code now}, or {@link #UNCHANGED}. An eternal policy
   * answers {@link FilePool#NEVER} at once, which is what its entries have anyway, so the cache
   * need not look the current deadline up.
   */
  public long forUpdate(long now) {
    return eternal ? FilePool.NEVER : ask(policy::getExpiryForUpdate, now, "update");
  }

  /** The deadline of an entry read at {@code now}, or {@link #UNCHANGED}. */
  public long forAccess(long now) {
    return eternal ? UNCHANGED : ask(policy::getExpiryForAccess, now, "access");
  }

  private static long ask(Supplier<Duration> question, long now, String what) {
    Duration duration;
    try {
      duration = question.get();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "The expiry policy failed to give an expiry for " + what
          + "; the entry's expiry is left as it was", e);
      return UNCHANGED;
    }
    return deadline(duration, now);
  }

  /** {@code now} plus {@code duration}, saturating at {@link FilePool#NEVER}. */
  static long deadline(Duration duration, long now) {
    if (duration == null) {
      return UNCHANGED;
    }
    if (duration.isEternal()) {
      return FilePool.NEVER;
    }
    if (duration.isZero()) {
      return now;
    }
    TimeUnit unit = duration.getTimeUnit();
    long nanos = unit.toNanos(duration.getDurationAmount());
    long deadline = now + nanos;
    boolean overflowed = ((now ^ deadline) & (nanos ^ deadline)) < 0;
    return overflowed ? FilePool.NEVER : deadline;
  }
}
