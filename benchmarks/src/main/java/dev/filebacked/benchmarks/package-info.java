/**
 * JMH benchmarks. Each subpackage is one question: {@code codec} asks what each codec costs on
 * its own and under a cache that spills; {@code persistence} how fast a persistent cache opens
 * again after a clean close and after a kill. Run them from the shaded jar:
 * {@code java -jar benchmarks/target/benchmarks.jar <regex>}.
 */
package dev.filebacked.benchmarks;
