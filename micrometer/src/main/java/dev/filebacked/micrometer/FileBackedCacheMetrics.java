package dev.filebacked.micrometer;

import dev.filebacked.jcache.management.DiskTierMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.ref.WeakReference;
import java.util.function.ToLongFunction;
import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;

/**
 * Binds the figures of a FileBacked cache's memory and disk tiers (its {@link DiskTierMXBean},
 * reached through {@code cache.unwrap(DiskTierMXBean.class)}, so JMX need not be on) to a
 * {@link MeterRegistry}. It complements Micrometer's {@code JCacheMetrics}, which reports the
 * JSR-107 statistics (gets, puts, removals, evictions) and none of these; bind both to see both.
 *
 * <p>Meters, each tagged {@code cache} (the cache's name) and {@code cache.manager} (its
 * manager's URI) besides the tags given:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>what it counts</th></tr>
 *   <tr><td>{@code cache.size}</td><td>gauge</td><td>entries, wherever their values are</td></tr>
 *   <tr><td>{@code cache.memory.entries}</td><td>gauge</td><td>entries whose values are in
 *       memory</td></tr>
 *   <tr><td>{@code cache.disk.entries}</td><td>gauge</td><td>entries whose values are only on
 *       disk</td></tr>
 *   <tr><td>{@code cache.disk.blobs}</td><td>gauge</td><td>blob files on disk</td></tr>
 *   <tr><td>{@code cache.disk.size}</td><td>gauge, bytes</td><td>their size</td></tr>
 *   <tr><td>{@code cache.disk.waiting}</td><td>gauge</td><td>values held in memory because the
 *       disk cannot take them</td></tr>
 *   <tr><td>{@code cache.memory.hits}</td><td>counter</td><td>reads served from memory</td></tr>
 *   <tr><td>{@code cache.disk.hits}</td><td>counter</td><td>reads that loaded their value from
 *       disk</td></tr>
 *   <tr><td>{@code cache.disk.loads}</td><td>counter</td><td>blobs read back</td></tr>
 *   <tr><td>{@code cache.disk.spills}</td><td>counter, tag {@code result}: {@code success},
 *       {@code cancelled}, {@code failure}</td><td>values that left memory</td></tr>
 *   <tr><td>{@code cache.disk.failures}</td><td>counter, tag {@code reason}: {@code corrupt},
 *       {@code missing}, {@code unreadable}, {@code io}</td><td>failures of the disk tier</td></tr>
 *   <tr><td>{@code cache.disk.writes.refused}</td><td>counter</td><td>writes refused while the
 *       disk is full ({@code FAIL_WRITES})</td></tr>
 *   <tr><td>{@code cache.disk.written}</td><td>counter, bytes</td><td>value bytes written</td></tr>
 *   <tr><td>{@code cache.disk.read}</td><td>counter, bytes</td><td>value bytes read</td></tr>
 * </table>
 *
 * <p>As Micrometer's own cache binders do, this one holds the cache weakly: binding does not keep
 * a closed cache from being collected. Once the cache is closed its gauges read {@code NaN} and
 * its counters keep their last counts (Micrometer's behaviour for a meter whose object is gone).
 * Memory and disk hits are counted only while the cache's statistics are enabled.
 */
public final class FileBackedCacheMetrics implements MeterBinder {

  private static final System.Logger LOG =
      System.getLogger(FileBackedCacheMetrics.class.getName());

  private final WeakReference<Cache<?, ?>> cache;
  private final Tags tags;

  /**
   * A binder for {@code cache}'s tiers; {@code tags} are added to every meter (a
   * {@code cache.manager} tag among them replaces the manager's URI).
   *
   * @throws IllegalArgumentException if {@code cache} is not a FileBacked cache
   */
  public FileBackedCacheMetrics(Cache<?, ?> cache, Iterable<Tag> tags) {
    cache.unwrap(DiskTierMXBean.class); // fails now, not at the first scrape, for another provider
    this.cache = new WeakReference<>(cache);
    this.tags = Tags.of("cache.manager", cache.getCacheManager().getURI().toString())
        .and(tags)
        .and("cache", cache.getName());
    if (!cache.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled()) {
      LOG.log(System.Logger.Level.WARNING, "Cache {0} does not record statistics: "
          + "cache.memory.hits and cache.disk.hits stay 0 until statistics are enabled",
          cache.getName());
    }
  }

  /**
   * Binds {@code cache}'s tiers to {@code registry} and returns the cache, unchanged.
   *
   * @throws IllegalArgumentException if {@code cache} is not a FileBacked cache
   */
  public static <K, V, C extends Cache<K, V>> C monitor(MeterRegistry registry, C cache,
      Iterable<Tag> tags) {
    new FileBackedCacheMetrics(cache, tags).bindTo(registry);
    return cache;
  }

  /**
   * {@link #monitor(MeterRegistry, Cache, Iterable)} with tags as key, value pairs.
   *
   * @throws IllegalArgumentException if {@code cache} is not a FileBacked cache
   */
  public static <K, V, C extends Cache<K, V>> C monitor(MeterRegistry registry, C cache,
      String... tags) {
    return monitor(registry, cache, Tags.of(tags));
  }

