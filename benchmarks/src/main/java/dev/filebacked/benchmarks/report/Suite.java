package dev.filebacked.benchmarks.report;

import dev.filebacked.benchmarks.LiveHeap;
import dev.filebacked.benchmarks.persistence.ReopenBenchmark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs a {@link Plan} and writes its table: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.filebacked.benchmarks.report.Suite full|quick|hot-writes|reopen|reopen-smoke [output
 * directory]}. The output directory (default {@code benchmarks/target/results}) gets
 * {@code <plan>.md}, the table, and one JMH JSON file per run with every iteration's score. A
 * {@code -Dfilebacked.scratch=DIR} given to the suite is passed on to the forks (where
 * {@code ReopenBenchmark} makes its folders).
 */
public final class Suite {

  private Suite() {}

  public static void main(String[] args) throws IOException, RunnerException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: Suite full|quick|hot-writes|reopen|reopen-smoke "
          + "[output directory]");
      System.exit(2);
    }
    Plan plan = Plan.named(args[0]);
    Path output = Path.of(args.length > 1 ? args[1] : "benchmarks/target/results");
    Files.createDirectories(output);
    Path heapReport = output.resolve(plan.name() + "-heap.tsv");
    Files.deleteIfExists(heapReport);

    ResultTable table = new ResultTable();
    int number = 0;
    for (Plan.Run run : plan.runs()) {
      number++;
      ChainedOptionsBuilder options = new OptionsBuilder().include(run.include())
          .threads(run.threads()).forks(plan.forks())
          .warmupIterations(plan.warmups()).measurementIterations(plan.measurements())
          .resultFormat(ResultFormatType.JSON)
          .result(output.resolve(plan.name() + "-" + number + ".json").toString());
      List<String> properties = new ArrayList<>(List.of(
          "-D" + LiveHeap.REPORT_PROPERTY + "=" + heapReport.toAbsolutePath()));
      String scratch = System.getProperty(ReopenBenchmark.SCRATCH_PROPERTY);
      if (scratch != null) {
        properties.add("-D" + ReopenBenchmark.SCRATCH_PROPERTY + "=" + scratch);
      }
      options.jvmArgsPrepend(properties.toArray(String[]::new)); // one call: a second replaces
      for (Map.Entry<String, String[]> param : run.params().entrySet()) {
        options.param(param.getKey(), param.getValue());
      }
      for (RunResult result : new Runner(options.build()).run()) {
        table.add(result);
      }
    }
    table.readHeap(heapReport);
    String markdown = table.markdown();
    Files.writeString(output.resolve(plan.name() + ".md"), markdown, StandardCharsets.UTF_8);
    System.out.println(markdown);
  }
}
