package dev.filebacked.benchmarks.jcache;

import dev.filebacked.benchmarks.ScratchDirectory;
import dev.filebacked.benchmarks.values.Keys;
import dev.filebacked.benchmarks.values.Order;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
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
 * The hot workload: 10,000 entries that all fit the memory tier (bounded at 20,000), read and
 * written through the JCache API, by value or by reference, with uniform or Zipfian keys.
 * Values are a 1 KiB {@code byte[]} or an {@link Order} of ten lines. Run with {@code -t 2} for
 * two threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotBenchmark {

  private static final int ENTRIES = 10_000;

  @Param({"filebacked", "filebacked-fory", "caffeine", "ehcache-heap"})
  public String contender;

  @Param({"order", "bytes"})
  public String value;

  @Param({"true", "false"})
  public boolean byValue;

  @Param({"uniform", "zipf"})
  public String keys;

  private ScratchDirectory directory;
  private Contender.OpenCache<Integer, Object> open;
  private Cache<Integer, Object> cache;
  private Object[] values;
  private Keys keySource;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    directory = new ScratchDirectory("filebacked-hot-");
    open = Contender.of(contender).open(Integer.class, Object.class, byValue, 2 * ENTRIES,
        directory.path());
    cache = open.cache();
    values = new Object[ENTRIES];
    for (int i = 0; i < ENTRIES; i++) {
      values[i] = value.equals("order") ? Order.sample(i, 10) : new byte[1_024];
      cache.put(i, values[i]);
    }
    keySource = Keys.of(keys, ENTRIES);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    open.close();
    directory.close();
  }

  @Benchmark
  public Object get() {
    return cache.get(keySource.next());
  }

  @Benchmark
  public void put() {
    int key = keySource.next();
    cache.put(key, values[key]);
  }

  /** Four reads to one write. */
  @Benchmark
  public Object mix() {
    int key = keySource.next();
    if (key % 5 == 0) {
      cache.put(key, values[key]);
      return null;
    }
    return cache.get(key);
  }
}
