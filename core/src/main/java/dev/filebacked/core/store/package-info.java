/**
 * The filesystem {@link dev.filebacked.spi.BlobStore}: {@link dev.filebacked.core.store.FileBlobStore}
 * lays blobs out as {@code <root>/<first two hex digits of the uuid>/<uuid>}, each file starting
 * with the header described in {@link dev.filebacked.core.store.BlobFormat}.
 */
package dev.filebacked.core.store;
