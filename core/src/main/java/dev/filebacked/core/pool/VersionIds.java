package dev.filebacked.core.pool;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fresh ids for new versions: random (version 4) UUIDs drawn from {@link ThreadLocalRandom}.
 * A version id must be unique, not unpredictable, so every {@code put} is spared
 * {@link UUID#randomUUID()}'s shared {@code SecureRandom}.
 */
final class VersionIds {

  private VersionIds() {}

  static UUID next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
    return new UUID(high, low);
  }
}
