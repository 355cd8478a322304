package dev.filebacked.jcache.configuration;

import dev.filebacked.spi.Codec;
import dev.filebacked.spi.DiskFullPolicy;
import dev.filebacked.spi.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * The engine settings a cache gets when its configuration leaves them unset, read from the
 * {@code Properties} given to {@code CachingProvider.getCacheManager} and then from system
 * properties of the same names.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code filebacked.maximumEntriesInMemory}</td><td>10000</td>
 *       <td>memory tier bound, in values, of every cache whose values can go to disk</td></tr>
 *   <tr><td>{@code filebacked.maximumBytesInMemory}</td><td>unset</td>
 *       <td>memory tier bound in encoded bytes instead (wins over the entry bound)</td></tr>
 *   <tr><td>{@code filebacked.directory}</td><td>a new temporary directory per manager</td>
 *       <td>where caches spill: {@code <directory>/<manager>/<cache>}, names encoded</td></tr>
 *   <tr><td>{@code filebacked.expirySweepInterval}</td><td>PT1S</td>
 *       <td>how often expired entries are removed (ISO-8601 duration)</td></tr>
 *   <tr><td>{@code filebacked.codec}</td><td>jdk</td>
 *       <td>id of the codec of every cache that names none (jdk, fory, fst, ...)</td></tr>
 *   <tr><td>{@code filebacked.diskFullPolicy}</td><td>EVICT</td>
 *       <td>what a cache does when its disk tier cannot take a value: EVICT or FAIL_WRITES
 *       ({@link DiskFullPolicy})</td></tr>
 *   <tr><td>{@code filebacked.durability}</td><td>ON_FLUSH</td>
 *       <td>when a change to a persistent cache is durable: ON_FLUSH or FSYNC
 *       ({@link Durability})</td></tr>
 * </table>
 *
 * @param maximumEntriesInMemory default entry bound of the memory tier
 * @param maximumBytesInMemory default byte bound, or 0 for none
 * @param directory default root directory, or {@code null} for a temporary one
 * @param expirySweepInterval time between background sweeps of expired entries
 * @param codec id of the default codec
 * @param diskFullPolicy what a cache does when its disk tier cannot take a value
 * @param durability when a change to a persistent cache that names none is durable
 */
public record ProviderDefaults(long maximumEntriesInMemory, long maximumBytesInMemory,
    Path directory, Duration expirySweepInterval, String codec, DiskFullPolicy diskFullPolicy,
    Durability durability) {

  public static final String MAXIMUM_ENTRIES_IN_MEMORY = "filebacked.maximumEntriesInMemory";
  public static final String MAXIMUM_BYTES_IN_MEMORY = "filebacked.maximumBytesInMemory";
  public static final String DIRECTORY = "filebacked.directory";
  public static final String EXPIRY_SWEEP_INTERVAL = "filebacked.expirySweepInterval";
  public static final String CODEC = "filebacked.codec";
  public static final String DISK_FULL_POLICY = "filebacked.diskFullPolicy";
  public static final String DURABILITY = "filebacked.durability";

  private static final long DEFAULT_MAXIMUM_ENTRIES = 10_000;

  public ProviderDefaults {
    if (maximumEntriesInMemory < 0 || maximumBytesInMemory < 0) {
      throw new IllegalArgumentException("Memory bounds must be 0 or more");
    }
    if (expirySweepInterval.isNegative() || expirySweepInterval.isZero()) {
      throw new IllegalArgumentException(EXPIRY_SWEEP_INTERVAL + " must be positive, was "
          + expirySweepInterval);
    }
    try {
      Codec.checkId(codec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(CODEC + ": " + e.getMessage(), e);
    }
  }

  /** The defaults from {@code properties}, then system properties, then built-in values. */
  public static ProviderDefaults from(Properties properties) {
    String directory = lookup(properties, DIRECTORY);
    return new ProviderDefaults(
        longValue(properties, MAXIMUM_ENTRIES_IN_MEMORY, DEFAULT_MAXIMUM_ENTRIES),
        longValue(properties, MAXIMUM_BYTES_IN_MEMORY, 0),
        directory == null ? null : Path.of(directory),
        durationValue(properties, EXPIRY_SWEEP_INTERVAL, Duration.ofSeconds(1)),
        Objects.requireNonNullElse(lookup(properties, CODEC), "jdk"),
        enumValue(properties, DISK_FULL_POLICY, DiskFullPolicy.class, DiskFullPolicy.EVICT),
        enumValue(properties, DURABILITY, Durability.class, Durability.ON_FLUSH));
  }

  private static <E extends Enum<E>> E enumValue(Properties properties, String key,
      Class<E> type, E fallback) {
    String value = lookup(properties, key);
    if (value == null) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " must be one of "
          + java.util.Arrays.toString(type.getEnumConstants()) + ", was '" + value + "'", e);
    }
  }

  private static String lookup(Properties properties, String key) {
    String value = properties.getProperty(key);
    return value != null ? value.trim() : System.getProperty(key);
  }

  private static long longValue(Properties properties, String key, long fallback) {
    String value = lookup(properties, key);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.trim().replace("_", ""));
      if (parsed < 0) {
        throw new NumberFormatException("negative");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number of 0 or more, was '"
          + value + "'", e);
    }
  }

  private static Duration durationValue(Properties properties, String key, Duration fallback) {
    String value = lookup(properties, key);
    if (value == null) {
      return fallback;
    }
    try {
      return Duration.parse(value.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + " must be an ISO-8601 duration such as PT1S or "
          + "PT0.2S, was '" + value + "'", e);
    }
  }
}
