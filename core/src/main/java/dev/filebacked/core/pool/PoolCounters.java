package dev.filebacked.core.pool;

import dev.filebacked.spi.BlobStoreUsage;
import java.util.concurrent.atomic.LongAdder;

/** The pool's running counters; {@link PoolStats} is their snapshot. */
final class PoolCounters {
  final LongAdder memoryHits = new LongAdder();
  final LongAdder diskHits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder spills = new LongAdder();
  final LongAdder spillsCancelled = new LongAdder();
  final LongAdder spillFailures = new LongAdder();
  final LongAdder drops = new LongAdder();
  final LongAdder loads = new LongAdder();
  final LongAdder blobsDeleted = new LongAdder();
  final LongAdder bytesWritten = new LongAdder();
  final LongAdder bytesRead = new LongAdder();

  PoolStats snapshot(long entries, long memoryEntries, long memoryWeight, BlobStoreUsage disk) {
    return new PoolStats(entries, memoryEntries, memoryWeight, memoryHits.sum(), diskHits.sum(),
        misses.sum(), spills.sum(), spillsCancelled.sum(), spillFailures.sum(), drops.sum(),
        loads.sum(),
        blobsDeleted.sum(), bytesWritten.sum(), bytesRead.sum(), disk.blobs(), disk.bytes());
  }
}
