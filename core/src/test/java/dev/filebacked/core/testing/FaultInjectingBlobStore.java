package dev.filebacked.core.testing;

import dev.filebacked.spi.Blob;
import dev.filebacked.spi.BlobNotFoundException;
import dev.filebacked.spi.BlobStore;
import dev.filebacked.spi.BlobStoreException;
import dev.filebacked.spi.BlobStoreFullException;
import dev.filebacked.spi.BlobTooLargeException;
import dev.filebacked.spi.BlobView;
import dev.filebacked.spi.CorruptBlobException;
import dev.filebacked.spi.PersistedLocation;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link BlobStore} in front of a real one that fails on demand, with each kind of failure
 * the engine's failure policy tells apart, thrown as the file store throws it: a test says which
 * operation fails, how, and how many times, and everything else reaches the real store.
 */
public final class FaultInjectingBlobStore extends ForwardingBlobStore {

  /** The operations a fault can be injected into. */
  public enum Operation { READ, WRITE, DELETE }

  /** The kinds of failure, one per row of the failure policy that a store can cause. */
  public enum Fault {
    /** The blob fails verification ({@link CorruptBlobException}). */
    CORRUPT,
    /** There is no such blob ({@link BlobNotFoundException}). */
    MISSING,
    /** An I/O error that may pass: too many open files (a plain {@link BlobStoreException}). */
    PASSING_IO_ERROR,
    /** No space left on the device ({@link BlobStoreFullException}). */
    NO_SPACE,
    /** Larger than the whole store ({@link BlobTooLargeException}). */
    TOO_LARGE
  }

  private record Injection(Fault fault, AtomicInteger remaining) {}

  private final Map<Operation, Injection> injections = new ConcurrentHashMap<>();
  /** How many calls reached each operation, failed or not. */
  public final Map<Operation, AtomicInteger> calls = new ConcurrentHashMap<>();

  public FaultInjectingBlobStore(BlobStore delegate) {
    super(delegate);
    for (Operation operation : Operation.values()) {
      calls.put(operation, new AtomicInteger());
    }
  }

  /**
   * Makes the next {@code times} calls of {@code operation} fail with {@code fault}
   * ({@link Integer#MAX_VALUE}: until {@link #heal}).
   */
  public FaultInjectingBlobStore inject(Operation operation, Fault fault, int times) {
    injections.put(operation, new Injection(fault, new AtomicInteger(times)));
    return this;
  }

  /** Stops every injection: from now on, every call reaches the real store. */
  public void heal() {
    injections.clear();
  }

  /** The exception the file store throws for {@code fault}. */
  public static BlobStoreException exceptionFor(Fault fault, UUID id) {
    String blob = "blob " + id + " (injected)";
    return switch (fault) {
      case CORRUPT -> new CorruptBlobException("Corrupt " + blob + ": checksum mismatch");
      case MISSING -> new BlobNotFoundException("No " + blob);
      case PASSING_IO_ERROR -> new BlobStoreException("Cannot read or write " + blob
          + ": java.io.IOException: Too many open files", new IOException("Too many open files"));
      case NO_SPACE -> new BlobStoreFullException("Cannot write " + blob + ": no space left",
          new IOException("No space left on device"));
      case TOO_LARGE -> new BlobTooLargeException("Cannot write " + blob + ": larger than the "
          + "whole filesystem");
    };
  }

  private void maybeFail(Operation operation, UUID id) {
    calls.get(operation).incrementAndGet();
    Injection injection = injections.get(operation);
    if (injection != null && injection.remaining().getAndDecrement() > 0) {
      throw exceptionFor(injection.fault(), id);
    }
  }

  @Override
  public void write(UUID id, Blob blob) {
    maybeFail(Operation.WRITE, id);
    super.write(id, blob);
  }

  @Override
  public Blob read(UUID id) {
    maybeFail(Operation.READ, id);
    return super.read(id);
  }

  @Override
  public <R> R read(UUID id, Function<BlobView, R> reader) {
    maybeFail(Operation.READ, id);
    return super.read(id, reader);
  }

  @Override
  public Blob readPersisted(PersistedLocation location, UUID id) {
    maybeFail(Operation.READ, id);
    return super.readPersisted(location, id);
  }

  @Override
  public boolean delete(UUID id) {
    maybeFail(Operation.DELETE, id);
    return super.delete(id);
  }
}
