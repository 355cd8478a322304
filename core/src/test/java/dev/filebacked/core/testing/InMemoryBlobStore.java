package dev.filebacked.core.testing;

import dev.filebacked.spi.Blob;
import dev.filebacked.spi.BlobNotFoundException;
import dev.filebacked.spi.BlobStore;
import dev.filebacked.spi.PersistedLocation;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link BlobStore} in maps: the fake the contract test holds the file store to. */
public final class InMemoryBlobStore implements BlobStore {

  private final Map<UUID, Blob> blobs;
  private final Map<PersistedLocation, Map<UUID, Blob>> locations;
  private volatile boolean closed;

  public InMemoryBlobStore() {
    this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
  }

  private InMemoryBlobStore(Map<UUID, Blob> blobs,
      Map<PersistedLocation, Map<UUID, Blob>> locations) {
    this.blobs = blobs;
    this.locations = locations;
  }

  /** A new open store over the same blobs and locations, as a reopened directory would be. */
  public InMemoryBlobStore reopen() {
    return new InMemoryBlobStore(blobs, locations);
  }

  @Override
  public void write(UUID id, Blob blob) {
    ensureOpen();
    blobs.put(id, blob);
  }

  @Override
  public Blob read(UUID id) {
    ensureOpen();
    Blob blob = blobs.get(id);
    if (blob == null) {
      throw new BlobNotFoundException("No blob " + id + " in memory");
    }
    return blob;
  }

  @Override
  public boolean delete(UUID id) {
    ensureOpen();
    return blobs.remove(id) != null;
  }

  @Override
  public Set<UUID> ids() {
    ensureOpen();
    return Set.copyOf(blobs.keySet());
  }

  @Override
  public Set<UUID> prepare(PersistedLocation location) {
    ensureOpen();
    return Set.copyOf(at(location).keySet());
  }

  @Override
  public void persist(UUID id, PersistedLocation location) {
    at(location).putIfAbsent(id, read(id));
  }

  @Override
  public void register(PersistedLocation location, UUID id) {
    blobs.putIfAbsent(id, readPersisted(location, id));
  }

  @Override
  public Blob readPersisted(PersistedLocation location, UUID id) {
    ensureOpen();
    Blob blob = at(location).get(id);
    if (blob == null) {
      throw new BlobNotFoundException("No blob " + id + " at " + location);
    }
    return blob;
  }

  @Override
  public boolean deletePersisted(PersistedLocation location, UUID id) {
    ensureOpen();
    return at(location).remove(id) != null;
  }

  @Override
  public void sync(PersistedLocation location) {
    ensureOpen();
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public void destroy() {
    close();
    blobs.clear();
  }

  private Map<UUID, Blob> at(PersistedLocation location) {
    return locations.computeIfAbsent(location, l -> new ConcurrentHashMap<>());
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("The in-memory blob store is closed");
    }
  }
}
