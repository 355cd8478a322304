package dev.filebacked.benchmarks.jcache;

import dev.filebacked.benchmarks.LiveHeap;
import dev.filebacked.benchmarks.ScratchDirectory;
import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
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
 * Large values through the disk: 4 MiB {@code byte[]} values, 32 of them (128 MiB), in a
 * FileBacked cache whose memory tier holds one (bounded by bytes), so every {@code put} is
 * written out and every {@code get} is read back from disk. Beside it, two baselines do the same
 * I/O on one plain file of the same total size (4 MiB writes at the next offset, fsynced each
 * time the file has been written once over, and 4 MiB reads at a random offset):
 * <ul>
 *   <li>{@code target=file} through the page cache, into a heap array, as FileBacked does. The
 *       128 MiB fit the page cache, so its reads are a copy out of memory;
 *   <li>{@code target=device} with {@code O_DIRECT}, into aligned native memory: what the disk
 *       itself delivers, which is what a data set larger than the page cache gets.
 * </ul>
 * One op is one 4 MiB value, so MiB/s is four times the score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class LargeValueBenchmark {

  /** Bytes in one value. */
  public static final int VALUE_BYTES = 4 << 20;
  private static final int VALUES = 32;

  /** Alignment of {@code O_DIRECT} transfers: a multiple of any block size this runs on. */
  private static final int DIRECT_ALIGNMENT = 4096;

  @Param({"filebacked", "file", "device"})
  public String target;

  private ScratchDirectory directory;
  private Contender.OpenCache<Integer, byte[]> open;
  private Cache<Integer, byte[]> cache;
  private FileChannel file;
  private byte[] value;
  private ByteBuffer readBuffer;
  private ByteBuffer writeBuffer;
  private int nextWrite;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams benchmark) throws Exception {
    directory = new ScratchDirectory("filebacked-large-");
    value = new byte[VALUE_BYTES];
    ThreadLocalRandom.current().nextBytes(value);
    LiveHeap heap = LiveHeap.baseline();
    if (target.equals("file")) {
      readBuffer = ByteBuffer.allocate(VALUE_BYTES);
      writeBuffer = ByteBuffer.wrap(value);
      file = FileChannel.open(directory.path().resolve("plain"), StandardOpenOption.CREATE_NEW,
          StandardOpenOption.READ, StandardOpenOption.WRITE);
    } else if (target.equals("device")) {
      readBuffer = alignedDirect();
      writeBuffer = alignedDirect().put(value).flip();
      file = FileChannel.open(directory.path().resolve("plain"), StandardOpenOption.CREATE_NEW,
          StandardOpenOption.READ, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
    }
    if (file != null) {
      for (int i = 0; i < VALUES; i++) {
        writeFile();
      }
    } else {
      open = Contender.fileBackedBoundedByBytes(Integer.class, byte[].class,
          VALUE_BYTES + 1024L, directory.path());
      cache = open.cache();
      for (int i = 0; i < VALUES; i++) {
        cache.put(i, Arrays.copyOf(value, VALUE_BYTES));
      }
      open.settle();
    }
    heap.report(benchmark);
  }

  private static ByteBuffer alignedDirect() {
    return ByteBuffer.allocateDirect(VALUE_BYTES + DIRECT_ALIGNMENT)
        .alignedSlice(DIRECT_ALIGNMENT).limit(VALUE_BYTES);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (file != null) {
      file.close();
    }
    if (open != null) {
      open.close();
    }
    directory.close();
  }

  @Benchmark
  public Object write() throws IOException {
    if (cache == null) {
      writeFile();
      return null;
    }
    cache.put(nextWrite++ % VALUES, value);
    return null;
  }

  @Benchmark
  public Object read() throws IOException {
    int slot = ThreadLocalRandom.current().nextInt(VALUES);
    if (cache == null) {
      ByteBuffer buffer = readBuffer.clear();
      long position = (long) slot * VALUE_BYTES;
      while (buffer.hasRemaining()) {
        position += file.read(buffer, position);
      }
      return buffer;
    }
    return cache.get(slot);
  }

  private void writeFile() throws IOException {
    int slot = nextWrite++ % VALUES;
    ByteBuffer buffer = writeBuffer.clear();
    long position = (long) slot * VALUE_BYTES;
    while (buffer.hasRemaining()) {
      position += file.write(buffer, position);
    }
    if (slot == VALUES - 1) {
      file.force(false);
    }
  }
}
