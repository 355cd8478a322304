package dev.filebacked.spi;

/**
 * How much a blob store holds in its own area (persisted locations not counted).
 *
 * @param blobs blob files
 * @param bytes their total size, headers included
 */
public record BlobStoreUsage(long blobs, long bytes) {

  /** What a store that does not keep count reports. */
  public static final BlobStoreUsage UNKNOWN = new BlobStoreUsage(-1, -1);
}
