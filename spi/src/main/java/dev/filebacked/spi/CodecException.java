package dev.filebacked.spi;

/** A value could not be encoded, or bytes could not be decoded, by a {@link Codec}. */
public class CodecException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
