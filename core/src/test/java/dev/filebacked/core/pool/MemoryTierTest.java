package dev.filebacked.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The tier holds at most a key's current version. Versions of one key are admitted and removed
 * by different threads in any order (a put installing the new one, a reader re-admitting the old
 * one whose spill it cancelled), so each case below is one of those orders, run in sequence.
 */
class MemoryTierTest {

  private final ConcurrentHashMap<String, Node<String>> index = new ConcurrentHashMap<>();
  private final List<Node<String>> evicted = new ArrayList<>();
  private final MemoryTier<String> tier =
      MemoryTier.ofEntries(2, index::get, Runnable::run, evicted::add);

  private static Node<String> version(String key, String value) {
    return Node.inMemory(key, UUID.randomUUID(), value, FilePool.NEVER);
  }

  @Test
  void aReadFindsTheCurrentVersionOfAKey() {
    Node<String> node = version("k", "v");
    index.put("k", node);
    tier.admit(node);

    assertThat(tier.get("k")).isSameAs(node);
    assertThat(tier.get("absent")).isNull();
  }

  @Test
  void aReplacedVersionAdmittedAfterTheCurrentOneDoesNotDisplaceIt() {
    Node<String> old = version("k", "v1");
    Node<String> current = version("k", "v2");
    index.put("k", current);
    tier.admit(current);

    tier.admit(old); // a reader that cancelled the old version's spill, late

    assertThat(tier.get("k")).isSameAs(current);
    assertThat(tier.entries()).isEqualTo(1);
  }

  @Test
  void theCurrentVersionAdmittedAfterAReplacedOneTakesItsPlace() {
    Node<String> old = version("k", "v1");
    index.put("k", old);
    tier.admit(old);
    Node<String> current = version("k", "v2");
    index.put("k", current);

    tier.admit(current);

    assertThat(tier.get("k")).isSameAs(current);
    assertThat(tier.contains(old)).isFalse();
    assertThat(evicted).as("a replaced version is retired by the pool, not spilled").isEmpty();
  }

  @Test
  void removingAReplacedVersionLeavesTheCurrentOne() {
    Node<String> old = version("k", "v1");
    Node<String> current = version("k", "v2");
    index.put("k", current);
    tier.admit(current);

    tier.remove(old);

    assertThat(tier.contains(current)).isTrue();
  }

  @Test
  void aVersionNoLongerInTheIndexIsNotAdmitted() {
    Node<String> removed = version("k", "v");

    tier.admit(removed);

    assertThat(tier.get("k")).isNull();
  }

  @Test
  void theBoundEvictsToOnEvict() {
    for (String key : List.of("a", "b", "c")) {
      Node<String> node = version(key, "v");
      index.put(key, node);
      tier.admit(node);
    }
    tier.cleanUp();

    assertThat(tier.entries()).isEqualTo(2);
    assertThat(evicted).hasSize(1);
    assertThat(tier.contains(evicted.get(0))).isFalse();
  }
}
