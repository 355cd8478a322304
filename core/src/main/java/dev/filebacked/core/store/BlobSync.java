package dev.filebacked.core.store;

/** How hard a {@link FileBlobStore} works to keep a written blob across a power loss. */
public enum BlobSync {

  /**
   * Blobs are published by atomic rename but not fsynced: a crash of the process loses nothing,
   * a crash of the machine may lose recent blobs or leave them empty, truncated or zero-filled
   * under their name, which every read detects (header, length and checksum) and never serves.
   * The default, since a cache's own directory is rebuilt after a restart anyway.
   */
  NONE,

  /**
   * Every blob file and its shard directory are fsynced before the write returns, and the
   * shard's entry in the root and the folder itself before the first write into them does.
   */
  FSYNC;

  /** How a persistent pool of {@code durability} writes its blobs. */
  public static BlobSync of(dev.filebacked.spi.Durability durability) {
    return durability == dev.filebacked.spi.Durability.FSYNC ? FSYNC : NONE;
  }
}
