package dev.filebacked.core.pool;

import dev.filebacked.spi.BlobStoreUsage;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pool's running counters; {@link PoolStats} is their snapshot. Reads are counted only while
 * {@link #readsCounted} is set: a count is an atomic update on a shared line, measured at a
 * tenth of a read from memory.
 */
final class PoolCounters {
  private final LongAdder memoryHits = new LongAdder();
  private final LongAdder diskHits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  volatile boolean readsCounted = true;
  final LongAdder spills = new LongAdder();
  final LongAdder spillsCancelled = new LongAdder();
  final LongAdder spillFailures = new LongAdder();
  final LongAdder drops = new LongAdder();
  final LongAdder loads = new LongAdder();
  final LongAdder blobsDeleted = new LongAdder();
  final LongAdder bytesWritten = new LongAdder();
  final LongAdder bytesRead = new LongAdder();
  final LongAdder corruptBlobs = new LongAdder();
  final LongAdder missingBlobs = new LongAdder();
  final LongAdder unreadableValues = new LongAdder();
  final LongAdder ioErrors = new LongAdder();
  final LongAdder writesRefused = new LongAdder();

  void memoryHit() {
    if (readsCounted) {
      memoryHits.increment();
    }
  }

  void diskHit() {
    if (readsCounted) {
      diskHits.increment();
    }
  }

  void miss() {
    if (readsCounted) {
      misses.increment();
    }
  }

  PoolStats snapshot(long entries, long memoryEntries, long memoryWeight, long waitingForDisk,
      BlobStoreUsage disk) {
    return new PoolStats(entries, memoryEntries, memoryWeight, memoryHits.sum(), diskHits.sum(),
        misses.sum(), spills.sum(), spillsCancelled.sum(), spillFailures.sum(), drops.sum(),
        loads.sum(), blobsDeleted.sum(), bytesWritten.sum(), bytesRead.sum(), disk.blobs(),
        disk.bytes(), corruptBlobs.sum(), missingBlobs.sum(), unreadableValues.sum(),
        ioErrors.sum(), writesRefused.sum(), waitingForDisk);
  }
}
