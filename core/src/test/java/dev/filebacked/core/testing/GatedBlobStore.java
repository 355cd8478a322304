package dev.filebacked.core.testing;

import dev.filebacked.spi.Blob;
import dev.filebacked.spi.BlobStore;
import dev.filebacked.spi.PersistedLocation;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link BlobStore} that counts calls and can hold any operation at a {@link Gate}, while its
 * real work is done by the store it wraps.
 */
public final class GatedBlobStore implements BlobStore {

  public final Gate writeGate = new Gate();
  public final Gate readGate = new Gate();
  public final Gate persistGate = new Gate();
  public final Gate deletePersistedGate = new Gate();
  public final AtomicInteger writes = new AtomicInteger();
  public final AtomicInteger reads = new AtomicInteger();
  public final AtomicInteger deletes = new AtomicInteger();
  /** When set, every write throws it, as a full disk would. */
  public volatile RuntimeException writeFailure;
  private final BlobStore delegate;

  public GatedBlobStore(BlobStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public void write(UUID id, Blob blob) {
    writes.incrementAndGet();
    writeGate.pass();
    RuntimeException failure = writeFailure;
    if (failure != null) {
      throw failure;
    }
    delegate.write(id, blob);
  }

  @Override
  public Blob read(UUID id) {
    reads.incrementAndGet();
    readGate.pass();
    return delegate.read(id);
  }

  @Override
  public boolean delete(UUID id) {
    deletes.incrementAndGet();
    return delegate.delete(id);
  }

  @Override
  public String quarantine(UUID id) {
    return delegate.quarantine(id);
  }

  @Override
  public Set<UUID> ids() {
    return delegate.ids();
  }

  @Override
  public Set<UUID> prepare(PersistedLocation location) {
    return delegate.prepare(location);
  }

  @Override
  public void persist(UUID id, PersistedLocation location) {
    persistGate.pass();
    delegate.persist(id, location);
  }

  @Override
  public void register(PersistedLocation location, UUID id) {
    delegate.register(location, id);
  }

  @Override
  public Blob readPersisted(PersistedLocation location, UUID id) {
    return delegate.readPersisted(location, id);
  }

  @Override
  public boolean deletePersisted(PersistedLocation location, UUID id) {
    deletePersistedGate.pass();
    return delegate.deletePersisted(location, id);
  }

  @Override
  public void sync(PersistedLocation location) {
    delegate.sync(location);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public void destroy() {
    delegate.destroy();
  }
}
