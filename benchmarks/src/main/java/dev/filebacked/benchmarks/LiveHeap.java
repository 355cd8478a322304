package dev.filebacked.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.TreeSet;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The heap a cache holds once it is loaded: live bytes after a full GC, less what was live
 * before the cache was filled. A benchmark measures it in its setup; the figure is printed in
 * the fork's output and, when {@value #REPORT_PROPERTY} names a file, appended to it for
 * {@link dev.filebacked.benchmarks.report.Suite} to put in its table.
 */
public final class LiveHeap {

  /** The system property naming the file a measurement is appended to. */
  public static final String REPORT_PROPERTY = "filebacked.heapReport";

  private final long before;

  private LiveHeap(long before) {
    this.before = before;
  }

  /** Starts a measurement: call before the cache is filled. */
  public static LiveHeap baseline() {
    return new LiveHeap(liveBytes());
  }

  /**
   * Ends the measurement: the live bytes added since {@link #baseline()}, reported under the
   * benchmark's {@link #key key}.
   */
  public long report(BenchmarkParams benchmark) {
    long held = Math.max(0, liveBytes() - before);
    System.out.printf("%nheap held after loading: %.1f MiB%n", held / (1024.0 * 1024));
    String file = System.getProperty(REPORT_PROPERTY);
    if (file != null) {
      try {
        Files.writeString(Path.of(file), key(benchmark) + "\t" + held + "\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return held;
  }

  /** Names one benchmark method with one set of parameters (whatever the thread count). */
  public static String key(BenchmarkParams benchmark) {
    StringBuilder key = new StringBuilder(benchmark.getBenchmark());
    for (String name : new TreeSet<>(benchmark.getParamsKeys())) {
      key.append(' ').append(name).append('=').append(benchmark.getParam(name));
    }
    return key.toString();
  }

  /** Used heap after explicit full collections (G1 runs a full, compacting GC on each). */
  private static long liveBytes() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
