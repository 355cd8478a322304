package dev.filebacked.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResolvedClassesTest {

  /** The class that each {@link IsolatingLoader} defines for itself. */
  static final class Probe {}

  private static final String PROBE = Probe.class.getName();

  /** Defines its own copy of {@link Probe} and counts how often it is asked for it. */
  private static final class IsolatingLoader extends ClassLoader {

    final AtomicInteger probeLoads = new AtomicInteger();

    IsolatingLoader() {
      super(ResolvedClassesTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.equals(PROBE)) {
        return super.loadClass(name, resolve);
      }
      probeLoads.incrementAndGet();
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded != null) {
          return loaded;
        }
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = getParent().getResourceAsStream(resource)) {
          byte[] bytes = in.readAllBytes();
          return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private final ResolvedClasses classes = new ResolvedClasses();

  @Test
  void aClassIsFoundThroughTheLoaderAskedForItOnce() throws Exception {
    IsolatingLoader loader = new IsolatingLoader();

    Class<?> first = classes.resolve(PROBE, loader);
    Class<?> again = classes.resolve(PROBE, loader);

    assertThat(first.getClassLoader()).isSameAs(loader);
    assertThat(again).isSameAs(first);
    assertThat(loader.probeLoads).hasValue(1);
  }

  @Test
  void eachLoaderGetsItsOwnClassWhenLoadersAlternate() throws Exception {
    IsolatingLoader a = new IsolatingLoader();
    IsolatingLoader b = new IsolatingLoader();

    Class<?> fromA = classes.resolve(PROBE, a);
    Class<?> fromB = classes.resolve(PROBE, b);

    assertThat(fromA).isNotSameAs(fromB);
    assertThat(classes.resolve(PROBE, a)).isSameAs(fromA);
    assertThat(classes.resolve(PROBE, b)).isSameAs(fromB);
    assertThat(a.probeLoads).hasValue(1);
    assertThat(b.probeLoads).hasValue(1);
  }

  @Test
  void aClassNotFoundIsAskedForAgainNextTime() {
    ClassLoader loader = getClass().getClassLoader();

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> classes.resolve("com.example.Missing", loader))
          .isInstanceOf(ClassNotFoundException.class);
    }
  }
}
