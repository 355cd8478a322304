package dev.filebacked.core.codec;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.CodecProvider;
import dev.filebacked.spi.DecodingPolicy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Finds a codec by its id among the {@link CodecProvider}s on a class path. What a class loader
 * offers is looked up once and remembered (weakly keyed on the loader, softly held): scanning
 * the class path's service files cost a sixth of creating a small cache.
 */
public final class CodecProviders {

  /** The providers a loader offers, by id (first found wins), and those that failed to load. */
  private record Offered(Map<String, CodecProvider> byId, List<String> broken) {}

  private static final LoadingCache<ClassLoader, Offered> OFFERED =
      Caffeine.newBuilder().weakKeys().softValues().build(CodecProviders::scan);

  private CodecProviders() {}

  /**
   * A codec of the given id, made by the first provider that {@code classLoader} finds.
   *
   * @throws CodecException if no provider has this id, listing the ids there are
   */
  public static <T> Codec<T> create(String id, DecodingPolicy policy, ClassLoader classLoader) {
    return providerOf(id, classLoader).create(policy);
  }

  /**
   * Checks that {@code classLoader} finds a codec of the given id, as a configuration is read.
   *
   * @throws CodecException if no provider has this id, listing the ids there are
   */
  public static void check(String id, ClassLoader classLoader) {
    providerOf(id, classLoader);
  }

  private static CodecProvider providerOf(String id, ClassLoader classLoader) {
    Offered offered = OFFERED.get(classLoader);
    CodecProvider provider = offered.byId().get(id);
    if (provider != null) {
      return provider;
    }
    List<String> broken = offered.broken();
    throw new CodecException("No codec with id '" + id + "' on the class path; found "
        + new TreeSet<>(offered.byId().keySet())
        + (broken.isEmpty() ? "" : " and some that failed to load: " + broken)
        + ". Add the module of the codec (filebacked-codec-" + id + ") and its dependencies to "
        + "the class path, or choose one of those found");
  }

  private static Offered scan(ClassLoader classLoader) {
    Map<String, CodecProvider> byId = new LinkedHashMap<>();
    List<String> broken = new ArrayList<>();
    Iterator<CodecProvider> providers =
        ServiceLoader.load(CodecProvider.class, classLoader).iterator();
    while (true) {
      CodecProvider provider;
      try {
        if (!providers.hasNext()) {
          break;
        }
        provider = providers.next();
      } catch (ServiceConfigurationError e) {
        // One broken codec module (a missing dependency) must not hide the others.
        broken.add(e.getMessage() + (e.getCause() != null ? " (" + e.getCause() + ")" : ""));
        continue;
      }
      byId.putIfAbsent(provider.id(), provider);
    }
    return new Offered(Map.copyOf(byId), List.copyOf(broken));
  }
}
