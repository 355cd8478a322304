/** The values benchmarks store: a small object graph, as an application's cache holds. */
package dev.filebacked.benchmarks.values;
