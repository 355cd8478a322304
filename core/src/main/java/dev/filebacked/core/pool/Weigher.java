package dev.filebacked.core.pool;

/**
 * The weight of a value in the memory tier, in the unit of the tier's byte bound (normally an
 * estimate of its heap bytes). Called once when the value enters memory; must be fast, pure and
 * non-negative.
 */
@FunctionalInterface
public interface Weigher<K, V> {
  int weigh(K key, V value);
}
