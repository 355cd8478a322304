/** Entry processors: the mutable entry a processor works on, and the result of a batch. */
package dev.filebacked.jcache.processor;
