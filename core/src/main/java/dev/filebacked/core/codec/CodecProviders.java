package dev.filebacked.core.codec;

import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.CodecProvider;
import dev.filebacked.spi.DecodingPolicy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds a codec by its id among the {@link CodecProvider}s on a class path. */
public final class CodecProviders {

  private CodecProviders() {}

  /**
   * A codec of the given id, made by the first provider that {@code classLoader} finds.
   *
   * @throws CodecException if no provider has this id, listing the ids there are
   */
  public static <T> Codec<T> create(String id, DecodingPolicy policy, ClassLoader classLoader) {
    TreeSet<String> found = new TreeSet<>();
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
      if (provider.id().equals(id)) {
        return provider.create(policy);
      }
      found.add(provider.id());
    }
    throw new CodecException("No codec with id '" + id + "' on the class path; found " + found
        + (broken.isEmpty() ? "" : " and some that failed to load: " + broken)
        + ". Add the module of the codec (filebacked-codec-" + id + ") and its dependencies to "
        + "the class path, or choose one of those found");
  }
}
