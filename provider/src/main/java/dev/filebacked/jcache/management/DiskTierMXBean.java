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

  /**
   * Entries that left the cache because their value could not be written (a full disk, say);
   * each is also counted in {@code CacheEvictions}.
   */
  long getSpillFailures();

  /**
   * Blobs that failed verification (damaged, foreign, another key's): never served, and moved
   * to the cache folder's {@code quarantine/}.
   */
  long getCorruptBlobs();

  /** Reads that found a value's blob gone; the entry left the cache. */
  long getMissingBlobs();

  /** Values the codec could not decode (another codec's, a refused class); the entry left. */
  long getUnreadableValues();

  /** I/O errors that outlived their retries: reads that failed, deletes left undone. */
  long getIoErrors();

  /** Writes refused because values wait in memory for a full disk (FAIL_WRITES). */
  long getWritesRefused();

  /** Values held in memory now because the disk could not take them (FAIL_WRITES). */
  long getValuesWaitingForDisk();

  /** Blobs read back from disk. */
  long getLoads();

  /** Value bytes written to disk. */
  long getBytesWritten();

  /** Value bytes read from disk. */
  long getBytesRead();
}
