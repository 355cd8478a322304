package dev.filebacked.spi;

/**
 * A blob could not be written because its storage has no room left (no space on the device, a
 * quota reached). Passing: the same write can succeed once space is freed.
 */
public class BlobStoreFullException extends BlobStoreException {

  private static final long serialVersionUID = 1L;

  public BlobStoreFullException(String message, Throwable cause) {
    super(message, cause);
  }
}
