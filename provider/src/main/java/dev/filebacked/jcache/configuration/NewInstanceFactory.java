package dev.filebacked.jcache.configuration;

import java.lang.reflect.InvocationTargetException;
import javax.cache.CacheException;
import javax.cache.configuration.Factory;

/**
 * Makes a loader or writer a configuration file names by class, with its public no-argument
 * constructor. Holds the class (loaded, and checked, when the file is read) rather than its
 * name, so the manager's class loader is the one that counts.
 *
 * @param <T> what the class is
 */
final class NewInstanceFactory<T> implements Factory<T> {

  private static final long serialVersionUID = 1L;

  private final Class<? extends T> type;

  private NewInstanceFactory(Class<? extends T> type) {
    this.type = type;
  }

  /** The factory of the class {@code key} names, which must be a {@code kind}; or null. */
  @SuppressWarnings("unchecked")
  static <T> Factory<T> of(Settings settings, String key, Class<?> kind,
      ClassLoader classLoader) {
    Class<?> type = settings.classOrNull(key, classLoader);
    if (type == null) {
      return null;
    }
    if (!kind.isAssignableFrom(type)) {
      throw settings.bad(key, "a class that implements " + kind.getName(), null);
    }
    try {
      type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw settings.bad(key, "a class with a public no-argument constructor", e);
    }
    return new NewInstanceFactory<>((Class<? extends T>) type);
  }

  @Override
  public T create() {
    try {
      return type.getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new CacheException("Cannot make a " + type.getName() + ": its constructor threw "
          + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new CacheException("Cannot make a " + type.getName() + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return "new " + type.getName() + "()";
  }
}
