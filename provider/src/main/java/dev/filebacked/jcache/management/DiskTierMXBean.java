package dev.filebacked.jcache.management;

/**
 * A FileBacked cache's memory and disk tiers, registered beside JCache's statistics bean as
 * {@code dev.filebacked:type=DiskTier,CacheManager=<uri>,Cache=<name>} while statistics are
 * enabled. Counts run from the cache's creation; {@code CacheStatistics.clear()} does not reset
 * them. Reads (memory and disk hits) are counted only while statistics are enabled, as JCache's
 * own counts are: counting costs every read an atomic update.
 */
public interface DiskTierMXBean {

  /** Entries in the cache, wherever their values are. */
  long getEntries();

  /** Entries whose values are held in the memory tier. */
  long getEntriesInMemory();

  /** Entries whose values are only on disk. */
  long getEntriesOnDisk();

  /** Blob files in the cache's directory. */
  long getBlobsOnDisk();

  /** Bytes of the blob files in the cache's directory. */
  long getBytesOnDisk();

  /** Reads served from the memory tier. */
  long getMemoryHits();

  /** Reads that had to load their value from disk (or wait for a load in flight). */
  long getDiskHits();

  /** Values written to disk because they left the memory tier. */
  long getSpills();

  /** Spills cancelled because the value was read before it left memory. */
  long getSpillsCancelled();

  /** Entries dropped because their value could not be written (a full disk, say). */
  long getSpillFailures();

  /** Blobs read back from disk. */
  long getLoads();

  /** Value bytes written to disk. */
  long getBytesWritten();

  /** Value bytes read from disk. */
  long getBytesRead();
}
