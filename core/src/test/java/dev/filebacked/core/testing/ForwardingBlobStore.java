package dev.filebacked.core.testing;

import dev.filebacked.spi.Blob;
import dev.filebacked.spi.BlobStore;
import dev.filebacked.spi.BlobStoreUsage;
import dev.filebacked.spi.BlobView;
import dev.filebacked.spi.PersistedLocation;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** A {@link BlobStore} that hands every call to another; test stores override what they add. */
public abstract class ForwardingBlobStore implements BlobStore {

  private final BlobStore delegate;

  protected ForwardingBlobStore(BlobStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public void write(UUID id, Blob blob) {
    delegate.write(id, blob);
  }

  @Override
  public Blob read(UUID id) {
    return delegate.read(id);
  }

  @Override
  public <R> R read(UUID id, Function<BlobView, R> reader) {
    return delegate.read(id, reader);
  }

  @Override
  public boolean delete(UUID id) {
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
    return delegate.deletePersisted(location, id);
  }

  @Override
  public void sync(PersistedLocation location) {
    delegate.sync(location);
  }

  @Override
  public BlobStoreUsage usage() {
    return delegate.usage();
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
