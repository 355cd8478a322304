package dev.filebacked.jcache.integration;

import java.util.Collection;
import java.util.Map;

/**
 * The write-through of a cache that does not write through: every call does nothing and every
 * batch succeeds, so the cache's operations need no "is there a writer?" of their own.
 */
final class DisabledWriteThrough<K, V> implements WriteThrough<K, V> {

  private static final DisabledWriteThrough<?, ?> INSTANCE = new DisabledWriteThrough<>();

  private DisabledWriteThrough() {}

  @SuppressWarnings("unchecked") // it holds no K or V
  static <K, V> WriteThrough<K, V> instance() {
    return (WriteThrough<K, V>) INSTANCE;
  }

  @Override
  public boolean isEnabled() {
    return false;
  }

  @Override
  public void write(K key, V value) {}

  @Override
  public void delete(K key) {}

  @Override
  public Outcome<K> writeAll(Map<? extends K, ? extends V> entries) {
    return Outcome.success();
  }

  @Override
  public Outcome<K> deleteAll(Collection<? extends K> keys) {
    return Outcome.success();
  }

  @Override
  public void close() {}
}
