package dev.filebacked.core.codec;

import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.CodecProvider;
import dev.filebacked.spi.DecodingPolicy;
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
    for (CodecProvider provider : ServiceLoader.load(CodecProvider.class, classLoader)) {
      if (provider.id().equals(id)) {
        return provider.create(policy);
      }
      found.add(provider.id());
    }
    throw new CodecException("No codec with id '" + id + "' on the class path; found " + found
        + ". Add the module of the codec (filebacked-codec-" + id + ") to the class path, or "
        + "choose one of those found");
  }
}
