package dev.filebacked.spi;

/**
 * Bytes named a class the cache's {@link DecodingPolicy} does not allow. Nothing of that class
 * was constructed; a cache treats the entry as a miss.
 */
public class DisallowedClassException extends CodecException {

  private static final long serialVersionUID = 1L;

  private final String className;

  /**
   * @param codecId the codec that refused the class
   * @param className the binary name of the refused class
   */
  public DisallowedClassException(String codecId, String className) {
    super(codecId + " codec: class " + className + " is not allowed by the cache's decoding "
        + "policy; add it (or its package) to the allowed classes if the cache should hold it");
    this.className = className;
  }

  /** The binary name of the refused class. */
  public String className() {
    return className;
  }
}
