package dev.filebacked.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which JMH runs make up the suite. {@code full} is every workload the benchmarks define, at
 * one and two threads where the issue asks for both; {@code quick} is a profile of it (gets and
 * the mix, uniform keys, one thread, fewer iterations) that runs in a few minutes;
 * {@code hot-writes} is the hot rows that write (put and the mix) beside Caffeine only, at one and
 * two threads, uniform and Zipfian keys, in three forks of five iterations each: one fork of
 * these rows can land a third off the next one's median. {@code reopen} is
 * {@code ReopenBenchmark}: a persistent cache of 1,000,000 entries reopened after a clean close
 * and after a kill, FileBacked beside Ehcache's persistent disk tier, one warm-up reopen and three
 * measured (about 45 minutes here, most of it filling and deleting a million blob files);
 * {@code reopen-smoke} is the same with 10,000 entries. {@code small-values} is the spill
 * workload with small values (100 bytes, 1 KiB, 4 KiB): put, get and the mix, FileBacked beside
 * Ehcache heap + disk, one and two threads; each trial prints its disk footprint per entry.
 */
record Plan(String name, int warmups, int measurements, int forks, List<Run> runs) {

  /** One JMH invocation: a method pattern, its parameters and its thread count. */
  record Run(String include, Map<String, String[]> params, int threads) {}

  private static final String HOT = "jcache.HotBenchmark";
  private static final String SPILL = "jcache.SpillBenchmark";
  private static final String LARGE = "jcache.LargeValueBenchmark";
  private static final String REOPEN = "persistence.ReopenBenchmark";
  private static final String[] BY_VALUE = {"filebacked", "filebacked-fory", "caffeine",
      "ehcache-heap"};
  private static final String[] BY_REFERENCE = {"filebacked", "caffeine", "ehcache-heap"};
  private static final String[] BOTH_VALUES = {"order", "bytes"};

  static Plan named(String name) {
    return switch (name) {
      case "full" -> full();
      case "quick" -> quick();
      case "hot-writes" -> hotWrites();
      case "reopen" -> reopen("reopen", "1000000");
      case "reopen-smoke" -> reopen("reopen-smoke", "10000");
      case "small-values" -> smallValues();
      default -> throw new IllegalArgumentException("No plan '" + name
          + "'; use full, quick, hot-writes, reopen, reopen-smoke or small-values");
    };
  }

  private static Plan full() {
    List<Run> runs = new ArrayList<>();
    String[] keys = {"uniform", "zipf"};
    for (int threads : new int[] {1, 2}) {
      runs.add(new Run(HOT + ".(get|put|mix)$", Map.of("contender", BY_VALUE,
          "byValue", new String[] {"true"}, "value", BOTH_VALUES, "keys", keys), threads));
      runs.add(new Run(HOT + ".(get|put|mix)$", Map.of("contender", BY_REFERENCE,
          "byValue", new String[] {"false"}, "value", BOTH_VALUES, "keys", keys), threads));
    }
    runs.add(new Run(SPILL + ".(get|mix)$", Map.of("keys", keys), 1));
    runs.add(new Run(LARGE + ".(read|write)$", Map.of(), 1));
    return new Plan("full", 2, 3, 1, runs);
  }

  private static Plan quick() {
    String[] uniform = {"uniform"};
    return new Plan("quick", 2, 2, 1, List.of(
        new Run(HOT + ".(get|mix)$", Map.of("contender", BY_VALUE,
            "byValue", new String[] {"true"}, "value", BOTH_VALUES, "keys", uniform), 1),
        new Run(HOT + ".(get|mix)$", Map.of("contender", BY_REFERENCE,
            "byValue", new String[] {"false"}, "value", BOTH_VALUES, "keys", uniform), 1),
        new Run(SPILL + ".(get|mix)$", Map.of("keys", uniform), 1),
        new Run(LARGE + ".(read|write)$", Map.of(), 1)));
  }

  private static Plan hotWrites() {
    List<Run> runs = new ArrayList<>();
    String[] keys = {"uniform", "zipf"};
    String[] fileBackedAndCaffeine = {"filebacked", "caffeine"};
    for (int threads : new int[] {1, 2}) {
      runs.add(new Run(HOT + ".(put|mix)$", Map.of("contender", fileBackedAndCaffeine,
          "byValue", new String[] {"false"}, "value", BOTH_VALUES, "keys", keys), threads));
      runs.add(new Run(HOT + ".(put|mix)$", Map.of("contender", fileBackedAndCaffeine,
          "byValue", new String[] {"true"}, "value", new String[] {"bytes"}, "keys", keys),
          threads));
    }
    return new Plan("hot-writes", 2, 5, 3, runs);
  }

  private static Plan smallValues() {
    List<Run> runs = new ArrayList<>();
    for (int threads : new int[] {1, 2}) {
      runs.add(new Run(SPILL + ".(put|get|mix)$", Map.of(
          "contender", new String[] {"filebacked", "ehcache-disk"},
          "valueBytes", new String[] {"100", "1024", "4096"},
          "keys", new String[] {"uniform"}), threads));
    }
    return new Plan("small-values", 2, 3, 1, runs);
  }

  private static Plan reopen(String name, String entries) {
    return new Plan(name, 1, 3, 1, List.of(new Run(REOPEN + ".reopen$", Map.of(
        "contender", new String[] {"filebacked", "ehcache-disk"},
        "state", new String[] {"clean", "afterKill"},
        "entries", new String[] {entries}), 1)));
  }
}
