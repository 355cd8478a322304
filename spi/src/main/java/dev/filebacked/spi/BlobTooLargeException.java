package dev.filebacked.spi;

/**
 * A blob can never be written to this store because of its size alone (it is larger than the
 * whole storage behind it), unlike {@link BlobStoreFullException}, which passes once space is
 * freed.
 */
public class BlobTooLargeException extends BlobStoreException {

  private static final long serialVersionUID = 1L;

  public BlobTooLargeException(String message) {
    super(message);
  }
}
