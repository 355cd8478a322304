/** Expiry: deadlines from a cache's {@code ExpiryPolicy}, and the sweep of expired entries. */
package dev.filebacked.jcache.expiry;
