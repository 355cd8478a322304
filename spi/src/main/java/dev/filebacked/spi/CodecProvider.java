package dev.filebacked.spi;

/**
 * Makes the {@link Codec codecs} of one encoding. Codec modules register an implementation in
 * {@code META-INF/services/dev.filebacked.spi.CodecProvider}; a cache names the codec it wants
 * by {@link #id()}, so putting a codec module on the class path is all it takes to use it.
 */
public interface CodecProvider {

  /** The id of the codecs this provider makes, the same as their {@link Codec#id()}. */
  String id();

  /**
   * A codec that decodes only what {@code policy} allows. It may be shared with other caches
   * asking for an equal policy.
   *
   * @throws CodecException if this codec cannot run in this JVM, saying what to change
   */
  <T> Codec<T> create(DecodingPolicy policy);
}