  /** Registers this cache's meters; does nothing if the cache has been collected. */
  @Override
  public void bindTo(MeterRegistry registry) {
    Cache<?, ?> bound = cache.get();
    if (bound == null) {
      return;
    }
    gauge(registry, bound, "cache.size", null,
        "The number of entries in this cache, wherever their values are",
        DiskTierMXBean::getEntries);
    gauge(registry, bound, "cache.memory.entries", null,
        "The number of entries whose values are held in the memory tier",
        DiskTierMXBean::getEntriesInMemory);
    gauge(registry, bound, "cache.disk.entries", null,
        "The number of entries whose values are only on disk",
        DiskTierMXBean::getEntriesOnDisk);
    gauge(registry, bound, "cache.disk.blobs", null,
        "The number of blob files in the cache's folder", DiskTierMXBean::getBlobsOnDisk);
    gauge(registry, bound, "cache.disk.size", BaseUnits.BYTES,
        "The size of the blob files in the cache's folder", DiskTierMXBean::getBytesOnDisk);
    gauge(registry, bound, "cache.disk.waiting", null,
        "The number of values held in memory because the disk could not take them (FAIL_WRITES)",
        DiskTierMXBean::getValuesWaitingForDisk);

    counter(registry, bound, "cache.memory.hits", Tags.empty(), null,
        "Reads served from the memory tier (counted while statistics are enabled)",
        DiskTierMXBean::getMemoryHits);
    counter(registry, bound, "cache.disk.hits", Tags.empty(), null,
        "Reads that loaded their value from disk (counted while statistics are enabled)",
        DiskTierMXBean::getDiskHits);
    counter(registry, bound, "cache.disk.loads", Tags.empty(), null,
        "Blobs read back from disk", DiskTierMXBean::getLoads);

    String spills = "Values that left the memory tier: written to disk (success), read before "
        + "they left (cancelled), or lost because they could not be written (failure)";
    counter(registry, bound, "cache.disk.spills", Tags.of("result", "success"), null, spills,
        DiskTierMXBean::getSpills);
    counter(registry, bound, "cache.disk.spills", Tags.of("result", "cancelled"), null, spills,
        DiskTierMXBean::getSpillsCancelled);
    counter(registry, bound, "cache.disk.spills", Tags.of("result", "failure"), null, spills,
        DiskTierMXBean::getSpillFailures);

    String failures = "Failures of the disk tier: blobs that failed verification (corrupt), "
        + "blobs gone (missing), values the codec could not decode (unreadable), I/O errors "
        + "that outlived their retries (io)";
    counter(registry, bound, "cache.disk.failures", Tags.of("reason", "corrupt"), null, failures,
        DiskTierMXBean::getCorruptBlobs);
    counter(registry, bound, "cache.disk.failures", Tags.of("reason", "missing"), null, failures,
        DiskTierMXBean::getMissingBlobs);
    counter(registry, bound, "cache.disk.failures", Tags.of("reason", "unreadable"), null,
        failures, DiskTierMXBean::getUnreadableValues);
    counter(registry, bound, "cache.disk.failures", Tags.of("reason", "io"), null, failures,
        DiskTierMXBean::getIoErrors);

    counter(registry, bound, "cache.disk.writes.refused", Tags.empty(), null,
        "Writes refused because values wait in memory for a full disk (FAIL_WRITES)",
        DiskTierMXBean::getWritesRefused);
    counter(registry, bound, "cache.disk.written", Tags.empty(), BaseUnits.BYTES,
        "Value bytes written to disk", DiskTierMXBean::getBytesWritten);
    counter(registry, bound, "cache.disk.read", Tags.empty(), BaseUnits.BYTES,
        "Value bytes read from disk", DiskTierMXBean::getBytesRead);
  }

  /**
   * A gauge of one figure: {@code NaN} once the cache is closed (or collected), or while the
   * figure is unknown (a store that does not count its files reports -1).
   */
  private void gauge(MeterRegistry registry, Cache<?, ?> bound, String name, String baseUnit,
      String description, ToLongFunction<DiskTierMXBean> figure) {
    Gauge.builder(name, bound, c -> {
      if (c.isClosed()) {
        return Double.NaN;
      }
      long value = figure.applyAsLong(c.unwrap(DiskTierMXBean.class));
      return value < 0 ? Double.NaN : value;
    }).tags(tags).baseUnit(baseUnit).description(description).register(registry);
  }

  /** A counter of one figure; the figures keep their last counts after the cache closes. */
  private void counter(MeterRegistry registry, Cache<?, ?> bound, String name, Tags extra,
      String baseUnit, String description, ToLongFunction<DiskTierMXBean> figure) {
    FunctionCounter.builder(name, bound, c -> figure.applyAsLong(c.unwrap(DiskTierMXBean.class)))
        .tags(tags.and(extra)).baseUnit(baseUnit).description(description).register(registry);
  }
}
