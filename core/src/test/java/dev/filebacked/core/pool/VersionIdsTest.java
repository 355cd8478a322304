package dev.filebacked.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VersionIdsTest {

  @Test
  void idsAreRandomVersion4UuidsWithoutRepeats() {
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      UUID id = VersionIds.next();
      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
      assertThat(seen.add(id)).as("repeat of %s", id).isTrue();
    }
  }
}
