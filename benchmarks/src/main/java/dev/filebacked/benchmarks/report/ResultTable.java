package dev.filebacked.benchmarks.report;

import dev.filebacked.benchmarks.LiveHeap;
import dev.filebacked.benchmarks.jcache.LargeValueBenchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The suite's results as Markdown: one row per workload (benchmark method, parameters, thread
 * count) and FileBacked variant, with the median of the measured iterations, JMH's error (99.9%
 * confidence), the ratio to Caffeine and to Ehcache, and the heap each held after loading.
 * Large values get their own table: MiB/s through FileBacked against a plain file read and
 * written through the page cache and against the device itself ({@code O_DIRECT}). Reopens
 * ({@code ReopenBenchmark}, single-shot: a score is the time of one reopen) get a third: per
 * state and contender, the entries found, the reopen's time and entries indexed per second,
 * each the median of the measured iterations. Each table is printed only if it has rows.
 */
final class ResultTable {

  /** The parameter that names who ran: a contender, or the plain-file baseline. */
  private static final List<String> WHO = List.of("contender", "target");
  private static final double MIB = 1024.0 * 1024.0;

  private record Score(double median, double error, String heapKey) {}

  /** One reopen row: medians of the measured iterations. */
  private record Reopen(double millis, double error, double entries, double entriesPerSecond,
      double reportedEntriesPerSecond) {}

  /** Workload → who → score, in the order the suite ran them. */
  private final Map<String, Map<String, Score>> rows = new LinkedHashMap<>();
  /** Reopen workload (state, entries) → contender → figures. */
  private final Map<String, Map<String, Reopen>> reopens = new LinkedHashMap<>();
  private final Map<String, Long> heap = new HashMap<>();

  void add(RunResult result) {
    BenchmarkParams params = result.getParams();
    Map<String, String> workload = new TreeMap<>();
    String who = "";
    for (String key : params.getParamsKeys()) {
      if (WHO.contains(key)) {
        who = params.getParam(key);
      } else {
        workload.put(key, params.getParam(key));
      }
    }
    String benchmark = params.getBenchmark(); // package.Class.method: keep Class.method
    String method = benchmark.substring(benchmark.lastIndexOf('.',
        benchmark.lastIndexOf('.') - 1) + 1);
    if (method.startsWith("ReopenBenchmark.")) {
      String row = workload.get("state") + " | " + String.format(Locale.ROOT, "%,d",
          Long.parseLong(workload.get("entries")));
      reopens.computeIfAbsent(row, r -> new LinkedHashMap<>()).put(who, new Reopen(
          median(result), result.getPrimaryResult().getScoreError(),
          secondaryMedian(result, "entries"), secondaryMedian(result, "entriesPerSecond"),
          secondaryMedian(result, "reportedEntriesPerSecond")));
      return;
    }
    String row = method + " | " + describe(workload) + " | " + params.getThreads();
    rows.computeIfAbsent(row, r -> new LinkedHashMap<>())
        .put(who, new Score(median(result), result.getPrimaryResult().getScoreError(),
            LiveHeap.key(params)));
  }

  /** Reads the heap figures the forks appended (see {@link LiveHeap}). */
  void readHeap(Path report) throws IOException {
    if (!Files.exists(report)) {
      return;
    }
    for (String line : Files.readAllLines(report)) {
      int tab = line.lastIndexOf('\t');
      heap.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
    }
  }

