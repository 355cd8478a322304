package dev.filebacked.jcache;

import dev.filebacked.core.concurrent.KeyedLocks;
import dev.filebacked.jcache.expiry.EntryLifetimes;
import dev.filebacked.jcache.integration.WriteThrough;
import dev.filebacked.jcache.management.JCacheStatistics;
import dev.filebacked.jcache.processor.ProcessorEntry;
import dev.filebacked.jcache.processor.ProcessorResult;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * {@link javax.cache.Cache#invoke} and {@link javax.cache.Cache#invokeAll}: a processor works on a
 * {@link ProcessorEntry} under the key's lock, and what it did, net, is then applied as the
 * matching verb applies it (an access, a loaded value, a put through the writer, a removal),
 * with that verb's events and statistics.
 */
final class EntryProcessing<K, V> {

  private final CallChecks<K, V> checks;
  private final KeyedLocks<Object> locks;
  private final EntryLifetimes<K> lifetimes;
  private final PoolEntries<K, V> entries;
  /** The loader a processor reads through, or {@code null}. */
  private final Function<K, V> readThrough;
  private final WriteThrough<K, V> writer;
  private final JCacheStatistics statistics;

  EntryProcessing(CallChecks<K, V> checks, KeyedLocks<Object> locks, EntryLifetimes<K> lifetimes,
      PoolEntries<K, V> entries, CacheLoading<K, V> loading, WriteThrough<K, V> writer,
      JCacheStatistics statistics) {
    this.checks = checks;
    this.locks = locks;
    this.lifetimes = lifetimes;
    this.readThrough = loading.readThrough();
    this.entries = entries;
    this.writer = writer;
    this.statistics = statistics;
  }

  <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    checks.requireKey(key);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    long start = statistics.start();
    try (KeyedLocks.Held held = locks.lock(key)) {
      long now = lifetimes.now();
      boolean exists = entries.isLive(key, now);
      statistics.lookup(exists);
      ProcessorEntry<K, V> entry = new ProcessorEntry<>(key, exists, () -> entries.read(key),
          readThrough);
      T result;
      try {
        result = entryProcessor.process(entry, arguments);
      } catch (EntryProcessorException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new EntryProcessorException("Entry processor " + entryProcessor
            + " failed on key " + key, e);
      }
      apply(entry, now, start);
      return result;
    }
  }

  /** Applies what a processor did to its entry. Runs under the key's lock. */
  private void apply(ProcessorEntry<K, V> entry, long now, long start) {
    K key = entry.getKey();
    switch (entry.action()) {
      case NONE -> { }
      case READ -> lifetimes.accessed(key, now);
      case LOADED -> entries.storeOver(key, entry.valueAfter(), false, now);
      case CREATED, UPDATED -> {
        boolean exists = entry.action() == ProcessorEntry.Action.UPDATED;
        if (entries.put(key, entry.valueAfter(), exists, now)) {
          statistics.puts(1);
          statistics.putTime(start);
        }
      }
      case DELETED -> {
        V old = entries.oldValue(key);
        writer.delete(key);
        entries.remove(key, old);
        statistics.removeTime(start);
      }
      default -> throw new IllegalStateException("Unknown action " + entry.action());
    }
  }

  /** Invokes {@code entryProcessor} on each key; a failure is that key's result. */
  <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    checks.requireKeys(keys);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T result = invoke(key, entryProcessor, arguments);
        if (result != null) {
          results.put(key, ProcessorResult.of(result));
        }
      } catch (EntryProcessorException e) {
        results.put(key, ProcessorResult.failed(e));
      } catch (RuntimeException e) {
        results.put(key, ProcessorResult.failed(new EntryProcessorException(e)));
      }
    }
    return results;
  }
}
