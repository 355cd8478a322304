/**
 * What each codec costs: {@link dev.filebacked.benchmarks.codec.CodecBenchmark} on its own,
 * {@link dev.filebacked.benchmarks.codec.SpillLoadBenchmark} under a cache whose values live
 * mostly on disk. The README's codec table comes from these.
 */
package dev.filebacked.benchmarks.codec;
