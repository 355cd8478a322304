package dev.filebacked.core.pool;

import dev.filebacked.spi.BlobNotFoundException;
import dev.filebacked.spi.CodecException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;

/**
 * How the pool finds a key's value: in the {@link MemoryTier} first (one lookup, which records
 * the access), else through the index, loading a value on disk with the {@link DiskTier} (one load
 * per version, however many readers wait) and counting each read as a memory hit, a disk hit or
 * a miss. A read of a value whose spill is queued cancels the spill.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class PoolReader<K, V> {

  private final ConcurrentMap<K, Node<K>> index;
  private final MemoryTier<K> memory;
  private final DiskTier<K> disk;
  private final ValueForm<K, V> form;
  private final PoolCounters counters;

  PoolReader(ConcurrentMap<K, Node<K>> index, MemoryTier<K> memory, DiskTier<K> disk,
      ValueForm<K, V> form, PoolCounters counters) {
    this.index = index;
    this.memory = memory;
    this.disk = disk;
    this.form = form;
    this.counters = counters;
  }

  /** {@link FilePool#getIfFresh}: the pool checked the key and that it is open. */
  V getIfFresh(K key, long now) {
    // The common hit: one lookup in the memory tier, which records the access. A value in
    // memory is immutable for its node and stays valid after the node is replaced, so it needs
    // no reference (two atomic updates saved).
    Node<K> held = memory.get(key);
    if (held != null && !held.isRemoved() && held.expiresAt() > now) {
      Object resident = held.value();
      if (Node.isResident(resident)) {
        counters.memoryHit();
        return decode(held, resident);
      }
    }
    for (;;) {
      Node<K> node = index.get(key);
      if (node == null || node.expiresAt() <= now) {
        counters.miss();
        return null;
      }
      Object resident = node.value();
      if (Node.isResident(resident)) {
        touch(node);
        counters.memoryHit();
        return decode(node, resident);
      }
      if (!node.tryAcquire()) {
        continue; // replaced or removed just now: the index has moved on
      }
      try {
        Object payload = disk.load(node); // or the value another reader loaded meanwhile
        if (payload == DiskTier.UNREADABLE) {
          counters.miss();
          return null;
        }
        counters.diskHit();
        return decode(node, payload);
      } catch (BlobNotFoundException e) {
        if (!node.isRemoved()) {
          throw e;
        }
        // The version went away under us (replaced, and a re-registered copy of it removed):
        // the key's current version is what this read returns.
      } finally {
        disk.release(node);
      }
    }
  }

  /** {@link FilePool#getAsync}: the pool checked the key and that it is open. */
  CompletableFuture<V> getAsync(K key) {
    for (;;) {
      Node<K> node = index.get(key);
      if (node == null) {
        counters.miss();
        return CompletableFuture.completedFuture(null);
      }
      if (!node.tryAcquire()) {
        continue;
      }
      Object value = node.value();
      if (Node.isResident(value)) {
        try {
          touch(node);
          counters.memoryHit();
          return CompletableFuture.completedFuture(decode(node, value));
        } catch (RuntimeException e) {
          return CompletableFuture.failedFuture(e);
        } finally {
          disk.release(node);
        }
      }
      PendingLoad pending = disk.loadInBackground(node);
      if (pending == null) {
        disk.release(node);
        continue; // loaded by someone else meanwhile: look again
      }
      return pending.future().handle((payload, error) -> {
        disk.release(node);
        if (error == null && payload == DiskTier.UNREADABLE) {
          counters.miss();
          return CompletableFuture.<V>completedFuture(null);
        }
        if (error == null) {
          counters.diskHit();
          return CompletableFuture.completedFuture(decode(node, payload));
        }
        Throwable cause = error instanceof CompletionException
            && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof BlobNotFoundException && node.isRemoved()) {
          return getAsync(key);
        }
        return CompletableFuture.<V>failedFuture(cause);
      }).thenCompose(f -> f);
    }
  }

  /**
   * Decodes a payload for a reader. A store-by-value pool decodes here rather than when loading,
   * so a value the codec refuses (a class the decoding policy does not allow) is met here too,
   * and answered as the policy says: a miss, with that version dropped.
   */
  private V decode(Node<K> node, Object payload) {
    try {
      return form.read(payload);
    } catch (CodecException e) {
      if (disk.answeredAsMiss(node, e)) {
        return null;
      }
      throw e;
    }
  }

  /** Records an access; an access to a value whose spill is queued cancels the spill. */
  private void touch(Node<K> node) {
    if (node.cancelSpill()) {
      counters.spillsCancelled.increment();
      memory.admit(node);
    } else {
      memory.touch(node);
    }
  }

}
