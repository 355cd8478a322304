package dev.filebacked.codec.fst;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.DecodingPolicy;
import dev.filebacked.spi.DisallowedClassException;

/**
 * A codec on FST: values must be {@link java.io.Serializable}; shared references and cycles
 * come back as they were; {@code readObject} and {@code readResolve} are honoured.
 *
 * <p>FST resolves classes through its configuration's class loader, so this codec keeps one
 * configuration per class loader (weakly keyed, softly held, as the Fory codec does). The
 * {@link DecodingPolicy} is enforced through FST's class verifier (allowed classes), a
 * depth-counting input (FST has no depth limit of its own) and a size check before decoding.
 *
 * @param <T> the type of value
 */
public final class FstCodec<T> implements Codec<T> {

  /** This codec's id in blob headers. */
  public static final String ID = "fst";
  /** This codec's format version in blob headers: FST 3.0.4's default binary format. */
  public static final int FORMAT_VERSION = 1;

  private final DecodingPolicy policy;
  private final LoadingCache<ClassLoader, FstStreams> streamsByLoader;

  FstCodec(DecodingPolicy policy) {
    this.policy = policy;
    this.streamsByLoader = Caffeine.newBuilder().weakKeys().softValues()
        .build(loader -> new FstStreams(loader, policy));
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public int formatVersion() {
    return FORMAT_VERSION;
  }

  @Override
  public byte[] encode(T value) {
    byte[] bytes;
    try {
      bytes = streamsFor(value.getClass().getClassLoader()).write(value);
    } catch (Exception | StackOverflowError e) {
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
      throw new CodecException("fst codec: cannot decode 0 bytes; no FST encoding is empty");
    }
    try {
      return (T) streamsFor(classLoader).read(bytes);
    } catch (Exception | StackOverflowError e) {
      throw failure("cannot decode " + bytes.length + " bytes", e);
    }
  }

  private FstStreams streamsFor(ClassLoader classLoader) {
    return streamsByLoader.get(classLoader != null ? classLoader
        : FstCodec.class.getClassLoader());
  }

  /** The clearest exception for an FST failure: one of ours, found in FST's wrapping, as is. */
  private static CodecException failure(String what, Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof CodecException ours) {
        return ours;
      }
    }
    if (e instanceof StackOverflowError) {
      return new CodecException("fst codec: " + what + ": objects are nested too deeply for "
          + "this thread's stack; limit the depth in the cache's decoding policy", e);
    }
    return new CodecException("fst codec: " + what + ": " + e, e);
  }

  @Override
  public String toString() {
    return "FstCodec[" + policy + "]";
  }
}
