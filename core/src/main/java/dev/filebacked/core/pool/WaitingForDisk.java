package dev.filebacked.core.pool;

import dev.filebacked.spi.BlobStoreFullException;
import dev.filebacked.spi.DiskFullPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Under {@link DiskFullPolicy#FAIL_WRITES}, the values kept in memory because the disk could not
 * take them, and the refusal of new values while any wait: a put then fails with a
 * {@link BlobStoreFullException} instead of pushing more values into a memory tier that cannot
 * shed them. Once per retry interval one caller tries the disk again by writing the first value
 * waiting (outside every lock; callers meanwhile are refused at once); on success the rest go
 * back through the spill queue and puts are taken again.
 *
 * @param <K> key type
 */
final class WaitingForDisk<K> {

  private final String poolName;
  private final FailurePolicy policy;
  private final PoolCounters counters;
  private final Consumer<Node<K>> write;
  private final Consumer<Node<K>> resubmit;
  /** Its monitor guards the retry. */
  private final ConcurrentLinkedQueue<Node<K>> nodes = new ConcurrentLinkedQueue<>();
  private volatile boolean refusingPuts;
  private long nextRetryNanos; // guarded by nodes
  private boolean retrying; // guarded by nodes
  private volatile RuntimeException lastFailure;

  /**
   * @param write writes a waiting value to disk and drops it from memory, or throws
   * @param resubmit sends a waiting value back to the spill queue
   */
  WaitingForDisk(String poolName, FailurePolicy policy, PoolCounters counters,
      Consumer<Node<K>> write, Consumer<Node<K>> resubmit) {
    this.poolName = poolName;
    this.policy = policy;
    this.counters = counters;
    this.write = write;
    this.resubmit = resubmit;
  }

  /** Keeps a value whose write failed for good with {@code error}; puts are refused from now. */
  void keep(Node<K> node, RuntimeException error) {
    synchronized (nodes) {
      nodes.add(node);
      lastFailure = error;
      if (!refusingPuts) {
        refusingPuts = true;
        nextRetryNanos = System.nanoTime() + policy.retryInterval().toNanos();
      }
    }
  }

  /**
   * Returns if a put may go ahead; throws the {@link BlobStoreFullException} it would meet
   * otherwise. When the retry interval has passed, this caller writes the first waiting value
   * first, and goes ahead if that worked.
   */
  void requireWritable() {
    if (!refusingPuts) {
      return;
    }
    Node<K> first;
    synchronized (nodes) {
      nodes.removeIf(Node::isRemoved); // removed or replaced: no longer waiting
      if (nodes.isEmpty()) {
        refusingPuts = false;
      }
      if (!refusingPuts) {
        return;
      }
      long now = System.nanoTime();
      if (retrying || now - nextRetryNanos < 0) {
        throw refused(lastFailure);
      }
      retrying = true;
      nextRetryNanos = now + policy.retryInterval().toNanos();
      first = nodes.peek();
    }
    List<Node<K>> rest = List.of();
    try {
      write.accept(first);
      synchronized (nodes) {
        nodes.remove(first);
        refusingPuts = false;
        rest = new ArrayList<>(nodes);
        nodes.clear();
      }
    } catch (RuntimeException e) {
      lastFailure = e;
      throw refused(e);
    } finally {
      synchronized (nodes) {
        retrying = false;
      }
    }
    rest.forEach(resubmit); // a failure there refuses puts again
  }

  int size() {
    return nodes.size();
  }

  private BlobStoreFullException refused(RuntimeException cause) {
    counters.writesRefused.increment();
    return new BlobStoreFullException("Pool " + poolName + " refuses new values: "
        + nodes.size() + " values wait in memory because the disk tier cannot take them ("
        + (cause == null ? "unknown cause" : cause.getMessage()) + "). Free space; puts succeed "
        + "again once a write does (tried at most every " + policy.retryInterval() + ")", cause);
  }
}
