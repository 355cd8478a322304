package dev.filebacked.core.pool;

import dev.filebacked.spi.BlobNotFoundException;
import dev.filebacked.spi.BlobStoreException;
import dev.filebacked.spi.BlobStoreFullException;
import dev.filebacked.spi.BlobTooLargeException;
import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.CorruptBlobException;

/** The kinds of storage and codec failure that {@link FailurePolicy} tells apart. */
public enum FailureKind {

  /** A blob failed verification: damaged, foreign, or another version's or key's. */
  CORRUPT_BLOB,
  /** A version's blob is not where it was written. */
  MISSING_BLOB,
  /**
   * An I/O error that may pass: too many open files, an interrupted call, EIO (any other
   * failure of the store).
   */
  PASSING_IO_ERROR,
  /** No space left where the blob goes. */
  NO_SPACE,
  /** The codec refuses the value (cannot encode it, or decode it under the cache's policy). */
  REFUSED_VALUE,
  /** The blob is larger than the disk tier can ever take. */
  TOO_LARGE,
  /** Anything else: a bug in a codec, or in a key's {@code equals}; never retried. */
  OTHER;

  /** The kind of {@code error}, by its type (the store's and codec's exceptions say it). */
  static FailureKind of(Throwable error) {
    if (error instanceof CorruptBlobException) {
      return CORRUPT_BLOB;
    }
    if (error instanceof BlobNotFoundException) {
      return MISSING_BLOB;
    }
    if (error instanceof BlobStoreFullException) {
      return NO_SPACE;
    }
    if (error instanceof BlobTooLargeException) {
      return TOO_LARGE;
    }
    if (error instanceof CodecException) {
      return REFUSED_VALUE;
    }
    return error instanceof BlobStoreException ? PASSING_IO_ERROR : OTHER;
  }
}
