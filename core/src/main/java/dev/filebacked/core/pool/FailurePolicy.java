package dev.filebacked.core.pool;

import dev.filebacked.spi.DiskFullPolicy;
import java.time.Duration;

/**
 * The one place that decides what a storage or codec failure becomes (the idea of Ehcache's
 * {@code ResilienceStrategy}). {@link FilePool} carries the decisions out; nothing else in the
 * engine decides what a failure means.
 *
 * <table>
 *   <caption>What each failure becomes</caption>
 *   <tr><th>kind</th><th>the caller sees</th><th>the entry</th><th>counted in
 *       {@link PoolStats}</th><th>logged</th></tr>
 *   <tr><td>{@link FailureKind#CORRUPT_BLOB corrupt or foreign blob} (checksum, format, version
 *       id or key not the one asked for), on read</td>
 *       <td>a miss</td><td>that version leaves the pool (never a newer one); its blob is moved
 *       to the store's quarantine, not deleted</td><td>{@code corruptBlobs}, and an eviction
 *       for the eviction listener</td><td>WARNING naming the file and both ids</td></tr>
 *   <tr><td>{@link FailureKind#MISSING_BLOB missing blob}, on read</td><td>a miss</td>
 *       <td>that version leaves the pool</td><td>{@code missingBlobs}, an eviction</td>
 *       <td>WARNING</td></tr>
 *   <tr><td>{@link FailureKind#REFUSED_VALUE value the codec refuses}, on read (another codec's
 *       blob, a class the decoding policy refuses)</td><td>a miss</td><td>that version leaves
 *       the pool; its blob is deleted</td><td>{@code unreadableValues}, an eviction</td>
 *       <td>WARNING</td></tr>
 *   <tr><td>{@link FailureKind#REFUSED_VALUE value the codec refuses}, on put (store-by-value,
 *       which encodes at once)</td><td>the put throws the codec's exception</td><td>unchanged
 *       </td><td>nothing</td><td>nothing (the caller has the exception)</td></tr>
 *   <tr><td>{@link FailureKind#PASSING_IO_ERROR passing I/O error}, on read</td><td>retried
 *       {@value #ATTEMPTS} times in all, then the exception</td><td>stays, with its blob</td>
 *       <td>{@code ioErrors}</td><td>WARNING</td></tr>
 *   <tr><td>{@link FailureKind#NO_SPACE no space left}, or a passing I/O error that outlived its
 *       retries, writing a value that left memory</td><td colspan="2">{@link DiskFullPolicy#EVICT}
 *       (default): nothing; the entry leaves the pool. {@link DiskFullPolicy#FAIL_WRITES}: the
 *       value stays in memory; every put throws until a retry of the write (at most once per
 *       retry interval, on the next put) succeeds, then the pool works as before</td>
 *       <td>EVICT: {@code spillFailures}, an eviction; FAIL_WRITES: {@code writesRefused}</td>
 *       <td>WARNING</td></tr>
 *   <tr><td>{@link FailureKind#TOO_LARGE value larger than the disk tier can take}, or a value
 *       the codec refuses (or fails on), writing a value that left memory</td><td>nothing</td>
 *       <td>leaves the pool (retrying can never help)</td><td>{@code spillFailures}, an
 *       eviction</td><td>WARNING</td></tr>
 *   <tr><td>{@link FailureKind#OTHER any other exception} on read (a bug in a codec or in a
 *       key's {@code equals})</td><td>the exception, at once</td><td>stays</td><td>nothing</td>
 *       <td>WARNING</td></tr>
 * </table>
 *
 * <p>A write whose spill an access cancelled while it ran changes nothing when it fails: the
 * value is back in the memory tier, and tries the disk again when it next leaves.
 *
 * <p>Every WARNING is rate-limited per kind ({@link FailureLog}): one line per interval, with
 * the count since the last one. Failures of background deletes are counted in
 * {@code ioErrors} and logged the same way; the blob they leave is removed when the store is
 * next opened.
 */
final class FailurePolicy {

  /** Tries of a read or write that fails with a passing error, the first included. */
  static final int ATTEMPTS = 3;
  private static final long[] BACKOFF_MILLIS = {2, 20};

  /** What a failed read of a version becomes. */
  enum AfterRead {
    /** Try the read again after {@link #backoffMillis}. */
    RETRY,
    /** Answer a miss; the version leaves the pool. */
    DROP_VERSION,
    /** Answer a miss; the version leaves the pool and its blob goes to quarantine. */
    QUARANTINE_VERSION,
    /** The caller gets the exception; the entry stays. */
    FAIL
  }

  /** What a failed write of a value that left memory becomes. */
  enum AfterWrite {
    /** Try the write again after {@link #backoffMillis}. */
    RETRY,
    /** The entry leaves the pool, counted. */
    EVICT,
    /** The value stays in memory and puts are refused until a retry succeeds. */
    KEEP_AND_REFUSE_PUTS
  }

  private final DiskFullPolicy whenFull;
  private final Duration retryInterval;

  FailurePolicy(DiskFullPolicy whenFull, Duration retryInterval) {
    this.whenFull = whenFull;
    this.retryInterval = retryInterval;
  }

  /** After the {@code attempt}-th (from 1) read of a version failed with {@code kind}. */
  AfterRead afterRead(FailureKind kind, int attempt) {
    return switch (kind) {
      case CORRUPT_BLOB -> AfterRead.QUARANTINE_VERSION;
      case MISSING_BLOB, REFUSED_VALUE -> AfterRead.DROP_VERSION;
      // A read never runs out of space; a store that says so anyway is failing in passing.
      case PASSING_IO_ERROR, NO_SPACE, TOO_LARGE ->
          attempt < ATTEMPTS ? AfterRead.RETRY : AfterRead.FAIL;
      case OTHER -> AfterRead.FAIL;
    };
  }

  /** After the {@code attempt}-th (from 1) write of an evicted value failed with {@code kind}. */
  AfterWrite afterWrite(FailureKind kind, int attempt) {
    return switch (kind) {
      case TOO_LARGE, REFUSED_VALUE, OTHER, CORRUPT_BLOB, MISSING_BLOB -> AfterWrite.EVICT;
      case PASSING_IO_ERROR -> attempt < ATTEMPTS ? AfterWrite.RETRY : onFull();
      case NO_SPACE -> onFull();
    };
  }

  private AfterWrite onFull() {
    return whenFull == DiskFullPolicy.FAIL_WRITES ? AfterWrite.KEEP_AND_REFUSE_PUTS
        : AfterWrite.EVICT;
  }

  /** How long to wait before the next try after the {@code attempt}-th failed. */
  static long backoffMillis(int attempt) {
    return BACKOFF_MILLIS[Math.min(attempt, BACKOFF_MILLIS.length) - 1];
  }

  /** How often, at most, refused puts try the kept values' writes again. */
  Duration retryInterval() {
    return retryInterval;
  }
}
