/**
 * One piece of JCache-API code run against FileBacked, Caffeine's JCache provider and Ehcache 3
 * side by side. {@link dev.filebacked.benchmarks.jcache.Contender} makes the same cache on each;
 * the benchmarks here only ever touch {@code javax.cache.Cache}.
 */
package dev.filebacked.benchmarks.jcache;
