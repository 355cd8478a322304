/**
 * Micrometer metrics for FileBacked caches: {@link dev.filebacked.micrometer.FileBackedCacheMetrics}
 * binds a cache's memory and disk tiers to a {@code MeterRegistry}, beside Micrometer's own
 * {@code JCacheMetrics} for the JSR-107 statistics.
 */
package dev.filebacked.micrometer;
