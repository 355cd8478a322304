package dev.filebacked.spi;

/**
 * What a cache does with a value that leaves memory when its disk tier cannot take it (no space
 * left, or an I/O error that outlived its retries). Either way no entry is lost uncounted, and
 * the cache works again by itself once the disk takes writes again.
 */
public enum DiskFullPolicy {

  /**
   * The entry leaves the cache, as an eviction: counted in {@code CacheEvictions} and in the
   * disk tier's {@code SpillFailures}, and logged (rate-limited). Writes keep succeeding; while
   * the disk stays full, the cache holds what its memory tier holds. The default: a cache may
   * always forget, and a full disk should not stop an application.
   */
  EVICT,

  /**
   * The value stays in memory (beyond the memory bound) until it can be written, and every call
   * that adds a value fails with an exception naming the cause until a retry of those writes
   * succeeds. Retries run at most once per retry interval, on the next write. For caches whose
   * entries must not disappear while the application is told nothing.
   */
  FAIL_WRITES
}
