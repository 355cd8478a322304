/**
 * How fast a persistent cache comes back after its process stopped, cleanly or by a kill:
 * {@link dev.filebacked.benchmarks.persistence.ReopenBenchmark}, FileBacked's persistent pool
 * beside Ehcache 3's persistent disk tier. The state each reopen starts from is made by another
 * JVM ({@link dev.filebacked.benchmarks.persistence.FillProcess}), closed or killed.
 */
package dev.filebacked.benchmarks.persistence;
