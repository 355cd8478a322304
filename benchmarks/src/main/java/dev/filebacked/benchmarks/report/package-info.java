/**
 * The benchmark suite as one command: {@link dev.filebacked.benchmarks.report.Suite} runs the
 * planned JMH runs ({@link dev.filebacked.benchmarks.report.Plan}) and writes the table of
 * medians and ratios that {@code docs/BENCHMARKS.md} shows
 * ({@link dev.filebacked.benchmarks.report.ResultTable}).
 */
package dev.filebacked.benchmarks.report;
