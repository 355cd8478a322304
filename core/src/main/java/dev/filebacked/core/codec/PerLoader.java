package dev.filebacked.core.codec;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.util.function.Function;

/**
 * One value per class loader, made on first use: weakly keyed on the loader and softly held, so
 * that an undeployed application's loader can be collected, and what the value has learned
 * survives until memory runs short.
 *
 * <p>The loader used last is looked up first, without the cache: a codec nearly always works
 * for one loader, and a lookup in the cache records a read for its policy, whose upkeep is
 * handed to another thread. That last loader and its value are held strongly until another
 * loader is used: a codec belongs to one cache, which holds its loader anyway.
 *
 * @param <T> the type of value
 */
final class PerLoader<T> {

  private final LoadingCache<ClassLoader, T> byLoader;
  private volatile LastUsed<T> lastUsed;

  private record LastUsed<T>(ClassLoader loader, T value) {}

  PerLoader(Function<ClassLoader, T> factory) {
    this.byLoader = Caffeine.newBuilder().weakKeys().softValues().build(factory::apply);
  }

  T get(ClassLoader loader) {
    LastUsed<T> last = lastUsed;
    if (last != null && last.loader() == loader) {
      return last.value();
    }
    T value = byLoader.get(loader);
    lastUsed = new LastUsed<>(loader, value);
    return value;
  }
}
