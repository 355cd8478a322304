package dev.filebacked.benchmarks.jcache;

import dev.filebacked.benchmarks.ScratchDirectory;
import dev.filebacked.spi.FileBackedCache;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
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
 * The life of a small, short-lived cache. One operation is, through the JCache API:
 * <ol>
 *   <li>{@code manager.createCache("lifecycle", configuration)};
 *   <li>ten {@code put}s of an {@code Integer} key and a 64-byte {@code byte[]} value;
 *   <li>{@code cache.close()}, which in every provider releases the cache and drops it from the
 *       manager (FileBacked deletes its disk tier's directory, Ehcache its non-persistent disk
 *       store), so the next operation can create the same name again.
 * </ol>
 * The manager is opened once per trial and the configuration built once per trial, outside the
 * measurement; neither is part of the figure, which reads as µs per create + 10 puts + close.
 * Every contender bounds the cache's memory to {@code heapEntries}: with 100 nothing leaves
 * memory (FileBacked then makes no folder at all; Ehcache heap+disk makes its disk store under
 * the trial's scratch directory and, its disk being the authority, writes the ten entries to
 * it); with 1, nine of the ten values leave memory (FileBacked writes them to a folder it makes
 * and deletes, and waits for those writes with {@code flush()} before closing, as Ehcache
 * heap+disk writes them within its puts; Caffeine and Ehcache heap drop them, so that row is
 * their cost of a bounded cache, not of a disk tier). Values are stored by reference unless
 * {@code byValue} (FileBacked then encodes on put; Caffeine and Ehcache copy by serialization).
 * One thread only: the cache's name is fixed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class LifecycleBenchmark {

  private static final String NAME = "lifecycle";
  private static final int ENTRIES = 10;
  private static final int VALUE_BYTES = 64;

  @Param({"filebacked", "caffeine", "ehcache-heap", "ehcache-disk"})
  public String contender;

  @Param({"false", "true"})
  public boolean byValue;

  @Param({"100", "1"})
  public long heapEntries;

  private ScratchDirectory directory;
  private CacheManager manager;
  private Configuration<Integer, byte[]> configuration;
  private byte[][] values;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    directory = new ScratchDirectory("filebacked-lifecycle-");
    Contender who = Contender.of(contender);
    manager = who.manager(URI.create("benchmark-lifecycle-" + contender), directory.path());
    configuration = who.configuration(Integer.class, byte[].class, byValue, heapEntries,
        directory.path());
    values = new byte[ENTRIES][];
    for (int i = 0; i < ENTRIES; i++) {
      values[i] = new byte[VALUE_BYTES];
      Arrays.fill(values[i], (byte) i);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    manager.close();
    directory.close();
  }

  @Benchmark
  public Cache<Integer, byte[]> createPutClose() {
    Cache<Integer, byte[]> cache = manager.createCache(NAME, configuration);
    for (int i = 0; i < ENTRIES; i++) {
      cache.put(i, values[i]);
    }
    if (cache instanceof FileBackedCache<?, ?> fileBacked) {
      fileBacked.flush(); // the values that left memory are written before the cache goes
    }
    cache.close();
    return cache;
  }
}
