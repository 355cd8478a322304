package dev.filebacked.jcache.management;

import dev.filebacked.core.pool.PoolStats;
import java.util.function.Supplier;

/** The {@link DiskTierMXBean} of one cache, read from its pool's figures on every call. */
public final class DiskTierStatistics implements DiskTierMXBean {

  private final Supplier<PoolStats> stats;

  public DiskTierStatistics(Supplier<PoolStats> stats) {
    this.stats = stats;
  }

  @Override
  public long getEntries() {
    return stats.get().entries();
  }

  @Override
  public long getEntriesInMemory() {
    return stats.get().memoryEntries();
  }

  @Override
  public long getEntriesOnDisk() {
    PoolStats now = stats.get();
    return Math.max(0, now.entries() - now.memoryEntries());
  }

  @Override
  public long getBlobsOnDisk() {
    return stats.get().blobsOnDisk();
  }

  @Override
  public long getBytesOnDisk() {
    return stats.get().bytesOnDisk();
  }

  @Override
  public long getMemoryHits() {
    return stats.get().memoryHits();
  }

  @Override
  public long getDiskHits() {
    return stats.get().diskHits();
  }

  @Override
  public long getSpills() {
    return stats.get().spills();
  }

  @Override
  public long getSpillsCancelled() {
    return stats.get().spillsCancelled();
  }

  @Override
  public long getSpillFailures() {
    return stats.get().spillFailures();
  }

  @Override
  public long getCorruptBlobs() {
    return stats.get().corruptBlobs();
  }

  @Override
  public long getMissingBlobs() {
    return stats.get().missingBlobs();
  }

  @Override
  public long getUnreadableValues() {
    return stats.get().unreadableValues();
  }

  @Override
  public long getIoErrors() {
    return stats.get().ioErrors();
  }

  @Override
  public long getWritesRefused() {
    return stats.get().writesRefused();
  }

  @Override
  public long getValuesWaitingForDisk() {
    return stats.get().valuesWaitingForDisk();
  }

  @Override
  public long getLoads() {
    return stats.get().loads();
  }

  @Override
  public long getBytesWritten() {
    return stats.get().bytesWritten();
  }

  @Override
  public long getBytesRead() {
    return stats.get().bytesRead();
  }
}
