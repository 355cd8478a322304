package dev.filebacked.core.pool;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Warnings about failures, rate-limited per {@link FailureKind}: the first one is logged at
 * WARNING at once; later ones within the interval are logged at DEBUG and counted, and the next
 * WARNING line of that kind says how many there were since the one before. A full disk makes
 * thousands of failures a second; the log gets one line per interval, and the figures are in
 * {@link PoolStats}.
 */
final class FailureLog {

  /** Where a warning goes; the pool's {@link System.Logger} outside tests. */
  @FunctionalInterface
  interface Sink {
    void log(Level level, String message, Throwable error);
  }

  private final Sink sink;
  private final LongSupplier nanoClock;
  private final long intervalNanos;
  private final String every;
  private final AtomicLongArray nextWarning;
  private final AtomicLongArray suppressed;
  /** Classes whose stored values no longer decode, each warned about once. */
  private final Set<String> changedClasses = ConcurrentHashMap.newKeySet();

  FailureLog(Sink sink, LongSupplier nanoClock, Duration interval) {
    this.sink = sink;
    this.nanoClock = nanoClock;
    this.intervalNanos = interval.toNanos();
    this.every = interval.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    int kinds = FailureKind.values().length;
    this.nextWarning = new AtomicLongArray(kinds);
    this.suppressed = new AtomicLongArray(kinds);
    long now = nanoClock.getAsLong();
    for (int i = 0; i < kinds; i++) {
      nextWarning.set(i, now);
    }
  }

  static FailureLog toLogger(System.Logger logger, Duration interval) {
    return new FailureLog(logger::log, System::nanoTime, interval);
  }

  /**
   * Warns once per class whose stored values no longer decode ({@code className}, or the
   * message if the codec did not name one): every value of a changed class fails alike, and
   * one line per class says all there is to say. Later ones are logged at DEBUG.
   */
  void warnClassChanged(String className, String message, Throwable error) {
    if (changedClasses.add(className)) {
      sink.log(Level.WARNING, message + " [logged once for " + className + "; later values of "
          + "it are misses too, logged at DEBUG]", error);
    } else {
      sink.log(Level.DEBUG, message, error);
    }
  }

  void warn(FailureKind kind, String message, Throwable error) {
    int i = kind.ordinal();
    long now = nanoClock.getAsLong();
    long next = nextWarning.get(i);
    if (now - next >= 0 && nextWarning.compareAndSet(i, next, now + intervalNanos)) {
      long since = suppressed.getAndSet(i, 0);
      sink.log(Level.WARNING, message + (since > 0 ? " [" + since + " more failures of this kind "
          + "since the last report]" : "") + " [further ones are counted, and reported at "
          + "most once every " + every + "]", error);
    } else {
      suppressed.incrementAndGet(i);
      sink.log(Level.DEBUG, message, error);
    }
  }
}
