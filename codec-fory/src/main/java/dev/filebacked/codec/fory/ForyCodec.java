package dev.filebacked.codec.fory;

import dev.filebacked.core.codec.PerLoaderCodec;
import dev.filebacked.spi.DecodingPolicy;
import dev.filebacked.spi.DisallowedClassException;
import java.nio.ByteBuffer;
import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.Language;
import org.apache.fory.resolver.TypeChecker;

/**
 * A codec on Apache Fory: thread-safe, with reference tracking (shared references and cycles
 * come back as they were) and a class-version check (a blob written before a class changed is
 * refused, not misread). One Fory per class loader, held weakly ({@link PerLoaderCodec}).
 *
 * <p>The {@link DecodingPolicy} is enforced by Fory itself: allowed classes through its type
 * checker (consulted for every class Fory has not built in, when writing and when reading),
 * depth through its depth limit (at most {@value #DEEPEST}), and bytes before decoding starts.
 *
 * @param <T> the type of value
 */
public final class ForyCodec<T> extends PerLoaderCodec<T, ThreadSafeFory> {

  /** This codec's id in blob headers. */
  public static final String ID = "fory";
  /** The version of this codec's own framing; Fory's version is added to it. */
  static final int OWN_FORMAT = 1;
  /**
   * The depth an unlimited policy gets: Fory sizes a per-instance array by its depth limit, and
   * a graph this deep would overflow a thread's stack long before the limit mattered.
   */
  static final int DEEPEST = 4_096;

  private final int formatVersion;

  ForyCodec(DecodingPolicy policy, ForyVersion version) {
    super(ID, policy, loader -> newFory(loader, policy));
    this.formatVersion = version.formatVersion(OWN_FORMAT);
  }

  @Override
  public int formatVersion() {
    return formatVersion;
  }

  @Override
  protected byte[] write(ThreadSafeFory fory, Object value) {
    return fory.serialize(value);
  }

  @Override
  protected Object read(ThreadSafeFory fory, byte[] bytes) {
    return fory.deserialize(bytes);
  }

  /**
   * Fory reads a direct buffer where it lies; it reads a heap buffer through its array, which
   * a read-only one does not give, so that one is copied.
   */
  @Override
  protected Object read(ThreadSafeFory fory, ByteBuffer bytes) throws Exception {
    return bytes.isDirect() || bytes.hasArray() ? fory.deserialize(bytes) : super.read(fory, bytes);
  }

  private static ThreadSafeFory newFory(ClassLoader classLoader, DecodingPolicy policy) {
    return Fory.builder()
        .withLanguage(Language.JAVA)
        .withClassLoader(classLoader)
        .withRefTracking(true)
        .withClassVersionCheck(true)
        .requireClassRegistration(false)
        .suppressClassRegistrationWarnings(true)
        .withTypeChecker(typeChecker(policy))
        .withMaxDepth(Math.min(policy.maxDepth(), DEEPEST))
        .buildThreadSafeFory();
  }

  private static TypeChecker typeChecker(DecodingPolicy policy) {
    return (resolver, className) -> {
      if (!policy.allowsClass(className)) {
        throw new DisallowedClassException(ID, className);
      }
      return true;
    };
  }
}
