package dev.filebacked.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filebacked.core.testing.powercut.PowerCutFileSystem;
import dev.filebacked.spi.Durability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Power cuts: a pool runs on a file layer that holds back whatever was not made durable
 * ({@link PowerCutFileSystem}); at random points of a random workload the layer builds a state
 * a power cut could leave (some, all or none of the undurable writes, renames, creates and
 * deletes dropped, file data torn), and a pool reopened on that state, in a new boot, must hold
 * for every key what its durability promised: never an older version than the last promised
 * one, never a removed key's value after a promised removal, never a torn value.
 */
class PowerCutTest {

  private static final int KEYS = 12;
  private static final int OPS = 440;
  private static final int CUT_EVERY = 4;
  private static final UUID BEFORE = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  private static final UUID AFTER = UUID.fromString("00000000-0000-0000-0000-00000000000b");
  private static final String ABSENT = "(absent)";

  @TempDir
  Path temp;

  @ParameterizedTest
  @EnumSource(Durability.class)
  @Timeout(120)
  void everyCutKeepsWhatTheDurabilityPromised(Durability durability) throws IOException {
    Random random = new Random(durability.ordinal() * 7919L + 17);
    int cuts = 0;
    long keysChecked = 0;
    List<String> violations = new ArrayList<>();
    try (PowerCutFileSystem layer = PowerCutFileSystem.over(
        Files.createDirectories(temp.resolve("live")))) {
      // history.get(k): every state key k went through, oldest first; promised[k]: the index of
      // the newest state durability promised.
      List<List<String>> history = new ArrayList<>();
      int[] promised = new int[KEYS];
      for (int k = 0; k < KEYS; k++) {
        history.add(new ArrayList<>(List.of(ABSENT)));
      }
      FilePool<String, String> pool = FilePool.<String, String>builder().name("cut")
          .directory(layer.root().resolve("pool")).maximumEntriesInMemory(3)
          .persistent(durability).bootId(BEFORE).build();
      try {
        for (int op = 0; op < OPS; op++) {
          int k = random.nextInt(KEYS);
          String state;
          if (random.nextInt(4) == 0) {
            pool.remove("k" + k);
            state = ABSENT;
          } else {
            state = "v" + op + "-" + "x".repeat(random.nextInt(200));
            pool.put("k" + k, state);
          }
          history.get(k).add(state);
          if (durability == Durability.FSYNC) {
            promised[k] = history.get(k).size() - 1;
          } else if (random.nextInt(25) == 0) {
            pool.flush();
            for (int i = 0; i < KEYS; i++) {
              promised[i] = history.get(i).size() - 1;
            }
          }
          if (op % CUT_EVERY == CUT_EVERY - 1) {
            Path state0 = Files.createDirectory(temp.resolve("cut-" + cuts++));
            layer.cut(random, state0);
            keysChecked += check(state0.resolve("pool"), durability, history, promised,
                violations);
            deleteRecursively(state0);
          }
        }
      } finally {
        pool.close();
      }
    }
    System.out.printf("power cut, %s: %d cut points, %d key states checked, %d violations%n",
        durability, cuts, keysChecked, violations.size());
    assertThat(cuts).isGreaterThanOrEqualTo(110);
    assertThat(violations).as("violations at cut points").isEmpty();
  }

  /** Reopens the cut state in a new boot and checks every key; returns how many it checked. */
  private static int check(Path directory, Durability durability, List<List<String>> history,
      int[] promised, List<String> violations) {
    if (!Files.exists(directory)) {
      // Nothing of the pool made it to disk: only right if nothing was promised yet.
      for (int k = 0; k < KEYS; k++) {
        if (!history.get(k).get(promised[k]).equals(ABSENT)) {
          violations.add("the pool's folder is gone, but k" + k + " was promised");
        }
      }
      return KEYS;
    }
    try (FilePool<String, String> reopened = FilePool.<String, String>builder().name("cut")
        .directory(directory).persistent(durability).bootId(AFTER).build()) {
      for (int k = 0; k < KEYS; k++) {
        String found = reopened.get("k" + k);
        String seen = found == null ? ABSENT : found;
        List<String> states = history.get(k);
        List<String> allowed = states.subList(promised[k], states.size());
        if (!allowed.contains(seen)) {
          violations.add("k" + k + " holds " + abbreviate(seen) + ", not one of "
              + allowed.stream().map(PowerCutTest::abbreviate).toList() + " ("
              + reopened.reopenReport() + ")");
        }
      }
    } catch (RuntimeException e) {
      violations.add("the reopen failed: " + e);
    }
    return KEYS;
  }

  private static String abbreviate(String state) {
    int dash = state.indexOf('-');
    return dash < 0 ? state : state.substring(0, dash);
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
