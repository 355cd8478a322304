package dev.filebacked.core.testing.powercut;

import java.io.IOException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Lets the layer's mutating operations run together, and a cut (or a sync of everything) run
 * alone: a cut waits for the mutations in flight and holds back new ones while it copies, so
 * every operation is wholly before or wholly after it.
 */
final class MutationGate {

  /** An action that may fail with an {@link IOException}. */
  @FunctionalInterface
  interface IoAction<T> {
    T run() throws IOException;
  }

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  /** Runs a mutation, together with other mutations but never during a cut. */
  <T> T mutate(IoAction<T> action) throws IOException {
    return holding(lock.readLock(), action);
  }

  /** Runs {@code action} while no mutation runs. */
  <T> T alone(IoAction<T> action) throws IOException {
    return holding(lock.writeLock(), action);
  }

  private static <T> T holding(Lock held, IoAction<T> action) throws IOException {
    held.lock();
    try {
      return action.run();
    } finally {
      held.unlock();
    }
  }
}
