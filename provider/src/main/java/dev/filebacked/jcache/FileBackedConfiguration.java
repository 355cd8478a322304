package dev.filebacked.jcache;

import dev.filebacked.spi.Codec;
import dev.filebacked.spi.DecodingPolicy;
import dev.filebacked.spi.DiskFullPolicy;
import dev.filebacked.spi.Durability;
import java.nio.file.Path;
import java.util.Objects;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;

/**
 * A JCache configuration with FileBacked's engine settings. Every engine setting left unset
 * takes the cache manager's: the cache's section in the manager's configuration file, else its
 * template ({@code filebacked.default}; {@code reference.conf} documents every key and default).
 * So a plain {@link MutableConfiguration} gets a bounded memory tier and a disk tier too.
 *
 * <p><b>Store-by-value</b> (the JCache default) caches keep their values encoded in the memory
 * tier: a read decodes a fresh copy, and a value that leaves memory is written as the bytes it
 * already is. <b>Store-by-reference</b> caches return the very instance that was put, which a
 * value read back from disk cannot be; so they live on the heap only (no memory bound, nothing
 * spills) unless {@link #setSpillByReference} opts in to spilling copies.
 *
 * <p><b>Codec.</b> {@link #setCodec} names how keys and values become bytes: {@code "jdk"} (Java
 * serialization, built in), {@code "fory"} or {@code "fst"} (add their modules to the class
 * path), or any codec a {@link dev.filebacked.spi.CodecProvider} on the class path offers.
 * {@link #setDecodingPolicy} limits what that codec may decode: the classes the cache really
 * holds, and how deep and how large one value may be.
 *
 * @param <K> key type
 * @param <V> value type
 */
public class FileBackedConfiguration<K, V> extends MutableConfiguration<K, V> {

  private static final long serialVersionUID = 1L;

  private Long maximumEntriesInMemory;
  private Long maximumBytesInMemory;
  private String directory;
  private boolean spillByReference;
  private String codec;
  private DecodingPolicy decodingPolicy;
  private DiskFullPolicy diskFullPolicy;
  private boolean persistent;
  private Durability durability;
  private Integer ioThreads;

  /** A configuration with JCache's defaults and the provider's engine defaults. */
  public FileBackedConfiguration() {}

  /**
   * A copy of {@code configuration}: all of it if it is complete (and its FileBacked settings if
   * it is one), otherwise its types and store-by-value flag.
   */
  public FileBackedConfiguration(Configuration<K, V> configuration) {
    super(complete(configuration));
    if (configuration instanceof FileBackedConfiguration<K, V> fileBacked) {
      this.maximumEntriesInMemory = fileBacked.maximumEntriesInMemory;
      this.maximumBytesInMemory = fileBacked.maximumBytesInMemory;
      this.directory = fileBacked.directory;
      this.spillByReference = fileBacked.spillByReference;
      this.codec = fileBacked.codec;
      this.decodingPolicy = fileBacked.decodingPolicy;
      this.diskFullPolicy = fileBacked.diskFullPolicy;
      this.persistent = fileBacked.persistent;
      this.durability = fileBacked.durability;
      this.ioThreads = fileBacked.ioThreads;
    }
  }

  private static <K, V> CompleteConfiguration<K, V> complete(Configuration<K, V> configuration) {
    if (configuration instanceof CompleteConfiguration<K, V> complete) {
      return complete;
    }
    return new MutableConfiguration<K, V>()
        .setTypes(configuration.getKeyType(), configuration.getValueType())
        .setStoreByValue(configuration.isStoreByValue());
  }

  /** The memory tier's bound in entries, or {@code null} for the manager's. */
  public Long getMaximumEntriesInMemory() {
    return maximumEntriesInMemory;
  }

  /** Bounds the memory tier to {@code entries} values; clears a byte bound. */
  public FileBackedConfiguration<K, V> setMaximumEntriesInMemory(long entries) {
    if (entries < 0) {
      throw new IllegalArgumentException("maximumEntriesInMemory must be 0 or more, was "
          + entries);
    }
    this.maximumEntriesInMemory = entries;
    this.maximumBytesInMemory = null;
    return this;
  }

  /** The memory tier's bound in encoded bytes, or {@code null} if it is bounded by entries. */
  public Long getMaximumBytesInMemory() {
    return maximumBytesInMemory;
  }

