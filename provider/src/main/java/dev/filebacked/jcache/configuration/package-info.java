/**
 * How a cache's engine settings are resolved: provider defaults from properties, and safe
 * directory names for caches and managers.
 */
package dev.filebacked.jcache.configuration;
