package dev.filebacked.spi;

/**
 * A {@link BlobStore} operation failed. The message names the file or object and the cause, so
 * that it can be acted on without a debugger (a full disk, a permission, a corrupt file).
 */
public class BlobStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BlobStoreException(String message) {
    super(message);
  }

  public BlobStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
