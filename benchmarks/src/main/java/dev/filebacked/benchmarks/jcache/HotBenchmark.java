package dev.filebacked.benchmarks.jcache;

import dev.filebacked.benchmarks.LiveHeap;
import dev.filebacked.benchmarks.ScratchDirectory;
import dev.filebacked.benchmarks.values.Keys;
import dev.filebacked.benchmarks.values.Order;
import java.util.concurrent.ThreadLocalRandom;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The hot workload: 10,000 entries that all fit the memory tier (bounded at 20,000), read and
 * written through the JCache API, by value or by reference, with uniform or Zipfian keys.
 * Values are a 1 KiB {@code byte[]} or an {@link Order} of four lines. Run with {@code -t 2}
 * for two threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class HotBenchmark {

  private static final int ENTRIES = 10_000;
  /** Distinct values that puts cycle through, so that a put allocates no value. */
  private static final int PUT_VALUES = 64;

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
  private Object[] putValues;
  private Keys keySource;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams benchmark) throws Exception {
    directory = new ScratchDirectory("filebacked-hot-");
    LiveHeap heap = LiveHeap.baseline();
    open = Contender.of(contender).open(Integer.class, Object.class, byValue, 2 * ENTRIES,
        directory.path());
    cache = open.cache();
    for (int i = 0; i < ENTRIES; i++) {
      cache.put(i, newValue(i));
    }
    open.settle();
    heap.report(benchmark);
    putValues = new Object[PUT_VALUES];
    for (int i = 0; i < PUT_VALUES; i++) {
      putValues[i] = newValue(i);
    }
    keySource = Keys.of(keys, ENTRIES);
  }

  private Object newValue(int i) {
    return value.equals("order") ? Order.sample(i, 4) : new byte[1_024];
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
    cache.put(key, putValues[key % PUT_VALUES]);
  }

  /** Four reads to one write. */
  @Benchmark
  public Object mix() {
    int key = keySource.next();
    if (ThreadLocalRandom.current().nextInt(5) == 0) {
      cache.put(key, putValues[key % PUT_VALUES]);
      return null;
    }
    return cache.get(key);
  }
}
