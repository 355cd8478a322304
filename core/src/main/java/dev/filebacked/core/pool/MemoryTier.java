package dev.filebacked.core.pool;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The bounded set of nodes whose values are held in memory, with Caffeine's W-TinyLFU deciding
 * which leave. It maps a key to the node of that key held in memory, so that a read of a value in
 * memory is one lookup here, which also records the access for the policy.
 *
 * <p>It holds at most the key's current version: {@link #admit} takes a node only while the
 * pool's index maps its key to it, and {@link #remove} drops a node only if it is still the one
 * held. A reader that finds a node here must still check {@link Node#isRemoved()}: a version is
 * marked removed before it leaves the tier.
 *
 * <p>Caffeine's maintenance (replaying reads into the policy, evicting) runs on
 * {@code maintenance}: by default a thread shared by all pools, so that a read never pays for it
 * (see {@link FilePool.Builder#maintenanceExecutor}); tests pass {@code Runnable::run} to evict
 * on the calling thread. Each victim goes to {@code onEvict}, which must not block or do I/O: it
 * runs inside Caffeine's locks.
 *
 * @param <K> the type of key
 */
final class MemoryTier<K> {

  private final Cache<K, Node<K>> nodes;
  private final ConcurrentMap<K, Node<K>> map;
  private final Function<K, Node<K>> index;

  private MemoryTier(Caffeine<K, Node<K>> builder, Function<K, Node<K>> index) {
    this.nodes = builder.build();
    this.map = nodes.asMap();
    this.index = index;
  }

  /**
   * A tier of at most {@code maxEntries} nodes.
   *
   * @param index the pool's index: the current node of a key, or {@code null}
   */
  static <K> MemoryTier<K> ofEntries(long maxEntries, Function<K, Node<K>> index,
      Executor maintenance, Consumer<Node<K>> onEvict) {
    return new MemoryTier<>(MemoryTier.<K>builder(maintenance, onEvict).maximumSize(maxEntries),
        index);
  }

  /** A tier whose nodes weigh at most {@code maxWeight} in total. */
  static <K> MemoryTier<K> ofWeight(long maxWeight, ToIntFunction<Node<K>> weigher,
      Function<K, Node<K>> index, Executor maintenance, Consumer<Node<K>> onEvict) {
    return new MemoryTier<>(MemoryTier.<K>builder(maintenance, onEvict).maximumWeight(maxWeight)
        .weigher((K key, Node<K> node) -> weigher.applyAsInt(node)), index);
  }

  private static <K> Caffeine<K, Node<K>> builder(Executor maintenance,
      Consumer<Node<K>> onEvict) {
    return Caffeine.newBuilder()
        .executor(maintenance)
        .<K, Node<K>>evictionListener((key, node, cause) -> {
          if (cause == RemovalCause.SIZE && node != null) {
            onEvict.accept(node);
          }
        });
  }

  /** The node of {@code key} held in memory, or {@code null}; records the access. */
  Node<K> get(K key) {
    return nodes.getIfPresent(key);
  }

  /**
   * Holds {@code node} in memory if it is its key's current version. Inside the tier's lock for
   * the key, so that of two versions admitted at once, the current one stays. Returns whether the
   * tier took it (even if it then let it go again because it was removed meanwhile): then no
   * earlier version of its key is held any more, nor can be again.
   */
  boolean admit(Node<K> node) {
    boolean held = map.compute(node.key, (key, current) ->
        index.apply(key) == node ? node : current) == node;
    // A version removed before it was admitted could not be taken out then: it is now.
    if (node.isRemoved()) {
      map.remove(node.key, node);
    }
    return held;
  }

  /** Records an access for the eviction policy. */
  void touch(Node<K> node) {
    nodes.getIfPresent(node.key);
  }

  void remove(Node<K> node) {
    map.remove(node.key, node);
  }

  boolean contains(Node<K> node) {
    return nodes.policy().getIfPresentQuietly(node.key) == node;
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
