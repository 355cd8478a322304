package dev.filebacked.spi;

/**
 * A blob exists but its content fails verification: bad magic, unknown format version,
 * truncated, lengths that do not add up, or a checksum mismatch. Its bytes are never returned.
 */
public class CorruptBlobException extends BlobStoreException {

  private static final long serialVersionUID = 1L;

  public CorruptBlobException(String message) {
    super(message);
  }
}
