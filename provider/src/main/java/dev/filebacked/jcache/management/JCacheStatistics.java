package dev.filebacked.jcache.management;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * A cache's JCache statistics, counted as the specification and its TCK define them. Counting
 * costs nothing while statistics are disabled; figures are visible as soon as an operation
 * returns. Times are in microseconds.
 */
public final class JCacheStatistics implements CacheStatisticsMXBean {

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();
  private volatile boolean enabled;

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** A start time for the timing of an operation, or 0 when statistics are off. */
  public long start() {
    return enabled ? System.nanoTime() : 0;
  }

  public void hits(int count) {
    add(hits, count);
  }

  public void misses(int count) {
    add(misses, count);
  }

  /** One lookup: a hit if {@code hit}, else a miss. */
  public void lookup(boolean hit) {
    if (hit) {
      hits(1);
    } else {
      misses(1);
    }
  }

  public void puts(int count) {
    add(puts, count);
  }

  public void removals(int count) {
    add(removals, count);
  }

  public void evictions(int count) {
    add(evictions, count);
  }

  public void getTime(long start) {
    add(getNanos, start == 0 ? 0 : System.nanoTime() - start);
  }

  public void putTime(long start) {
    add(putNanos, start == 0 ? 0 : System.nanoTime() - start);
  }

  public void removeTime(long start) {
    add(removeNanos, start == 0 ? 0 : System.nanoTime() - start);
  }

  private void add(LongAdder adder, long amount) {
    if (enabled) {
      adder.add(amount);
    }
  }

  @Override
  public void clear() {
    for (LongAdder adder : new LongAdder[] {hits, misses, puts, removals, evictions, getNanos,
        putNanos, removeNanos}) {
      adder.reset();
    }
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0f : 100f * getCacheHits() / gets;
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0f : 100f * getCacheMisses() / gets;
  }

  @Override
  public long getCacheGets() {
    return getCacheHits() + getCacheMisses();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum();
  }

  @Override
  public float getAverageGetTime() {
    return average(getNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return average(putNanos.sum(), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return average(removeNanos.sum(), getCacheRemovals());
  }

  private static float average(long nanos, long count) {
    return count == 0 ? 0f : nanos / 1_000f / count;
  }
}
