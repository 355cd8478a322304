/**
 * Store-by-value copying of keys. Values need no copier here: a store-by-value cache keeps them
 * encoded, so every read decodes a fresh copy.
 */
package dev.filebacked.jcache.copy;