  /** Bounds the memory tier by the encoded size of its values; clears an entry bound. */
  public FileBackedConfiguration<K, V> setMaximumBytesInMemory(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maximumBytesInMemory must be positive, was " + bytes);
    }
    this.maximumBytesInMemory = bytes;
    this.maximumEntriesInMemory = null;
    return this;
  }

  /** The folder the cache keeps its own folder in, or {@code null} for the manager's. */
  public Path getDirectory() {
    return directory == null ? null : Path.of(directory);
  }

  /**
   * Keeps this cache's blobs in a folder of its own inside {@code directory}, named after the
   * cache ({@code <directory>/<encoded cache name>}); {@code directory} may hold anything else,
   * which FileBacked never touches. The cache's folder is locked while the cache is open, and
   * deleted, with its blobs, when the cache closes.
   */
  public FileBackedConfiguration<K, V> setDirectory(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory").toString();
    return this;
  }

  /** Whether a store-by-reference cache spills copies of its values (default {@code false}). */
  public boolean isSpillByReference() {
    return spillByReference;
  }

  /**
   * Lets a store-by-reference cache bound its memory tier and spill: a value that went to disk
   * comes back as a copy, not the instance that was put. Requires serializable values. Has no
   * effect on store-by-value caches, which always spill.
   */
  public FileBackedConfiguration<K, V> setSpillByReference(boolean spill) {
    this.spillByReference = spill;
    return this;
  }

  /** The id of the codec for keys and values, or {@code null} for the manager's. */
  public String getCodec() {
    return codec;
  }

  /**
   * Encodes keys and values with the codec of this id, found on the class path when the cache
   * is created. Blobs written by another codec are refused (a miss), never misread.
   *
   * @throws IllegalArgumentException if {@code id} cannot be a codec id
   */
  public FileBackedConfiguration<K, V> setCodec(String id) {
    Codec.checkId(Objects.requireNonNull(id, "id"));
    this.codec = id;
    return this;
  }

  /** What the codec may decode, or {@code null} for the manager's (by default unrestricted). */
  public DecodingPolicy getDecodingPolicy() {
    return decodingPolicy;
  }

  /**
   * Limits what the codec may decode. A stored value that breaks the policy (written before it
   * was tightened, or planted in the directory) is a miss, logged once; a new value that breaks
   * it is refused when it is put, where the codec can tell.
   */
  public FileBackedConfiguration<K, V> setDecodingPolicy(DecodingPolicy policy) {
    this.decodingPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** What happens when the disk tier cannot take a value, or {@code null} for the default. */
  public DiskFullPolicy getDiskFullPolicy() {
    return diskFullPolicy;
  }

  /**
   * What happens to a value that leaves memory when the disk tier cannot take it: by default
   * ({@link DiskFullPolicy#EVICT}) the entry leaves the cache, counted in
   * {@code CacheEvictions}; with {@link DiskFullPolicy#FAIL_WRITES} the value stays in memory
   * and every write fails with a {@code CacheException} until the disk takes writes again.
   */
  public FileBackedConfiguration<K, V> setDiskFullPolicy(DiskFullPolicy policy) {
    this.diskFullPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** Whether the cache's contents outlive it (default {@code false}). */
  public boolean isPersistent() {
    return persistent;
  }

  /**
   * Makes the cache persistent: its entries survive {@code CacheManager.close()}, a restart of
   * the JVM, a killed process and, as far as {@link #setDurability durability} promises, a power
   * cut. A cache of the same name opened later on the same {@link #setDirectory directory}
   * holds them again, expiry deadlines included (kept as wall-clock instants). Every value is
   * written to disk when it is put (not only when it leaves memory); values are read back
   * lazily. {@code destroyCache} deletes the data; {@code close} keeps it.
   *
   * <p>Needs a directory of its own: {@link #setDirectory} or the configuration key
   * {@code filebacked.directory}; the default, a temporary directory deleted when the manager
   * closes, is refused. A store-by-reference persistent cache returns copies for values read
   * back from disk, as with {@link #setSpillByReference}; its values must be serializable.
   */
  public FileBackedConfiguration<K, V> setPersistent(boolean persistent) {
    this.persistent = persistent;
    return this;
  }

  /** When a change to a persistent cache is durable, or {@code null} for the default. */
  public Durability getDurability() {
    return durability;
  }

  /**
   * When a change to a persistent cache is durable (default {@link Durability#ON_FLUSH}: what
   * {@code flush()} or a clean close covered). Ignored by a cache that is not persistent.
   */
  public FileBackedConfiguration<K, V> setDurability(Durability durability) {
    this.durability = Objects.requireNonNull(durability, "durability");
    return this;
  }

  /** Threads of the cache's own disk I/O pool, or {@code null} for the pool caches share. */
  public Integer getIoThreads() {
    return ioThreads;
  }

  /**
   * Gives the cache a disk I/O pool of its own, of {@code threads} threads, instead of the pool
   * all caches share: for a cache whose disk must not wait behind others'.
   */
  public FileBackedConfiguration<K, V> setIoThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("ioThreads must be at least 1, was " + threads);
    }
    this.ioThreads = threads;
    return this;
  }

  /** Whether values of this cache can leave the heap for the disk tier. */
  public boolean canSpill() {
    return isStoreByValue() || spillByReference || persistent;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FileBackedConfiguration<?, ?> that && super.equals(that)
        && Objects.equals(maximumEntriesInMemory, that.maximumEntriesInMemory)
        && Objects.equals(maximumBytesInMemory, that.maximumBytesInMemory)
        && Objects.equals(directory, that.directory)
        && spillByReference == that.spillByReference && Objects.equals(codec, that.codec)
        && Objects.equals(decodingPolicy, that.decodingPolicy)
        && diskFullPolicy == that.diskFullPolicy && persistent == that.persistent
        && durability == that.durability && Objects.equals(ioThreads, that.ioThreads);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), maximumEntriesInMemory, maximumBytesInMemory,
        directory, spillByReference, codec, decodingPolicy, diskFullPolicy, persistent,
        durability, ioThreads);
  }
}
