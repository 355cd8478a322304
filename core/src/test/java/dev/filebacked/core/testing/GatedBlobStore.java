package dev.filebacked.core.testing;

import dev.filebacked.spi.Blob;
import dev.filebacked.spi.BlobStore;
import dev.filebacked.spi.BlobView;
import dev.filebacked.spi.PersistedLocation;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link BlobStore} that counts calls and can hold any operation at a {@link Gate}, while its
 * real work is done by the store it wraps.
 */
public final class GatedBlobStore extends ForwardingBlobStore {

  public final Gate writeGate = new Gate();
  public final Gate readGate = new Gate();
  public final Gate persistGate = new Gate();
  public final Gate deletePersistedGate = new Gate();
  public final AtomicInteger writes = new AtomicInteger();
  public final AtomicInteger reads = new AtomicInteger();
  public final AtomicInteger deletes = new AtomicInteger();
  /** When set, every write throws it, as a full disk would. */
  public volatile RuntimeException writeFailure;

  public GatedBlobStore(BlobStore delegate) {
    super(delegate);
  }

  @Override
  public void write(UUID id, Blob blob) {
    writes.incrementAndGet();
    writeGate.pass();
    RuntimeException failure = writeFailure;
    if (failure != null) {
      throw failure;
    }
    super.write(id, blob);
  }

  @Override
  public Blob read(UUID id) {
    reads.incrementAndGet();
    readGate.pass();
    return super.read(id);
  }

  @Override
  public <R> R read(UUID id, Function<BlobView, R> reader) {
    reads.incrementAndGet();
    readGate.pass();
    return super.read(id, reader);
  }

  @Override
  public boolean delete(UUID id) {
    deletes.incrementAndGet();
    return super.delete(id);
  }

  @Override
  public void persist(UUID id, PersistedLocation location) {
    persistGate.pass();
    super.persist(id, location);
  }

  @Override
  public boolean deletePersisted(PersistedLocation location, UUID id) {
    deletePersistedGate.pass();
    return super.deletePersisted(location, id);
  }
}
