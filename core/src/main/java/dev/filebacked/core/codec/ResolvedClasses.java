package dev.filebacked.core.codec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Classes found by name through a class loader, remembered: a decode would otherwise call
 * {@link Class#forName(String, boolean, ClassLoader)} (a call into the JVM that converts and
 * looks up the name) for every class in the stream. A loader gives the same class for a name
 * every time, so a found class never goes stale; a name not found is not remembered.
 */
final class ResolvedClasses {

  private final PerLoader<Map<String, Class<?>>> byLoader =
      new PerLoader<>(loader -> new ConcurrentHashMap<>());

  Class<?> resolve(String name, ClassLoader loader) throws ClassNotFoundException {
    Map<String, Class<?>> classes = byLoader.get(loader);
    Class<?> found = classes.get(name);
    if (found == null) {
      found = Class.forName(name, false, loader);
      classes.put(name, found);
    }
    return found;
  }
}
