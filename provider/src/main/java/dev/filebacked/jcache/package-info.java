/**
 * FileBacked's JCache (JSR-107) provider: {@link dev.filebacked.jcache.FileBackedCachingProvider},
 * its cache manager, the cache on the engine's pool, and
 * {@link dev.filebacked.jcache.FileBackedConfiguration} for the engine's settings. Concerns live
 * in subpackages: configuration, copy, event, expiry, integration, management, processor.
 */
package dev.filebacked.jcache;
