package dev.filebacked.core.store;

import dev.filebacked.core.testing.InMemoryBlobStore;
import dev.filebacked.spi.BlobStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/** The contract, held against the in-memory fake the pool tests may use. */
class InMemoryBlobStoreTest extends BlobStoreContractTest {

  private InMemoryBlobStore shared;

  @Override
  BlobStore openStore(Path directory) {
    // Locations are maps inside the store; a reopened store sees the same ones.
    if (shared == null) {
      shared = new InMemoryBlobStore();
      return shared;
    }
    InMemoryBlobStore reopened = shared.reopen();
    shared = reopened;
    return reopened;
  }

  @AfterEach
  void forget() {
    shared = null;
  }
}
