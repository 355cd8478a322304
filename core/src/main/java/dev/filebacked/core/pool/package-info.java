/**
 * The pool: FileBacked's engine. {@link dev.filebacked.core.pool.FilePool} keeps an index of
 * every entry and a bounded memory tier of the hot values; values pushed out of memory are
 * written, immutable and UUID-named, to a {@link dev.filebacked.spi.BlobStore} and read back
 * lazily. The per-entry state machine is documented on {@code Node}.
 */
package dev.filebacked.core.pool;
