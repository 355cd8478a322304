/**
 * How a cache manager is configured: the file its URI names, read with Typesafe Config under
 * the properties it was given and the system properties, checked against
 * {@code reference.conf} (which documents every key); how a cache's configuration is completed
 * from the file's template or the cache's section; safe directory names for caches and managers.
 */
package dev.filebacked.jcache.configuration;
