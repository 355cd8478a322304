package dev.filebacked.core.pool;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The bounded set of nodes whose values are held in memory, with Caffeine's W-TinyLFU deciding
 * which leave. Nodes are its keys, by identity, so a replaced version can be dropped without
 * touching the key's new one.
 *
 * <p>Caffeine's maintenance (replaying reads into the policy, evicting) runs on
 * {@code maintenance}: by default a pool thread, so that a read never pays for it, as with
 * Caffeine's own default; tests pass {@code Runnable::run} to evict on the calling thread. Each
 * victim goes to {@code onEvict}, which must not block or do I/O: it runs inside Caffeine's
 * locks.
 */
final class MemoryTier {

  private final Cache<Node<?>, Boolean> nodes;

  private MemoryTier(Cache<Node<?>, Boolean> nodes) {
    this.nodes = nodes;
  }

  /** A tier of at most {@code maxEntries} nodes. */
  static MemoryTier ofEntries(long maxEntries, Executor maintenance, Consumer<Node<?>> onEvict) {
    return new MemoryTier(builder(maintenance, onEvict).maximumSize(maxEntries).build());
  }

  /** A tier whose nodes weigh at most {@code maxWeight} in total. */
  static MemoryTier ofWeight(long maxWeight, ToIntFunction<Node<?>> weigher,
      Executor maintenance, Consumer<Node<?>> onEvict) {
    return new MemoryTier(builder(maintenance, onEvict).maximumWeight(maxWeight)
        .weigher((Node<?> node, Boolean present) -> weigher.applyAsInt(node)).build());
  }

  private static Caffeine<Node<?>, Boolean> builder(Executor maintenance,
      Consumer<Node<?>> onEvict) {
    return Caffeine.newBuilder()
        .executor(maintenance)
        .<Node<?>, Boolean>evictionListener((node, present, cause) -> {
          if (cause == RemovalCause.SIZE && node != null) {
            onEvict.accept(node);
          }
        });
  }

  void admit(Node<?> node) {
    nodes.put(node, Boolean.TRUE);
  }

  /** Records an access for the eviction policy. */
  void touch(Node<?> node) {
    nodes.getIfPresent(node);
  }

  void remove(Node<?> node) {
    nodes.invalidate(node);
  }

  boolean contains(Node<?> node) {
    return nodes.asMap().containsKey(node);
  }

  void clear() {
    nodes.invalidateAll();
  }

  /** Runs pending maintenance (evictions) now. */
  void cleanUp() {
    nodes.cleanUp();
  }

  long entries() {
    return nodes.estimatedSize();
  }

  /** Current total weight (entries, for an entry-bounded tier), after pending maintenance. */
  long weight() {
    nodes.cleanUp();
    return nodes.policy().eviction()
        .map(e -> e.weightedSize().orElse(nodes.estimatedSize()))
        .orElseGet(nodes::estimatedSize);
  }
}
