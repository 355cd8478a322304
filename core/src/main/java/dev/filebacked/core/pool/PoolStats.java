package dev.filebacked.core.pool;

/**
 * A snapshot of a pool's figures since it was built.
 *
 * @param entries entries in the pool, wherever their values are
 * @param memoryEntries entries whose values are in the memory tier
 * @param memoryWeight the memory tier's current weight (entries, for an entry-bounded tier)
 * @param memoryHits reads served from memory (this and the next two count only while reads are
 *     counted: see {@link FilePool#countReads})
 * @param diskHits reads that had to wait for a value to be loaded from disk
 * @param misses reads of absent keys
 * @param spills values written to disk because they left the memory tier
 * @param spillsCancelled spills cancelled by an access before the value left memory
 * @param spillFailures entries that left the pool because their value could not be written
 * @param drops values that left memory without I/O because their blob was already written
 * @param loads blobs read back from disk
 * @param blobsDeleted blobs deleted because no entry or reader needed them any more
 * @param bytesWritten value bytes written by spills and persists
 * @param bytesRead value bytes read by loads
 * @param blobsOnDisk blob files in the pool's store now, or -1 if the store does not count
 * @param bytesOnDisk their total size now, or -1 if the store does not count
 * @param corruptBlobs blobs that failed verification on read and were quarantined
 * @param missingBlobs reads that found a version's blob gone (the entry left the pool)
 * @param unreadableValues blobs the codec could not decode (the entry left the pool)
 * @param ioErrors passing I/O errors that outlived their retries (reads that failed, deletes
 *     left undone)
 * @param writesRefused puts refused because values wait in memory for a full disk
 *     ({@link dev.filebacked.spi.DiskFullPolicy#FAIL_WRITES})
 * @param valuesWaitingForDisk values held in memory now because the disk could not take them
 */
public record PoolStats(
    long entries,
    long memoryEntries,
    long memoryWeight,
    long memoryHits,
    long diskHits,
    long misses,
    long spills,
    long spillsCancelled,
    long spillFailures,
    long drops,
    long loads,
    long blobsDeleted,
    long bytesWritten,
    long bytesRead,
    long blobsOnDisk,
    long bytesOnDisk,
    long corruptBlobs,
    long missingBlobs,
    long unreadableValues,
    long ioErrors,
    long writesRefused,
    long valuesWaitingForDisk) {}
