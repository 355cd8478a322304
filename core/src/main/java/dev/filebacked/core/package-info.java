/**
 * FileBacked's engine, usable without JCache: nothing under this package imports
 * {@code javax.cache}.
 *
 * <ul>
 *   <li>{@link dev.filebacked.core.pool} — the pool: index, memory tier, spill, lazy load,
 *       versions, cleanup, persistence;
 *   <li>{@link dev.filebacked.core.store} — the filesystem blob store;
 *   <li>{@link dev.filebacked.core.codec} — the built-in codecs.
 * </ul>
 */
package dev.filebacked.core;
