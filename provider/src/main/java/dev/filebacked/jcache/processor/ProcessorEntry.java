package dev.filebacked.jcache.processor;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.cache.processor.MutableEntry;

/**
 * The entry an {@code EntryProcessor} sees. It records what the processor did, and the cache
 * applies the net result when the processor returns ({@link #action()}): nothing at all, a read,
 * a value loaded by read-through, a created or updated value, or a removal.
 *
 * <p>The current value is read lazily, so a processor that never looks at the value of an entry
 * on disk costs no load.
 */
public final class ProcessorEntry<K, V> implements MutableEntry<K, V> {

  /** The net effect of a processor on its entry. */
  public enum Action { NONE, READ, LOADED, CREATED, UPDATED, DELETED }

  private final K key;
  private final boolean existed;
  private final Supplier<V> current;
  private final Function<K, V> loader;
  private V value;
  private boolean valueKnown;
  private Action action = Action.NONE;

  /**
   * @param existed whether the cache holds a live entry for the key
   * @param current reads the entry's value when the processor asks for it
   * @param loader loads a value by read-through for an absent entry, or {@code null}
   */
  public ProcessorEntry(K key, boolean existed, Supplier<V> current, Function<K, V> loader) {
    this.key = key;
    this.existed = existed;
    this.current = current;
    this.loader = loader;
    this.valueKnown = !existed;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    if (!valueKnown) {
      value = current.get();
      valueKnown = true;
    }
    if (action == Action.NONE) {
      if (value != null) {
        action = Action.READ;
      } else if (!existed && loader != null) {
        value = loader.apply(key);
        if (value != null) {
          action = Action.LOADED;
        }
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return switch (action) {
      case NONE, READ -> existed;
      case LOADED, CREATED, UPDATED -> true;
      case DELETED -> false;
    };
  }

  @Override
  public void remove() {
    value = null;
    valueKnown = true;
    // Removing what this processor created or loaded undoes it; any other remove is a delete,
    // which a write-through cache passes to its writer even for an absent entry.
    action = action == Action.CREATED || action == Action.LOADED ? Action.NONE : Action.DELETED;
  }

  @Override
  public void setValue(V newValue) {
    Objects.requireNonNull(newValue, "An entry processor cannot set a null value; use remove");
    value = newValue;
    valueKnown = true;
    action = existed ? Action.UPDATED : Action.CREATED;
  }

  /** What the processor did, net. */
  public Action action() {
    return action;
  }

  /** The entry's value after the processor ran ({@code null} if removed or absent). */
  public V valueAfter() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("A mutable entry cannot be unwrapped to " + clazz);
  }
}
