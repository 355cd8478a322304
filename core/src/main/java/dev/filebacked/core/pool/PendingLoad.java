package dev.filebacked.core.pool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The one load in flight for a node. It sits in the node's value field while the blob is read,
 * so that every other reader joins it instead of reading the blob again.
 */
final class PendingLoad {

  private final CompletableFuture<Object> payload = new CompletableFuture<>();

  CompletableFuture<Object> future() {
    return payload;
  }

  void complete(Object value) {
    payload.complete(value);
  }

  void fail(Throwable error) {
    payload.completeExceptionally(error);
  }

  /** Waits for the load; rethrows its failure as it was thrown. */
  Object join() {
    try {
      return payload.join();
    } catch (CompletionException e) {
      throw rethrow(e.getCause());
    }
  }

  static RuntimeException rethrow(Throwable error) {
    if (error instanceof RuntimeException r) {
      throw r;
    }
    if (error instanceof Error e) {
      throw e;
    }
    throw new CompletionException(error);
  }
}
