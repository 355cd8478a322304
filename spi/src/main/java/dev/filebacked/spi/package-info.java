/**
 * FileBacked's public extension points.
 *
 * <p>Two independent concerns: <em>where bytes go</em> is a {@link dev.filebacked.spi.BlobStore}
 * (raw, immutable, UUID-named blobs and the persisted locations they can be linked into), and
 * <em>how a value becomes bytes</em> is a {@link dev.filebacked.spi.Codec}. Any codec works with
 * any store. Codecs are found by id through {@link dev.filebacked.spi.CodecProvider} and decode
 * only what the cache's {@link dev.filebacked.spi.DecodingPolicy} allows.
 * {@link dev.filebacked.spi.FileBackedCache} is what a FileBacked JCache cache offers
 * beyond {@code javax.cache.Cache}. Nothing here depends on the engine.
 */
package dev.filebacked.spi;
