package dev.filebacked.spi;

/** The blob asked for does not exist in the store or location. */
public class BlobNotFoundException extends BlobStoreException {

  private static final long serialVersionUID = 1L;

  public BlobNotFoundException(String message) {
    super(message);
  }
}
