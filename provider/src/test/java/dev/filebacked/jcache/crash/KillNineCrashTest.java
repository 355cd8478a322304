package dev.filebacked.jcache.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.filebacked.spi.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A persistent cache through kill -9: a child JVM ({@link CrashWorkload}) changes the cache from
 * 4 threads on 64 keys and is killed at a random moment, over and over on the same directory;
 * after each kill, what the cache holds is checked key by key against what the child
 * acknowledged ({@link CrashCycles}).
 *
 * <p>Cycles: {@code filebacked.crash.cycles} for FSYNC (default 50; the {@code crash-soak}
 * profile sets 1,000) and {@code filebacked.crash.onflush.cycles} for ON_FLUSH (default a fifth
 * of that, at least 20). {@code filebacked.crash.seed} replays a run's random choices (not its
 * timing). Each test bounds its own time by its cycle count; the {@code @Timeout} only lifts the
 * suite's default of 3 minutes for the long form.
 */
class KillNineCrashTest {

  private static final int THREADS = 4;
  private static final int KEYS = 64;

  @TempDir
  Path temp;

  @Test
  @Timeout(value = 12, unit = TimeUnit.HOURS) // the real bound: budget(cycles) below
  void fsyncKeepsEveryAcknowledgedChangeThroughKillNine() throws Exception {
    int cycles = Integer.getInteger("filebacked.crash.cycles", 50);
    run(Durability.FSYNC, cycles);
  }

  @Test
  @Timeout(value = 12, unit = TimeUnit.HOURS) // the real bound: budget(cycles) below
  void onFlushKeepsEverythingBeforeTheLastFlushThroughKillNine() throws Exception {
    int cycles = Integer.getInteger("filebacked.crash.onflush.cycles",
        Math.max(20, Integer.getInteger("filebacked.crash.cycles", 50) / 5));
    run(Durability.ON_FLUSH, cycles);
  }

  private void run(Durability durability, int cycles) {
    long seed = Long.getLong("filebacked.crash.seed", System.nanoTime());
    CrashCycles.Settings settings = new CrashCycles.Settings(durability, cycles, THREADS, KEYS,
        seed, 100, 600);
    CrashCycles.Result result = assertTimeoutPreemptively(budget(cycles),
        () -> CrashCycles.run(settings, temp));
    System.out.println(result.summary());
    for (String deviation : first(result.deviations())) {
      System.out.println("  deviation: " + deviation);
    }
    assertThat(result.violations())
        .as("violations in " + result.summary() + "; the children's output of the cycles "
            + "concerned is in " + CrashCycles.evidenceDirectory(settings) + "; the first ones:\n  "
            + String.join("\n  ", first(result.violations())))
        .isEmpty();
    assertThat(result.cycles()).isEqualTo(cycles);
    assertThat(result.acknowledged()).isPositive();
  }

  /** About 1.5 s a cycle is usual on 2 vCPUs; 6 s a cycle is a hang, not slowness. */
  private static Duration budget(int cycles) {
    return Duration.ofSeconds(60 + 6L * cycles);
  }

  private static List<String> first(List<String> messages) {
    return messages.subList(0, Math.min(10, messages.size()));
  }
}
