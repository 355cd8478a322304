package dev.filebacked.core.codec;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Classes found by name through a class loader, remembered: a decode would otherwise call
 * {@link Class#forName(String, boolean, ClassLoader)} (a call into the JVM that converts and
 * looks up the name) for every class in the stream. A loader gives the same class for a name
 * every time, so a found class never goes stale; a name not found is not remembered.
 *
 * <p>Weakly keyed on the loader and softly held, like {@link PerLoaderCodec}'s instances, so that
 * an undeployed application's loader can be collected. The loader used last is looked up first,
 * without the cache: a codec nearly always decodes for one loader, and a lookup in the cache
 * records a read for its policy. That last loader is held strongly until another is used: a
 * codec belongs to one cache, which holds its loader anyway.
 */
final class ResolvedClasses {

  private final LoadingCache<ClassLoader, Map<String, Class<?>>> byLoader =
      Caffeine.newBuilder().weakKeys().softValues().build(loader -> new ConcurrentHashMap<>());
  private volatile LastUsed lastUsed;

  private record LastUsed(ClassLoader loader, Map<String, Class<?>> classes) {}

  Class<?> resolve(String name, ClassLoader loader) throws ClassNotFoundException {
    Map<String, Class<?>> classes = classesOf(loader);
    Class<?> found = classes.get(name);
    if (found == null) {
      found = Class.forName(name, false, loader);
      classes.put(name, found);
    }
    return found;
  }

  private Map<String, Class<?>> classesOf(ClassLoader loader) {
    LastUsed last = lastUsed;
    if (last != null && last.loader() == loader) {
      return last.classes();
    }
    Map<String, Class<?>> classes = byLoader.get(loader);
    lastUsed = new LastUsed(loader, classes);
    return classes;
  }
}
