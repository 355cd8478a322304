package dev.filebacked.core.codec;

import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.DecodingPolicy;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * A codec over a serialization library that resolves classes through the class loader it was
 * built with (Fory, FST): one library instance per class loader, kept as {@link PerLoader} keeps
 * values, so that what the instance has learned (compiled serializers, class metadata) survives
 * until memory runs short and an undeployed application's loader can be collected.
 *
 * <p>Values are encoded by the instance of their own class's loader and decoded by the instance
 * of the loader the cache passes in. This class also does what every such codec must: the
 * policy's size checks on both sides, and one kind of exception for every failure, with the
 * codec's own exceptions (a refused class, a broken limit) passed through as they are.
 *
 * @param <T> the type of value
 * @param <S> the serialization library's instance type
 */
public abstract class PerLoaderCodec<T, S> implements Codec<T> {

  private final String id;
  private final DecodingPolicy policy;
  private final PerLoader<S> byLoader;

  /**
   * @param id this codec's id, also the prefix of its messages
   * @param policy what the codec may decode
   * @param factory builds the library instance for a class loader, honouring {@code policy}
   */
  protected PerLoaderCodec(String id, DecodingPolicy policy, Function<ClassLoader, S> factory) {
    Codec.checkId(id);
    this.id = id;
    this.policy = policy;
    this.byLoader = new PerLoader<>(factory);
  }

  /** Encodes {@code value} with the library instance {@code serializer}. */
  protected abstract byte[] write(S serializer, Object value) throws Exception;

  /** Decodes {@code bytes} (never empty) with the library instance {@code serializer}. */
  protected abstract Object read(S serializer, byte[] bytes) throws Exception;

  /**
   * Decodes the remaining {@code bytes} (never empty) with the library instance
   * {@code serializer}; see {@link Codec#decode(ByteBuffer, ClassLoader)} for what the buffer
   * is. The default decodes a copy of them; a library that reads buffers overrides it.
   */
  protected Object read(S serializer, ByteBuffer bytes) throws Exception {
    byte[] copy = new byte[bytes.remaining()];
    bytes.get(copy);
    return read(serializer, copy);
  }

  @Override
  public final String id() {
    return id;
  }

  /** What this codec may decode. */
  protected final DecodingPolicy policy() {
    return policy;
  }

  @Override
  public final byte[] encode(T value) {
    byte[] bytes;
    try {
      bytes = write(instanceFor(value.getClass().getClassLoader()), value);
    } catch (Exception | StackOverflowError e) {
      throw failure("cannot encode a value of " + value.getClass().getName(), e);
    }
    policy.checkSize(id, bytes.length, false);
    return bytes;
  }

  @Override
  @SuppressWarnings("unchecked")
  public final T decode(byte[] bytes, ClassLoader classLoader) {
    policy.checkSize(id, bytes.length, true);
    if (bytes.length == 0) {
      throw new CodecException(id + " codec: cannot decode 0 bytes; no encoding is empty");
    }
    try {
      return (T) read(instanceFor(classLoader), bytes);
    } catch (Exception | StackOverflowError e) {
      throw failure("cannot decode " + bytes.length + " bytes", e);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public final T decode(ByteBuffer bytes, ClassLoader classLoader) {
    int length = bytes.remaining();
    policy.checkSize(id, length, true);
    if (length == 0) {
      throw new CodecException(id + " codec: cannot decode 0 bytes; no encoding is empty");
    }
    try {
      return (T) read(instanceFor(classLoader), bytes);
    } catch (Exception | StackOverflowError e) {
      throw failure("cannot decode " + length + " bytes", e);
    }
  }

  private S instanceFor(ClassLoader classLoader) {
    return byLoader.get(classLoader != null ? classLoader : getClass().getClassLoader());
  }

  /** The clearest exception for a failure: one of ours, found in the library's wrapping. */
  private CodecException failure(String what, Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof CodecException ours) {
        return ours;
      }
    }
    if (e instanceof StackOverflowError) {
      return new CodecException(id + " codec: " + what + ": objects are nested too deeply for "
          + "this thread's stack; limit the depth in the cache's decoding policy", e);
    }
    return new CodecException(id + " codec: " + what + ": " + e, e);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + policy + ", format " + formatVersion() + "]";
  }
}
