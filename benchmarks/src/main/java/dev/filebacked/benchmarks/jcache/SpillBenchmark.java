package dev.filebacked.benchmarks.jcache;

import dev.filebacked.benchmarks.DiskFootprint;
import dev.filebacked.benchmarks.LiveHeap;
import dev.filebacked.benchmarks.ScratchDirectory;
import dev.filebacked.benchmarks.values.Keys;
import java.util.Arrays;
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
 * The spill workload: ten times more data than the memory tier holds, as {@code byte[]} values
 * of 100 bytes (100,000 entries), 1 KiB (20,000), 4 KiB (20,000), 16 KiB (10,000) or 256 KiB
 * (2,000), stored by reference. FileBacked and Ehcache heap+disk hold a tenth of the entries on
 * the heap and the rest on disk; Caffeine holds everything on the heap, as the in-memory
 * ceiling. Each trial prints the heap the loaded cache holds and what its data set takes on
 * disk ({@link DiskFootprint}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class SpillBenchmark {

  /** Distinct values that puts cycle through, so that a put allocates no value. */
  private static final int PUT_VALUES = 16;

  @Param({"filebacked", "caffeine", "ehcache-disk"})
  public String contender;

  @Param({"1024", "16384", "262144"})
  public int valueBytes; // 100 and 4096 too: the small-values plan runs them

  @Param({"uniform", "zipf"})
  public String keys;

  private ScratchDirectory directory;
  private Contender.OpenCache<Integer, byte[]> open;
  private Cache<Integer, byte[]> cache;
  private byte[][] putValues;
  private Keys keySource;

  /** How many entries the data set has for a value size: 20 MiB, 160 MiB or 500 MiB. */
  private static int entriesFor(int valueBytes) {
    return switch (valueBytes) {
      case 100 -> 100_000;
      case 1024, 4096 -> 20_000;
      case 16384 -> 10_000;
      case 262144 -> 2_000;
      default -> throw new IllegalArgumentException("No data set for values of " + valueBytes
          + " bytes; use 100, 1024, 4096, 16384 or 262144");
    };
  }

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams benchmark) throws Exception {
    int entries = entriesFor(valueBytes);
    Contender who = Contender.of(contender);
    long inMemory = who == Contender.CAFFEINE ? Contender.UNBOUNDED : entries / 10;
    directory = new ScratchDirectory("filebacked-spill-");
    LiveHeap heap = LiveHeap.baseline();
    open = who.open(Integer.class, byte[].class, false, inMemory, directory.path());
    cache = open.cache();
    for (int i = 0; i < entries; i++) {
      cache.put(i, valueOf(i));
    }
    open.settle();
    heap.report(benchmark);
    DiskFootprint.report(directory.path(), entries);
    putValues = new byte[PUT_VALUES][];
    for (int i = 0; i < PUT_VALUES; i++) {
      putValues[i] = valueOf(i);
    }
    keySource = Keys.of(keys, entries);
  }

  private byte[] valueOf(int i) {
    byte[] bytes = new byte[valueBytes];
    Arrays.fill(bytes, (byte) i);
    return bytes;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    open.close();
    directory.close();
  }

  @Benchmark
  public byte[] get() {
    return cache.get(keySource.next());
  }

  /** A write of a key that is there (the data set does not grow): a new version each time. */
  @Benchmark
  public void put() {
    int key = keySource.next();
    cache.put(key, putValues[key % PUT_VALUES]);
  }

  /** Four reads to one write. */
  @Benchmark
  public byte[] mix() {
    int key = keySource.next();
    if (ThreadLocalRandom.current().nextInt(5) == 0) {
      cache.put(key, putValues[key % PUT_VALUES]);
      return null;
    }
    return cache.get(key);
  }
}
