package dev.filebacked.jcache.integration;

import dev.filebacked.jcache.FileBackedEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * Calls a cache's {@link CacheWriter}, reporting its failures as {@link CacheWriterException}.
 * The cache calls it before it changes itself, so a failed write leaves the cache as it was;
 * for a batch, the entries the writer did not leave in the collection it was given are the
 * ones it wrote, and the cache applies those before it throws.
 */
final class WriterAdapter<K, V> implements WriteThrough<K, V> {

  private final CacheWriter<K, V> writer;

  @SuppressWarnings("unchecked") // a writer of supertypes writes K and V entries just as well
  WriterAdapter(CacheWriter<? super K, ? super V> writer) {
    this.writer = (CacheWriter<K, V>) writer;
  }

  @Override
  public boolean isEnabled() {
    return true;
  }

  @Override
  public void write(K key, V value) {
    try {
      writer.write(new FileBackedEntry<>(key, value));
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("The cache writer failed to write key " + key, e);
    }
  }

  @Override
  public void delete(K key) {
    try {
      writer.delete(key);
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("The cache writer failed to delete key " + key, e);
    }
  }

  @Override
  public Outcome<K> writeAll(Map<? extends K, ? extends V> entries) {
    Collection<Cache.Entry<? extends K, ? extends V>> batch = new ArrayList<>(entries.size());
    entries.forEach((key, value) -> batch.add(new FileBackedEntry<>(key, value)));
    try {
      writer.writeAll(batch);
      return Outcome.success();
    } catch (RuntimeException e) {
      Set<K> failed = new HashSet<>();
      batch.forEach(entry -> failed.add(entry.getKey()));
      return new Outcome<>(failed, wrap(e, "write"));
    }
  }

  @Override
  public Outcome<K> deleteAll(Collection<? extends K> keys) {
    Collection<Object> batch = new LinkedHashSet<>(keys);
    try {
      writer.deleteAll(batch);
      return Outcome.success();
    } catch (RuntimeException e) {
      Set<K> failed = new HashSet<>();
      for (Object key : batch) {
        @SuppressWarnings("unchecked")
        K typed = (K) key;
        failed.add(typed);
      }
      return new Outcome<>(failed, wrap(e, "delete"));
    }
  }

  private static CacheWriterException wrap(RuntimeException e, String what) {
    return e instanceof CacheWriterException cwe ? cwe
        : new CacheWriterException("The cache writer failed to " + what + " a batch", e);
  }

  @Override
  public void close() {
    Closeables.closeQuietly(writer);
  }
}
