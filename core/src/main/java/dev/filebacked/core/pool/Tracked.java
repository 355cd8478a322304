package dev.filebacked.core.pool;

import dev.filebacked.spi.PersistedLocation;
import dev.filebacked.spi.TrackedLocation;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The pool's {@link TrackedLocation}: the ids present, kept current by persist and delete. */
final class Tracked implements TrackedLocation {

  private final PersistedLocation location;
  private final Set<UUID> present = ConcurrentHashMap.newKeySet();

  Tracked(PersistedLocation location, Collection<UUID> ids) {
    this.location = location;
    this.present.addAll(ids);
  }

  @Override
  public PersistedLocation location() {
    return location;
  }

  @Override
  public Set<UUID> ids() {
    return Set.copyOf(present);
  }

  @Override
  public boolean contains(UUID id) {
    return present.contains(id);
  }

  void add(UUID id) {
    present.add(id);
  }

  void remove(UUID id) {
    present.remove(id);
  }

  @Override
  public String toString() {
    return "TrackedLocation[" + location.directory() + ", " + present.size() + " blobs]";
  }
}
