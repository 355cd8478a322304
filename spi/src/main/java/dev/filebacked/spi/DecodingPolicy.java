package dev.filebacked.spi;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a cache lets its {@link Codec} decode: which classes, how deeply nested, how many bytes.
 *
 * <p>A blob on disk is only as trustworthy as the directory it sits in; anything that can write
 * there can hand the codec bytes that name any class on the class path. A policy that lists
 * the classes the cache really holds turns such bytes into a {@link DisallowedClassException}
 * instead of running their constructors, {@code readObject} methods or gadget chains.
 *
 * <p><b>Class patterns</b> use binary names: {@code com.example.Order} (that class, with its
 * nested classes written {@code com.example.Order$Line}), {@code com.example.*} (the classes of
 * one package) and {@code com.example.**} (a package and all its subpackages). Array types are
 * allowed when their element type is.
 *
 * <p>A restricted policy always allows the value types no cache can do without and no
 * deserialization attack can use: primitives, {@code String} and the boxed primitives,
 * {@code java.math}, {@code java.time}, {@code java.net.URI} and the top-level {@code java.util}
 * package (collections, {@code UUID}, {@code Optional} and their unmodifiable and immutable
 * forms). Everything else must be listed.
 *
 * <p>Limits: {@link #maxDepth()} bounds how deeply objects nest in one value (a codec counts
 * nesting as its format does, so leave headroom; it is checked when reading only), and
 * {@link #maxBytes()} bounds the size of
 * one encoded value, checked before decoding starts and when a value is encoded, since a value
 * that could never be read back must not be written.
 *
 * <p>Instances are immutable and compare by value, so codecs can share work between caches with
 * equal policies. They are serializable, as JCache configurations are.
 */
public final class DecodingPolicy implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The value of {@link #maxDepth()} and {@link #maxBytes()} that means "no limit". */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  private static final DecodingPolicy UNRESTRICTED =
      new DecodingPolicy(null, UNLIMITED, UNLIMITED);

  private static final Set<String> ALWAYS_ALLOWED_CLASSES = Set.of("boolean", "byte", "char",
      "short", "int", "long", "float", "double", "java.lang.Object", "java.lang.String",
      "java.lang.Boolean", "java.lang.Byte", "java.lang.Character", "java.lang.Short",
      "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
      "java.lang.Number", "java.lang.Enum", "java.lang.Record", "java.net.URI");
  private static final List<String> ALWAYS_ALLOWED_PATTERNS =
      List.of("java.util.*", "java.math.*", "java.time.**");

  @SuppressWarnings("serial") // an immutable List.copyOf list, which is serializable
  private final List<String> allowedClasses;
  private final int maxDepth;
  private final int maxBytes;

  private DecodingPolicy(List<String> allowedClasses, int maxDepth, int maxBytes) {
    this.allowedClasses = allowedClasses;
    this.maxDepth = maxDepth;
    this.maxBytes = maxBytes;
  }

  /** Any class, any depth, any size: for caches whose directory only trusted code can write. */
  public static DecodingPolicy unrestricted() {
    return UNRESTRICTED;
  }

  /**
   * Only the always-allowed value types and the classes matching {@code patterns}.
   *
   * @throws IllegalArgumentException naming a pattern that is not a class, package or package
   *     tree pattern
   */
  public static DecodingPolicy allowing(Collection<String> patterns) {
    List<String> checked = List.copyOf(patterns);
    checked.forEach(DecodingPolicy::checkPattern);
    return new DecodingPolicy(checked, UNLIMITED, UNLIMITED);
  }

  /** {@link #allowing(Collection)} of the given patterns. */
  public static DecodingPolicy allowing(String... patterns) {
    return allowing(List.of(patterns));
  }

  /**
   * This policy with objects nested at most {@code maxDepth} deep.
   *
   * @throws IllegalArgumentException if {@code maxDepth} is not positive
   */
  public DecodingPolicy withMaxDepth(int maxDepth) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth
          + "; use DecodingPolicy.UNLIMITED for no limit");
    }
    return new DecodingPolicy(allowedClasses, maxDepth, maxBytes);
  }

  /**
   * This policy with encoded values of at most {@code maxBytes} bytes.
   *
   * @throws IllegalArgumentException if {@code maxBytes} is not positive
   */
  public DecodingPolicy withMaxBytes(int maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes
          + "; use DecodingPolicy.UNLIMITED for no limit");
    }
    return new DecodingPolicy(allowedClasses, maxDepth, maxBytes);
  }

  /** Whether only listed classes may be decoded; {@code false} for an unrestricted policy. */
  public boolean restrictsClasses() {
    return allowedClasses != null;
  }

  /** The listed class patterns; empty when classes are not restricted. */
  public List<String> allowedClasses() {
    return allowedClasses != null ? allowedClasses : List.of();
  }

  /** The deepest nesting allowed, or {@link #UNLIMITED}. */
  public int maxDepth() {
    return maxDepth;
  }

  /** The largest encoded value allowed, in bytes, or {@link #UNLIMITED}. */
  public int maxBytes() {
    return maxBytes;
  }

  /**
   * Whether a class of this binary name may be decoded. Array names in either JVM form
   * ({@code [Lcom.example.Order;}) or source form ({@code com.example.Order[]}) are judged by
   * their element type.
   */
  public boolean allowsClass(String className) {
    if (allowedClasses == null) {
      return true;
    }
    String name = elementTypeOf(className);
    if (ALWAYS_ALLOWED_CLASSES.contains(name) || matchesAny(ALWAYS_ALLOWED_PATTERNS, name)) {
      return true;
    }
    return matchesAny(allowedClasses, name);
  }

  /**
   * Checks the size of an encoded value against {@link #maxBytes()}.
   *
   * @param codecId the codec that wrote or is about to read the bytes, for the message
   * @param length the encoded size
   * @param reading whether the bytes are being read (else they were just written)
   * @throws CodecException if the value is larger than allowed
   */
  public void checkSize(String codecId, int length, boolean reading) {
    if (length > maxBytes) {
      throw new CodecException(codecId + " codec: " + (reading ? "refusing to decode" : "cannot "
          + "store") + " a value of " + length + " bytes; the cache's decoding policy allows at "
          + "most " + maxBytes + " bytes per value" + (reading ? "" : ", so it could never be "
          + "read back") + "; raise maxBytes if such values are expected");
    }
  }

  private static String elementTypeOf(String className) {
    String name = className;
    while (name.endsWith("[]")) {
      name = name.substring(0, name.length() - 2);
    }
    int dimensions = 0;
    while (dimensions < name.length() && name.charAt(dimensions) == '[') {
      dimensions++;
    }
    if (dimensions == 0) {
      return name;
    }
    String element = name.substring(dimensions);
    if (element.startsWith("L") && element.endsWith(";")) {
      return element.substring(1, element.length() - 1);
    }
    return "int"; // a primitive array descriptor such as [I or [[B
  }

  private static boolean matchesAny(List<String> patterns, String name) {
    for (String pattern : patterns) {
      if (matches(pattern, name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String pattern, String name) {
    if (pattern.endsWith(".**")) {
      String pkg = pattern.substring(0, pattern.length() - 2);
      return name.startsWith(pkg);
    }
    if (pattern.endsWith(".*")) {
      String pkg = pattern.substring(0, pattern.length() - 1);
      return name.startsWith(pkg) && name.indexOf('.', pkg.length()) < 0;
    }
    return name.equals(pattern) || name.startsWith(pattern + "$");
  }

  private static void checkPattern(String pattern) {
    Objects.requireNonNull(pattern, "a class pattern is null");
    String body = pattern.endsWith(".**") ? pattern.substring(0, pattern.length() - 3)
        : pattern.endsWith(".*") ? pattern.substring(0, pattern.length() - 2) : pattern;
    boolean valid = !body.isEmpty();
    for (String part : body.split("\\.", -1)) {
      valid &= !part.isEmpty() && Character.isJavaIdentifierStart(part.charAt(0))
          && part.chars().allMatch(Character::isJavaIdentifierPart);
    }
    if (!valid) {
      throw new IllegalArgumentException("'" + pattern + "' is not a class pattern; write a "
          + "class (com.example.Order), a package (com.example.*) or a package tree "
          + "(com.example.**)");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DecodingPolicy other && Objects.equals(allowedClasses,
        other.allowedClasses) && maxDepth == other.maxDepth && maxBytes == other.maxBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(allowedClasses, maxDepth, maxBytes);
  }

  @Override
  public String toString() {
    return "DecodingPolicy[classes=" + (allowedClasses == null ? "any" : allowedClasses)
        + ", maxDepth=" + (maxDepth == UNLIMITED ? "unlimited" : maxDepth)
        + ", maxBytes=" + (maxBytes == UNLIMITED ? "unlimited" : maxBytes) + "]";
  }
}
