package dev.filebacked.tck;

import com.google.inject.Guice;
import com.google.inject.Injector;
import javax.cache.annotation.BeanProvider;
import org.jsr107.ri.annotations.guice.module.CacheAnnotationsModule;

/**
 * Supplies the TCK's annotated blog managers, with the JSR-107 reference implementation's Guice
 * interceptors around them; the interceptors reach the caches through
 * {@code Caching.getCachingProvider()}, so FileBacked's.
 */
public final class GuiceBeanProvider implements BeanProvider {

  private final Injector injector = Guice.createInjector(new CacheAnnotationsModule());

  @Override
  public <T> T getBeanByType(Class<T> beanClass) {
    return injector.getInstance(beanClass);
  }
}
