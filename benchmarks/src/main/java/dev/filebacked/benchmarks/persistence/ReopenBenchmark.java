package dev.filebacked.benchmarks.persistence;

import dev.filebacked.benchmarks.ScratchDirectory;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * How fast a persistent cache of {@code entries} small entries ({@code Long} keys,
 * {@value Reopening#VALUE_BYTES}-byte {@code byte[]} values, {@value Reopening#IN_MEMORY} of
 * them in memory) opens again on the folder another process left: FileBacked's persistent
 * {@code FilePool} ({@code Durability.ON_FLUSH}; keys and values in the JDK codec, or in Fory's)
 * beside Ehcache 3's persistent disk tier (heap {@value Reopening#IN_MEMORY} entries + disk).
 * {@code -p contender=filebacked-fory} adds FileBacked with the Fory codec.
 *
 * <p><b>One invocation is one reopen</b> ({@link Mode#SingleShotTime}): FileBacked's
 * {@code FilePool.Builder.build()}, which opens the store, recovers the index (values stay on
 * disk) and starts the journal; Ehcache's {@code CacheManagerBuilder.build(true)} and
 * {@code getCache}; then, for both, one {@code get} of a key, read from disk, in case a
 * contender indexes lazily. Closing is outside the measurement ({@code @TearDown}).
 *
 * <p><b>Where the state comes from.</b> Once per trial another JVM ({@link FillProcess}, the
 * same class path) fills the cache with keys {@code 0..entries-1} and then:
 * <ul>
 *   <li>{@code state=clean}: closes it and exits. FileBacked's close makes everything durable
 *       and writes a checkpoint, so the open reads one file; Ehcache's close writes its disk
 *       tier's index. Each later iteration reopens what the previous iteration's clean close
 *       left, which is the same entries again.
 *   <li>{@code state=afterKill}: flushes it (FileBacked: {@code flush()}, every change durable;
 *       Ehcache writes its disk tier within each put), says so, and is killed with SIGKILL
 *       ({@link Process#destroyForcibly()}): no close, no checkpoint, no index file. FileBacked
 *       then replays its journal segments, lists its shards to find orphan blobs (none after a
 *       flush) and indexes every entry; Ehcache 3 (open source) finds no index file (only a
 *       clean close writes one; it recovers only with data, meta and an up-to-date index) and
 *       starts its disk tier empty, so it reopens fast with nothing in it: its entries/s is 0
 *       and {@code entries} says how many came back.
 * </ul>
 * A reopen after a kill repairs and, closed, checkpoints, so the next iteration would be clean:
 * before each iteration the crash state is put back. The part of the folder an open or close
 * changes was copied aside right after the kill and is copied back (times kept): FileBacked's
 * journal folder (segments, never a checkpoint; its blobs are not changed by an open that finds
 * no orphans, nor by a close), Ehcache's whole persistence folder. Files are read through a warm
 * page cache: the figures are CPU and file-system metadata, not the disk.
 *
 * <p><b>Figures.</b> The score is the time of one reopen. The auxiliary counters
 * ({@link Indexed}) give, per iteration: {@code entries}, what the reopened cache holds
 * (FileBacked's index size, Ehcache's disk tier mappings); {@code entriesPerSecond}, entries ÷
 * the time this method measured; {@code reportedEntriesPerSecond}, FileBacked's own
 * {@code ReopenReport.entriesPerSecond()}, which times the recovery alone (not opening the
 * store nor starting the pool's threads). One line per iteration is printed too, with the
 * whole {@code ReopenReport}. The warm-up iteration is the first open in a fresh JVM, as after
 * a restart; its line is printed like the others. An iteration whose FileBacked reopen finds
 * fewer entries than were put, or a wrong value, fails the run.
 *
 * <p>The folder is made under {@code -Dfilebacked.scratch=DIR} (default {@code java.io.tmpdir})
 * and deleted after the trial. A million entries are a million blob files for FileBacked (4 GB
 * on ext4 with 4 KiB blocks), two to three minutes to fill and about four to delete on a disk
 * mounted with {@code discard}; pass {@code -p entries=10000} for a smoke run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class ReopenBenchmark {

  /** The system property naming where the scratch folder is made. */
  public static final String SCRATCH_PROPERTY = "filebacked.scratch";

  @Param({"filebacked", "ehcache-disk"})
  public String contender;

  @Param({"clean", "afterKill"})
  public String state;

  @Param("1000000")
  public int entries;

  private Reopening who;
  private boolean afterKill;
  private ScratchDirectory scratch;
  /** The folder the cache lives in. */
  private Path folder;
  /** Where the crash state's changing part was copied; {@code null} for a clean state. */
  private Path saved;
  private long probeKey;
  private Reopening.Store store;
  private byte[] probed;
  private long openNanos;
  private int iteration;

  /**
   * Per-iteration figures beside the time. JMH's {@code EVENTS} counters are not normalized by
   * time, and its summary line adds them up over the measured iterations (its JSON output has
   * each iteration's value); {@code Suite reopen} takes each iteration's and reports medians.
   * ({@code OPERATIONS} counters, which JMH would divide by the time, are not reported in
   * single-shot mode.)
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Indexed {
    /** Entries the reopened cache holds. */
    public long entries;
    /** {@link #entries} ÷ the time of the reopen, in seconds. */
    public double entriesPerSecond;
    /** FileBacked's {@code ReopenReport.entriesPerSecond()}; 0 for Ehcache, which has none. */
    public double reportedEntriesPerSecond;

    @Setup(Level.Iteration)
    public void reset() {
      entries = 0;
      entriesPerSecond = 0;
      reportedEntriesPerSecond = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    who = Reopening.of(contender);
    afterKill = switch (state) {
      case "clean" -> false;
      case "afterKill" -> true;
      default -> throw new IllegalArgumentException("No state '" + state
          + "'; use clean or afterKill");
    };
    probeKey = entries / 2;
    Path parent = Path.of(System.getProperty(SCRATCH_PROPERTY,
        System.getProperty("java.io.tmpdir")));
    scratch = new ScratchDirectory(parent, "filebacked-reopen-");
    folder = scratch.path().resolve("cache");
    FillProcess.run(who, folder, entries, afterKill ? FillProcess.Stop.KILL
        : FillProcess.Stop.CLOSE, Duration.ofSeconds(300 + entries / 200));
    if (afterKill) {
      saved = scratch.path().resolve("crash-state");
      copyTree(changing(), saved);
      try (Stream<Path> files = Files.list(saved)) {
        System.out.println("crash state kept: " + files.map(p -> p.getFileName().toString())
            .sorted().toList());
      }
      if (who != Reopening.EHCACHE_DISK) {
        try (Stream<Path> files = Files.list(saved)) {
          if (files.anyMatch(p -> p.getFileName().toString().startsWith("checkpoint-"))) {
            throw new IllegalStateException("A killed process left a checkpoint: " + saved);
          }
        }
      }
    }
  }

  /** The part of the folder that an open or a close changes. */
  private Path changing() {
    return who == Reopening.EHCACHE_DISK ? folder.resolve("ehcache")
        : folder.resolve("pool").resolve("journal");
  }

  @Setup(Level.Iteration)
  public void restore() throws IOException {
    if (afterKill) {
      ScratchDirectory.delete(changing());
      copyTree(saved, changing());
    }
    store = null;
    probed = null;
  }

  @Benchmark
  public byte[] reopen(Indexed indexed) {
    long started = System.nanoTime();
    store = who.open(folder);
    probed = store.get(probeKey);
    openNanos = System.nanoTime() - started;
    indexed.entries = store.entries();
    indexed.entriesPerSecond = indexed.entries / (openNanos / 1e9);
    double reported = store.reportedEntriesPerSecond();
    indexed.reportedEntriesPerSecond = Double.isNaN(reported) ? 0 : reported;
    return probed;
  }

  @TearDown(Level.Iteration)
  public void close() {
    if (store == null) {
      return;
    }
    long found = store.entries();
    String report = store.openReport();
    boolean rightValue = probed != null && Arrays.equals(probed, Reopening.valueOf(probeKey));
    try {
      store.close();
    } finally {
      store = null;
    }
    System.out.printf(Locale.ROOT, "%nreopen %d: %s %s: %,d of %,d entries in %.1f ms "
        + "(%,.0f entries/s), probe %s; %s; load average %s%n", ++iteration, who, state, found,
        entries, openNanos / 1e6, found / (openNanos / 1e9), probed == null ? "missing"
            : rightValue ? "right" : "WRONG", report, loadAverage());
    if (who != Reopening.EHCACHE_DISK && (found != entries || !rightValue)) {
      throw new IllegalStateException("FileBacked reopened " + found + " of " + entries
          + " entries" + (rightValue ? "" : " and the probe read a wrong or no value"));
    }
    if (probed != null && !rightValue) {
      throw new IllegalStateException(who + " read a wrong value for key " + probeKey);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    scratch.close();
  }

  /** The machine's load averages (1, 5, 15 minutes), to tell a run that shared the CPUs. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** Copies {@code from} into {@code to} (made), file by file, keeping modification times. */
  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes)
          throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
          throws IOException {
        Files.copy(file, to.resolve(from.relativize(file).toString()),
            StandardCopyOption.COPY_ATTRIBUTES);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
