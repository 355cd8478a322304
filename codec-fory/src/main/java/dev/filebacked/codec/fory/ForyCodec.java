package dev.filebacked.codec.fory;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.DecodingPolicy;
import dev.filebacked.spi.DisallowedClassException;
import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.Language;
import org.apache.fory.resolver.TypeChecker;

/**
 * A codec on Apache Fory: thread-safe, with reference tracking (shared references and cycles
 * come back as they were) and a class-version check (a blob written before a class changed is
 * refused, not misread).
 *
 * <p>Fory resolves classes through the class loader it was built with, so this codec keeps one
 * Fory per class loader, weakly keyed on the loader so that an undeployed application's loader
 * can be collected, and softly held so that its compiled serializers survive until memory runs
 * short. Values are encoded by the Fory of their own class's loader and decoded by the Fory of
 * the loader the cache passes in.
 *
 * <p>The {@link DecodingPolicy} is enforced by Fory itself: allowed classes through its type
 * checker (consulted for every class Fory has not built in, when writing and when reading),
 * depth through its depth limit (at most {@value #DEEPEST}), and bytes before decoding starts.
 *
 * @param <T> the type of value
 */
public final class ForyCodec<T> implements Codec<T> {

  /** This codec's id in blob headers. */
  public static final String ID = "fory";
  /** The version of this codec's own framing; Fory's version is added to it. */
  static final int OWN_FORMAT = 1;
  /**
   * The depth an unlimited policy gets: Fory sizes a per-instance array by its depth limit, and
   * a graph this deep would overflow a thread's stack long before the limit mattered.
   */
  static final int DEEPEST = 4_096;

  private final DecodingPolicy policy;
  private final int formatVersion;
  private final LoadingCache<ClassLoader, ThreadSafeFory> foryByLoader;

  ForyCodec(DecodingPolicy policy, ForyVersion version) {
    this.policy = policy;
    this.formatVersion = version.formatVersion(OWN_FORMAT);
    this.foryByLoader = Caffeine.newBuilder().weakKeys().softValues().build(this::newFory);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public int formatVersion() {
    return formatVersion;
  }

  @Override
  public byte[] encode(T value) {
    byte[] bytes;
    try {
      bytes = foryFor(value.getClass().getClassLoader()).serialize(value);
    } catch (RuntimeException | StackOverflowError e) {
      throw failure("cannot encode a value of " + value.getClass().getName(), e);
    }
    policy.checkSize(ID, bytes.length, false);
    return bytes;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T decode(byte[] bytes, ClassLoader classLoader) {
    policy.checkSize(ID, bytes.length, true);
    if (bytes.length == 0) {
      throw new CodecException("fory codec: cannot decode 0 bytes; no Fory encoding is empty");
    }
    try {
      return (T) foryFor(classLoader).deserialize(bytes);
    } catch (RuntimeException | StackOverflowError e) {
      throw failure("cannot decode " + bytes.length + " bytes", e);
    }
  }

  private ThreadSafeFory foryFor(ClassLoader classLoader) {
    return foryByLoader.get(classLoader != null ? classLoader : ForyCodec.class.getClassLoader());
  }

  private ThreadSafeFory newFory(ClassLoader classLoader) {
    return Fory.builder()
        .withLanguage(Language.JAVA)
        .withClassLoader(classLoader)
        .withRefTracking(true)
        .withClassVersionCheck(true)
        .requireClassRegistration(false)
        .suppressClassRegistrationWarnings(true)
        .withTypeChecker(typeChecker())
        .withMaxDepth(Math.min(policy.maxDepth(), DEEPEST))
        .buildThreadSafeFory();
  }

  private TypeChecker typeChecker() {
    return (resolver, className) -> {
      if (!policy.allowsClass(className)) {
        throw new DisallowedClassException(ID, className);
      }
      return true;
    };
  }

  /** The clearest exception for a Fory failure: a refused class stays what it is. */
  private static CodecException failure(String what, Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof DisallowedClassException disallowed) {
        return disallowed;
      }
    }
    if (e instanceof StackOverflowError) {
      return new CodecException("fory codec: " + what + ": objects are nested too deeply for "
          + "this thread's stack; limit the depth in the cache's decoding policy", e);
    }
    return new CodecException("fory codec: " + what + ": " + e, e);
  }

  @Override
  public String toString() {
    return "ForyCodec[" + policy + ", format " + formatVersion + "]";
  }
}
