/**
 * Read-through and write-through: adapters over the user's {@code CacheLoader} and
 * {@code CacheWriter} that report failures as JCache specifies.
 */
package dev.filebacked.jcache.integration;
