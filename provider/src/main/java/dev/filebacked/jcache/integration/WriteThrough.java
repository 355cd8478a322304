package dev.filebacked.jcache.integration;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.integration.CacheWriterException;

/**
 * What a cache hands its system of record before it changes itself: the user's writer when the
 * cache writes through ({@link WriterAdapter}), nothing otherwise ({@link DisabledWriteThrough}),
 * so that a cache operation calls it without asking which.
 */
public interface WriteThrough<K, V> {

  /** The write-through of a cache with {@code configuration}. */
  static <K, V> WriteThrough<K, V> of(CompleteConfiguration<K, V> configuration) {
    return configuration.isWriteThrough() && configuration.getCacheWriterFactory() != null
        ? new WriterAdapter<>(configuration.getCacheWriterFactory().create())
        : DisabledWriteThrough.instance();
  }

  /** Whether a writer is called at all. */
  boolean isEnabled();

  void write(K key, V value);

  void delete(K key);

  /**
   * Writes {@code entries}; returns the keys the writer failed on (empty if all were written)
   * and the failure, if any.
   */
  Outcome<K> writeAll(Map<? extends K, ? extends V> entries);

  /** Deletes {@code keys}; returns the keys the writer failed on and the failure, if any. */
  Outcome<K> deleteAll(Collection<? extends K> keys);

  void close();

  /**
   * What a batch call left: the keys not written or deleted, and the failure to throw once the
   * rest is applied.
   */
  record Outcome<K>(Set<K> failedKeys, CacheWriterException failure) {
    static <K> Outcome<K> success() {
      return new Outcome<>(Set.of(), null);
    }

    /** Throws the failure, if there was one. */
    public void rethrow() {
      if (failure != null) {
        throw failure;
      }
    }
  }
}
