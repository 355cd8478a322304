package dev.filebacked.benchmarks.codec;

import dev.filebacked.benchmarks.JvmFlags;
import dev.filebacked.benchmarks.values.Order;
import dev.filebacked.core.codec.CodecProviders;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.DecodingPolicy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One codec's encode, decode and round trip of one value: an {@link Order} of 10 lines (about
 * 1 KiB in Java serialization) or a 1 KiB {@code byte[]}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.OPEN_LANG, JvmFlags.OPEN_MATH, JvmFlags.OPEN_UTIL,
    JvmFlags.OPEN_CONCURRENT, JvmFlags.OPEN_NET, JvmFlags.OPEN_TEXT, JvmFlags.OPEN_TIME,
    JvmFlags.OPEN_SQL})
public class CodecBenchmark {

  @Param({"jdk", "fory", "fst"})
  public String codec;

  @Param({"order", "bytes"})
  public String value;

  private Codec<Object> instance;
  private Object original;
  private byte[] encoded;
  private ClassLoader loader;

  @Setup
  public void setUp() {
    loader = getClass().getClassLoader();
    instance = CodecProviders.create(codec, DecodingPolicy.unrestricted(), loader);
    original = value.equals("order") ? Order.sample(42, 10) : new byte[1_024];
    encoded = instance.encode(original);
  }

  @Benchmark
  public byte[] encode() {
    return instance.encode(original);
  }

  @Benchmark
  public Object decode() {
    return instance.decode(encoded, loader);
  }

  @Benchmark
  public Object roundTrip() {
    return instance.decode(instance.encode(original), loader);
  }
}
