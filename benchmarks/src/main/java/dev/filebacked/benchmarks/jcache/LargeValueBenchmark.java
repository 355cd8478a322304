package dev.filebacked.benchmarks.jcache;

import dev.filebacked.benchmarks.LiveHeap;
import dev.filebacked.benchmarks.ScratchDirectory;
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
 * written out and every {@code get} is read back from disk. Beside it, {@code target=file}
 * does the same I/O on one plain file of the same total size: 4 MiB writes at the next offset,
 * fsynced each time the file has been written once over, and 4 MiB reads at a random offset. One op is one 4 MiB
 * value, so MiB/s is four times the score.
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

  @Param({"filebacked", "file"})
  public String target;

  private ScratchDirectory directory;
  private Contender.OpenCache<Integer, byte[]> open;
  private Cache<Integer, byte[]> cache;
  private FileChannel file;
  private byte[] value;
  private byte[] readBuffer;
  private int nextWrite;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams benchmark) throws Exception {
    directory = new ScratchDirectory("filebacked-large-");
    value = new byte[VALUE_BYTES];
    ThreadLocalRandom.current().nextBytes(value);
    readBuffer = new byte[VALUE_BYTES];
    LiveHeap heap = LiveHeap.baseline();
    if (target.equals("file")) {
      file = FileChannel.open(directory.path().resolve("plain"), StandardOpenOption.CREATE_NEW,
          StandardOpenOption.READ, StandardOpenOption.WRITE);
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
      ByteBuffer buffer = ByteBuffer.wrap(readBuffer);
      long position = (long) slot * VALUE_BYTES;
      while (buffer.hasRemaining()) {
        position += file.read(buffer, position);
      }
      return readBuffer;
    }
    return cache.get(slot);
  }

  private void writeFile() throws IOException {
    int slot = nextWrite++ % VALUES;
    ByteBuffer buffer = ByteBuffer.wrap(value);
    long position = (long) slot * VALUE_BYTES;
    while (buffer.hasRemaining()) {
      position += file.write(buffer, position);
    }
    if (slot == VALUES - 1) {
      file.force(false);
    }
  }
}
