package dev.filebacked.jcache;

import java.util.NoSuchElementException;
import javax.cache.CacheException;

/**
 * The JCache face speaks JCache: what the engine throws (a {@link
 * dev.filebacked.spi.BlobStoreException}, a {@link dev.filebacked.spi.CodecException}, a codec's
 * {@link IllegalArgumentException}) reaches a caller of the {@code javax.cache} API as a
 * {@link CacheException} naming the cache and the operation, with the engine's exception as its
 * cause; so does anything else the engine lets through (a codec's bug). Only these pass
 * unchanged: JCache's own exceptions, {@link IllegalStateException} (the cache is closed), and
 * {@link NoSuchElementException}, which the {@link dev.filebacked.spi.FileBackedCache} extension
 * documents. (Null and mistyped arguments are refused before the engine is called, with the
 * exceptions JCache names.)
 */
final class JCacheFailures {

  private JCacheFailures() {}

  /** The exception a caller of {@code operation} on {@code cache} gets for {@code error}. */
  static RuntimeException of(String cache, String operation, RuntimeException error) {
    if (error instanceof CacheException || error instanceof IllegalStateException
        || error instanceof NoSuchElementException) {
      return error;
    }
    return new CacheException("Cache " + cache + ": " + operation + " failed: "
        + error.getMessage(), error);
  }
}