  String markdown() {
    StringBuilder cache = new StringBuilder()
        .append("| benchmark | workload | threads | FileBacked | ops/s (median ± error) "
            + "| Caffeine ops/s | Ehcache ops/s | × Caffeine | × Ehcache "
            + "| heap MiB: FileBacked / Caffeine / Ehcache |\n")
        .append("|---|---|---|---|---:|---:|---:|---:|---:|---|\n");
    StringBuilder large = new StringBuilder()
        .append("| benchmark | threads | FileBacked MiB/s (median ± error) "
            + "| plain file MiB/s | device MiB/s (O_DIRECT) | FileBacked / file "
            + "| FileBacked / device |\n")
        .append("|---|---|---:|---:|---:|---:|---:|\n");
    int cacheRows = 0;
    int largeRows = 0;
    for (Map.Entry<String, Map<String, Score>> row : rows.entrySet()) {
      Map<String, Score> scores = row.getValue();
      Score file = scores.get("file");
      if (file != null) {
        largeRows++;
        Score ours = scores.get("filebacked");
        Score device = scores.get("device");
        String[] parts = row.getKey().split(" \\| ");
        large.append("| ").append(parts[0]).append(" | ").append(parts[2]).append(" | ")
            .append(mibPerSecond(ours)).append(" | ").append(mibPerSecond(file)).append(" | ")
            .append(mibPerSecond(device)).append(" | ").append(ratio(ours, file)).append(" | ")
            .append(ratio(ours, device)).append(" |\n");
        continue;
      }
      Score caffeine = scores.get("caffeine");
      Score ehcache = scores.containsKey("ehcache-disk") ? scores.get("ehcache-disk")
          : scores.get("ehcache-heap");
      for (Map.Entry<String, Score> entry : scores.entrySet()) {
        if (!entry.getKey().startsWith("filebacked")) {
          continue;
        }
        Score ours = entry.getValue();
        cacheRows++;
        cache.append("| ").append(row.getKey()).append(" | ").append(entry.getKey())
            .append(" | ").append(opsPerSecond(ours)).append(" | ").append(plain(caffeine))
            .append(" | ").append(plain(ehcache)).append(" | ").append(ratio(ours, caffeine))
            .append(" | ").append(ratio(ours, ehcache)).append(" | ")
            .append(heapMiB(ours)).append(" / ").append(heapMiB(caffeine)).append(" / ")
            .append(heapMiB(ehcache)).append(" |\n");
      }
    }
    StringBuilder reopen = new StringBuilder()
        .append("| state | entries put | contender | entries found | reopen ms (median ± error) "
            + "| entries/s | entries/s by ReopenReport | × Ehcache |\n")
        .append("|---|---:|---|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<String, Map<String, Reopen>> row : reopens.entrySet()) {
      Reopen ehcache = row.getValue().get("ehcache-disk");
      for (Map.Entry<String, Reopen> entry : row.getValue().entrySet()) {
        Reopen figures = entry.getValue();
        boolean ours = entry.getKey().startsWith("filebacked");
        reopen.append("| ").append(row.getKey()).append(" | ").append(entry.getKey())
            .append(" | ").append(String.format(Locale.ROOT, "%,.0f", figures.entries()))
            .append(" | ").append(String.format(Locale.ROOT, "%,.1f ± %,.1f", figures.millis(),
                figures.error()))
            .append(" | ").append(String.format(Locale.ROOT, "%,.0f", figures.entriesPerSecond()))
            .append(" | ").append(ours ? String.format(Locale.ROOT, "%,.0f",
                figures.reportedEntriesPerSecond()) : "–")
            .append(" | ").append(ours && ehcache != null && ehcache.entriesPerSecond() > 0
                ? String.format(Locale.ROOT, "%.2f",
                    figures.entriesPerSecond() / ehcache.entriesPerSecond()) : "–")
            .append(" |\n");
      }
    }
    StringBuilder out = new StringBuilder();
    if (cacheRows > 0) {
      out.append("## Caches\n\n").append(cache);
    }
    if (largeRows > 0) {
      out.append(out.length() > 0 ? "\n" : "").append("## Large values (4 MiB each)\n\n")
          .append(large);
    }
    if (!reopens.isEmpty()) {
      out.append(out.length() > 0 ? "\n" : "").append("## Reopen\n\n").append(reopen);
    }
    return out.toString();
  }

  /** The median of the measured iterations' values of the auxiliary counter {@code label}. */
  private static double secondaryMedian(RunResult result, String label) {
    List<Double> values = new ArrayList<>();
    for (BenchmarkResult benchmark : result.getBenchmarkResults()) {
      for (IterationResult iteration : benchmark.getIterationResults()) {
        Result<?> value = iteration.getSecondaryResults().get(label);
        if (value != null) {
          values.add(value.getScore());
        }
      }
    }
    return median(values);
  }

  private static String describe(Map<String, String> workload) {
    List<String> parts = new ArrayList<>();
    workload.forEach((key, value) -> parts.add(key + "=" + value));
    return String.join(", ", parts);
  }

  /** The median of the measured iterations' scores. */
  private static double median(RunResult result) {
    List<Double> scores = new ArrayList<>();
    for (BenchmarkResult benchmark : result.getBenchmarkResults()) {
      for (IterationResult iteration : benchmark.getIterationResults()) {
        scores.add(iteration.getPrimaryResult().getScore());
      }
    }
    return median(scores);
  }

  private static double median(List<Double> scores) {
    if (scores.isEmpty()) {
      return Double.NaN;
    }
    scores.sort(null);
    int n = scores.size();
    return n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
  }

  private static String opsPerSecond(Score score) {
    return String.format(Locale.ROOT, "%,.0f ± %,.0f", score.median(), score.error());
  }

  private static String plain(Score score) {
    return score == null ? "–" : String.format(Locale.ROOT, "%,.0f", score.median());
  }

  private static String mibPerSecond(Score score) {
    if (score == null) {
      return "–";
    }
    double perOp = LargeValueBenchmark.VALUE_BYTES / MIB;
    return String.format(Locale.ROOT, "%,.0f ± %,.0f", score.median() * perOp,
        score.error() * perOp);
  }

  private static String ratio(Score ours, Score theirs) {
    return ours == null || theirs == null ? "–"
        : String.format(Locale.ROOT, "%.2f", ours.median() / theirs.median());
  }

  private String heapMiB(Score score) {
    Long bytes = score == null ? null : heap.get(score.heapKey());
    return bytes == null ? "–" : String.format(Locale.ROOT, "%.1f", bytes / MIB);
  }
}
