package dev.filebacked.core.codec;

import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.DecodingPolicy;
import dev.filebacked.spi.DisallowedClassException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * The default codec: Java serialization, safe to decode through an {@link ObjectInputFilter}.
 *
 * <p>Values of the types below skip Java serialization altogether (smaller and several times
 * faster): {@code byte[]}, {@link String}, and the boxed primitives. The first byte of every
 * encoding says which form follows, so the fast paths need no configuration.
 *
 * <p><b>Filter.</b> Decoding of serialized objects goes through an {@link ObjectInputFilter}:
 * the one a {@link DecodingPolicy} makes (its allowed classes, depth and byte limits), or one
 * given directly, or else the JVM-wide filter ({@code jdk.serialFilter}) if set. Use
 * {@link #withFilter(String)} for the JDK's own pattern syntax, for example
 * {@code "com.example.model.**;java.base/*;!*"}. A refused class is a
 * {@link DisallowedClassException} naming it; a broken limit is a {@link CodecException}.
 *
 * <p>Classes are resolved through the class loader given to {@link #decode}.
 *
 * @param <T> the type of value
 */
public final class JavaSerializationCodec<T> implements Codec<T> {

  /** This codec's id in blob headers. */
  public static final String ID = "jdk";
  /** This codec's format version in blob headers. */
  public static final int FORMAT_VERSION = 1;

  private static final byte SERIALIZED = 0;
  private static final byte BYTES = 1;
  private static final byte STRING = 2;
  private static final byte INTEGER = 3;
  private static final byte LONG = 4;
  private static final byte DOUBLE = 5;
  private static final byte FLOAT = 6;
  private static final byte SHORT = 7;
  private static final byte BYTE = 8;
  private static final byte CHARACTER = 9;
  private static final byte BOOLEAN = 10;

  private static final Map<String, Class<?>> PRIMITIVES = Map.of("boolean", boolean.class,
      "byte", byte.class, "char", char.class, "short", short.class, "int", int.class,
      "long", long.class, "float", float.class, "double", double.class, "void", void.class);

  private final ObjectInputFilter filter;
  private final DecodingPolicy policy;
  private final ResolvedClasses classes = new ResolvedClasses();

  /** A codec that decodes through the JVM-wide serial filter, if one is set. */
  public JavaSerializationCodec() {
    this(DecodingPolicy.unrestricted());
  }

  /**
   * A codec that decodes only what {@code policy} allows; an unrestricted policy leaves the
   * decision to the JVM-wide serial filter, if one is set.
   */
  public JavaSerializationCodec(DecodingPolicy policy) {
    this.policy = policy;
    this.filter = policy.equals(DecodingPolicy.unrestricted()) ? null : new PolicyFilter(policy);
  }

  /**
   * A codec that decodes through {@code filter}.
   *
   * @param filter the filter for serialized objects, or {@code null} for the JVM-wide one
   */
  public JavaSerializationCodec(ObjectInputFilter filter) {
    this.filter = filter;
    this.policy = DecodingPolicy.unrestricted();
  }

  /**
   * A codec whose filter is built from the JDK pattern syntax of
   * {@link ObjectInputFilter.Config#createFilter(String)}.
   *
   * @throws IllegalArgumentException if the pattern is malformed, saying where
   */
  public static <T> JavaSerializationCodec<T> withFilter(String pattern) {
    return new JavaSerializationCodec<>(ObjectInputFilter.Config.createFilter(pattern));
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
    byte[] encoded = encodeUnchecked(value);
    policy.checkSize(ID, encoded.length, false);
    return encoded;
  }

  private byte[] encodeUnchecked(T value) {
    if (value instanceof byte[] bytes) {
      return tagged(BYTES, bytes);
    } else if (value instanceof String s && isWellFormedUtf16(s)) {
      return tagged(STRING, s.getBytes(StandardCharsets.UTF_8));
    } else if (value instanceof Integer i) {
      return ByteBuffer.allocate(5).put(INTEGER).putInt(i).array();
    } else if (value instanceof Long l) {
      return ByteBuffer.allocate(9).put(LONG).putLong(l).array();
    } else if (value instanceof Double d) {
      return ByteBuffer.allocate(9).put(DOUBLE).putLong(Double.doubleToRawLongBits(d)).array();
    } else if (value instanceof Float f) {
      return ByteBuffer.allocate(5).put(FLOAT).putInt(Float.floatToRawIntBits(f)).array();
    } else if (value instanceof Short s) {
      return ByteBuffer.allocate(3).put(SHORT).putShort(s).array();
    } else if (value instanceof Byte b) {
      return new byte[] {BYTE, b};
    } else if (value instanceof Character c) {
      return ByteBuffer.allocate(3).put(CHARACTER).putChar(c).array();
    } else if (value instanceof Boolean b) {
      return new byte[] {BOOLEAN, (byte) (b ? 1 : 0)};
    }
    return serialize(value, policy);
  }

  @Override
  @SuppressWarnings("unchecked")
  public T decode(byte[] bytes, ClassLoader classLoader) {
    if (bytes.length == 0) {
      throw new CodecException("jdk codec: cannot decode 0 bytes; every encoding has at least "
          + "a 1-byte tag");
    }
    policy.checkSize(ID, bytes.length, true);
    ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    try {
      return (T) switch (bytes[0]) {
        case SERIALIZED -> deserialize(bytes, classLoader);
        case BYTES -> Arrays.copyOfRange(bytes, 1, bytes.length);
        case STRING -> new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
        case INTEGER -> exact(in, 4).getInt();
        case LONG -> exact(in, 8).getLong();
        case DOUBLE -> Double.longBitsToDouble(exact(in, 8).getLong());
        case FLOAT -> Float.intBitsToFloat(exact(in, 4).getInt());
        case SHORT -> exact(in, 2).getShort();
        case BYTE -> exact(in, 1).get();
        case CHARACTER -> exact(in, 2).getChar();
        case BOOLEAN -> exact(in, 1).get() != 0;
        default -> throw new CodecException("jdk codec: unknown tag " + bytes[0]
            + "; the bytes were not written by this codec");
      };
    } catch (ClassCastException e) {
      throw new CodecException("jdk codec: decoded value has an unexpected type: " + e, e);
    }
  }

  /**
   * Copies a {@code byte[]} straight out of the buffer, the one copy a value read from disk
   * needs (out of a heap buffer with {@link Arrays#copyOfRange}, which the JIT fills without
   * zeroing the new array first); every other form is decoded from a copy of the bytes (such
   * values are small, or cost far more to deserialize than to copy).
   */
  @Override
  @SuppressWarnings("unchecked")
  public T decode(ByteBuffer bytes, ClassLoader classLoader) {
    int length = bytes.remaining();
    if (length > 1 && bytes.get(bytes.position()) == BYTES) {
      policy.checkSize(ID, length, true);
      if (bytes.hasArray()) {
        int from = bytes.arrayOffset() + bytes.position() + 1;
        return (T) Arrays.copyOfRange(bytes.array(), from, from + length - 1);
      }
      byte[] value = new byte[length - 1];
      bytes.get(bytes.position() + 1, value);
      return (T) value;
    }
    byte[] copy = new byte[length];
    bytes.get(bytes.position(), copy);
    return decode(copy, classLoader);
  }

  private static ByteBuffer exact(ByteBuffer in, int length) {
    if (in.remaining() != length) {
      throw new CodecException("jdk codec: expected " + length + " bytes after the tag, found "
          + in.remaining());
    }
    return in;
  }

  private static byte[] tagged(byte tag, byte[] body) {
    byte[] out = new byte[body.length + 1];
    out[0] = tag;
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }

  /** Unpaired surrogates do not survive UTF-8; such strings take the serialized path. */
  private static boolean isWellFormedUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] serialize(Object value, DecodingPolicy policy) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    bytes.write(SERIALIZED);
    try (ObjectOutputStream out = policy.restrictsClasses()
        ? new AllowListObjectOutputStream(bytes, policy) : new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      throw new CodecException("jdk codec: cannot serialize a value of " + value.getClass()
          + ": it holds an instance of " + e.getMessage() + ", which does not implement "
          + "java.io.Serializable; make it Serializable (or transient), or choose another codec",
          e);
    } catch (IOException e) {
      throw new CodecException("jdk codec: cannot serialize a value of " + value.getClass()
          + ": " + e, e);
    }
    return bytes.toByteArray();
  }

  private Object deserialize(byte[] bytes, ClassLoader classLoader) {
    RecordingFilter recording = filter != null ? new RecordingFilter(filter) : null;
    try (ObjectInputStream in = new LoaderObjectInputStream(
        new UnsharedByteArrayInputStream(bytes, 1), classLoader, classes)) {
      if (recording != null) {
        in.setObjectInputFilter(recording);
      }
      return in.readObject();
    } catch (InvalidClassException e) {
      if (recording == null || recording.refused == null) {
        if (String.valueOf(e.getMessage()).contains("filter status")) {
          throw new CodecException("jdk codec: the deserialization filter refused "
              + e.getMessage() + "; allow it in the cache's filter if it is expected", e);
        }
        // Not a filter: the class itself changed (serialVersionUID, fields) since the write.
        throw new CodecException("jdk codec: class " + e.classname + " changed incompatibly "
            + "since the value was written: " + e.getMessage(), e);
      }
      if (recording.refusedClass != null && !policy.allowsClass(recording.refusedClass)) {
        throw withCause(new DisallowedClassException(ID, recording.refusedClass), e);
      }
      throw new CodecException("jdk codec: the deserialization filter refused "
          + recording.refused + "; allow it in the cache's filter if it is expected", e);
    } catch (ClassNotFoundException e) {
      throw new CodecException("jdk codec: class " + e.getMessage() + " is not visible to class "
          + "loader " + classLoader, e);
    } catch (IOException e) {
      throw new CodecException("jdk codec: the bytes are not a valid serialized object: " + e,
          e);
    }
  }

  private static <E extends Exception> E withCause(E exception, Throwable cause) {
    exception.initCause(cause);
    return exception;
  }

  /** A {@link DecodingPolicy} as a serial filter: depth and size first, then the class. */
  private static final class PolicyFilter implements ObjectInputFilter {

    private final DecodingPolicy policy;

    PolicyFilter(DecodingPolicy policy) {
      this.policy = policy;
    }

    @Override
    public Status checkInput(FilterInfo info) {
      if (info.depth() > policy.maxDepth() || info.streamBytes() > policy.maxBytes()) {
        return Status.REJECTED;
      }
      Class<?> serialClass = info.serialClass();
      if (serialClass != null && !policy.allowsClass(serialClass.getName())) {
        return Status.REJECTED;
      }
      return Status.UNDECIDED;
    }
  }

  /** Remembers what the filter refused, so the error can name it. */
  private static final class RecordingFilter implements ObjectInputFilter {

    private final ObjectInputFilter filter;
    String refused;
    String refusedClass;

    RecordingFilter(ObjectInputFilter filter) {
      this.filter = filter;
    }

    @Override
    public Status checkInput(FilterInfo info) {
      Status status = filter.checkInput(info);
      if (status == Status.REJECTED && refused == null) {
        refusedClass = info.serialClass() != null ? info.serialClass().getName() : null;
        refused = refusedClass != null ? "class " + refusedClass + " (depth " + info.depth()
            + ", " + info.streamBytes() + " bytes read)"
            : "the stream (depth " + info.depth() + ", " + info.references() + " references, "
                + info.streamBytes() + " bytes read)";
      }
      return status;
    }
  }

  /**
   * Refuses, while writing, every object the policy would refuse while reading: a value that
   * could never be read back fails its put instead of becoming a miss later.
   */
  private static final class AllowListObjectOutputStream extends ObjectOutputStream {

    private final DecodingPolicy policy;

    AllowListObjectOutputStream(ByteArrayOutputStream out, DecodingPolicy policy)
        throws IOException {
      super(out);
      this.policy = policy;
      enableReplaceObject(true);
    }

    @Override
    protected Object replaceObject(Object object) {
      if (!policy.allowsClass(object.getClass().getName())) {
        throw new DisallowedClassException(ID, object.getClass().getName());
      }
      return object;
    }
  }

  /** Resolves classes through a given loader instead of the caller's, remembering them. */
  private static final class LoaderObjectInputStream extends ObjectInputStream {

    private final ClassLoader loader;
    private final ResolvedClasses classes;

    LoaderObjectInputStream(InputStream in, ClassLoader loader, ResolvedClasses classes)
        throws IOException {
      super(in);
      this.loader = loader;
      this.classes = classes;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      Class<?> primitive = PRIMITIVES.get(desc.getName());
      if (primitive != null) {
        return primitive;
      }
      return loader == null ? super.resolveClass(desc) : classes.resolve(desc.getName(), loader);
    }
  }

  /**
   * A {@link java.io.ByteArrayInputStream} without its locks: a stream here has one reader, and
   * {@link ObjectInputStream} reads it a byte at a time.
   */
  private static final class UnsharedByteArrayInputStream extends InputStream {

    private final byte[] bytes;
    private final int end;
    private int position;

    UnsharedByteArrayInputStream(byte[] bytes, int offset) {
      this.bytes = bytes;
      this.position = offset;
      this.end = bytes.length;
    }

    @Override
    public int read() {
      return position < end ? bytes[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      Objects.checkFromIndexSize(offset, length, into.length);
      if (length == 0) {
        return 0;
      }
      if (position >= end) {
        return -1;
      }
      int count = Math.min(length, end - position);
      System.arraycopy(bytes, position, into, offset, count);
      position += count;
      return count;
    }

    @Override
    public long skip(long count) {
      long skipped = Math.max(0, Math.min(count, end - position));
      position += (int) skipped;
      return skipped;
    }

    @Override
    public int available() {
      return end - position;
    }
  }
}
