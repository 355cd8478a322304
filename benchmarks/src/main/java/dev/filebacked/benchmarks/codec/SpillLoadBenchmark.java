package dev.filebacked.benchmarks.codec;

import dev.filebacked.benchmarks.JvmFlags;
import dev.filebacked.benchmarks.values.Order;
import dev.filebacked.jcache.FileBackedConfiguration;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A FileBacked cache of 10,000 {@link Order}s whose memory tier holds 1,000, per codec: a
 * {@code get} of a uniformly random key is a load from disk nine times in ten (read the blob,
 * verify it, decode), and a {@code put} encodes a value and pushes another out to be spilled.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.OPEN_LANG, JvmFlags.OPEN_MATH, JvmFlags.OPEN_UTIL,
    JvmFlags.OPEN_CONCURRENT, JvmFlags.OPEN_NET, JvmFlags.OPEN_TEXT, JvmFlags.OPEN_TIME,
    JvmFlags.OPEN_SQL})
public class SpillLoadBenchmark {

  private static final int ENTRIES = 10_000;
  private static final int IN_MEMORY = 1_000;

  @Param({"jdk", "fory", "fst"})
  public String codec;

  private Path directory;
  private CachingProvider provider;
  private CacheManager manager;
  private Cache<Integer, Order> cache;
  private Order[] values;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    directory = Files.createTempDirectory("filebacked-spill-load-");
    provider = Caching.getCachingProvider(
        "dev.filebacked.jcache.FileBackedCachingProvider");
    manager = provider.getCacheManager(URI.create("spill-load-" + codec),
        getClass().getClassLoader(), new Properties());
    FileBackedConfiguration<Integer, Order> configuration = new FileBackedConfiguration<>();
    configuration.setTypes(Integer.class, Order.class);
    configuration.setCodec(codec).setMaximumEntriesInMemory(IN_MEMORY)
        .setDirectory(directory.resolve("cache"));
    cache = manager.createCache("orders", configuration);
    values = new Order[ENTRIES];
    for (int i = 0; i < ENTRIES; i++) {
      values[i] = Order.sample(i, 10);
      cache.put(i, values[i]);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    manager.close();
    Files.deleteIfExists(directory);
  }

  @Benchmark
  public Order get() {
    return cache.get(ThreadLocalRandom.current().nextInt(ENTRIES));
  }

  @Benchmark
  public void put() {
    int key = ThreadLocalRandom.current().nextInt(ENTRIES);
    cache.put(key, values[key]);
  }
}
