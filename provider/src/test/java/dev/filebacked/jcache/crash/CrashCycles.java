package dev.filebacked.jcache.crash;

import dev.filebacked.spi.Durability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * Runs kill -9 cycles on one cache directory: each cycle starts a {@link CrashWorkload} child,
 * lets it change the cache for a random while, kills it, and checks what the next open of the
 * directory finds against what the child's lines say it did ({@link CycleLog}).
 *
 * <p>The next open is, at random, either this JVM's (which then closes the cache cleanly: the
 * next child must find exactly what this JVM found) or the next child's, which reports what it
 * found before it starts changing anything (so the directory goes from crash to recovery to
 * crash with no clean close in between). The last cycle's is always this JVM's. Whatever the
 * open found (once checked) is where the next cycle starts.
 */
final class CrashCycles {

  /** What a run does. */
  record Settings(Durability durability, int cycles, int threads, int keys, long seed,
      int minRunMillis, int maxRunMillis) {}

  /** What a run did and found. */
  record Result(Settings settings, int cycles, int verifiedHere, int verifiedByChild,
      long acknowledged, long inFlight, long keysChecked, long flushes, List<String> violations,
      List<String> deviations, Duration time) {

    String summary() {
      return "Crash test " + settings.durability() + ": " + cycles + " kill -9 cycles ("
          + verifiedHere + " reopened in the test JVM, " + verifiedByChild
          + " by the next child), " + acknowledged + " acknowledged ops checked, " + inFlight
          + " in flight at a kill, " + keysChecked + " key states checked"
          + (settings.durability() == Durability.ON_FLUSH ? ", " + flushes + " flushes" : "")
          + ", " + violations.size() + " violations"
          + (settings.durability() == Durability.ON_FLUSH
              ? ", " + deviations.size() + " acked-but-unflushed changes lost by a kill" : "")
          + "; " + time.toMillis() / 1000.0 + " s; seed " + settings.seed() + " ("
          + settings.threads() + " threads, " + settings.keys() + " keys)";
    }
  }

  private static final int MAX_VIOLATIONS = 100;

  private CrashCycles() {}

  static Result run(Settings settings, Path root) throws IOException, InterruptedException {
    long started = System.nanoTime();
    Path directory = Files.createDirectories(root.resolve("caches"));
    Path managers = Files.createDirectories(root.resolve("managers"));
    Random random = new Random(settings.seed());
    boolean flushPromise = settings.durability() == Durability.ON_FLUSH;

    String[] model = new String[settings.keys()];
    Arrays.fill(model, CycleLog.ABSENT);
    Expectations pending = Expectations.exactly(model);
    String pendingWhere = "the first open of an empty directory";
    List<String> violations = new ArrayList<>();
    List<String> deviations = new ArrayList<>();
    int verifiedHere = 0;
    int verifiedByChild = 0;
    long acknowledged = 0;
    long inFlight = 0;
    long keysChecked = 0;
    long flushes = 0;
    int cycle = 0;
    while (cycle < settings.cycles() && violations.size() < MAX_VIOLATIONS) {
      cycle++;
      List<String> lines;
      int violationsBefore = violations.size();
      try (ChildJvm child = ChildJvm.start(CrashWorkload.class, childFiles(root, cycle),
          directory.toString(),
          managers.toString(), settings.durability().name(), Integer.toString(cycle),
          Long.toString(random.nextLong()), Integer.toString(settings.threads()),
          Integer.toString(settings.keys()))) {
        String ready = child.awaitLine(line -> line.equals("READY") || line.startsWith("FATAL"),
            Duration.ofSeconds(60));
        if (ready == null || !ready.equals("READY")) {
          throw new AssertionError("Cycle " + cycle + ": the child did not get READY ("
              + (ready == null ? "no READY within 60 s or it exited" : ready) + "); lines: "
              + child.lines() + "; stderr: " + child.stderr());
        }
        Thread.sleep(settings.minRunMillis()
            + random.nextInt(settings.maxRunMillis() - settings.minRunMillis() + 1));
        child.kill();
        lines = child.lines();
      }

      // What this child found when it opened the directory: the check of the last cycle.
      Reopen opened = Reopen.fromLines(lines, settings.keys());
      Expectations.Outcome outcome = pending.check(pendingWhere, opened.found(),
          opened.entries(), opened.extras());
      violations.addAll(outcome.violations);
      deviations.addAll(outcome.deviations);
      keysChecked += settings.keys();
      model = opened.found();

      CycleLog log = CycleLog.parse(cycle, model, lines);
      violations.addAll(log.liveViolations);
      violations.addAll(log.errors);
      acknowledged += log.acknowledged;
      inFlight += log.inFlightOps;
      flushes += log.flushes;
      Expectations expected = log.expectations(flushPromise);

      if (violations.size() > violationsBefore) {
        keepEvidence(root, settings, cycle - 1, cycle);
        violationsBefore = violations.size();
      }

      if (cycle == settings.cycles() || random.nextBoolean()) {
        Reopen here = Reopen.inThisJvm(directory, managers, settings.durability(),
            settings.keys(), cycle);
        outcome = expected.check("cycle " + cycle + " reopened in the test JVM", here.found(),
            here.entries(), here.extras());
        violations.addAll(outcome.violations);
        deviations.addAll(outcome.deviations);
        keysChecked += settings.keys();
        model = here.found();
        pending = Expectations.exactly(model);
        pendingWhere = "cycle " + (cycle + 1) + "'s open after the test JVM's clean close";
        verifiedHere++;
        if (violations.size() > violationsBefore) {
          keepEvidence(root, settings, cycle);
        }
      } else {
        pending = expected;
        pendingWhere = "cycle " + cycle + " reopened by the next child";
        verifiedByChild++;
      }
      deleteChildFiles(root, cycle - 1);
    }
    if (cycle == settings.cycles() && !pendingWhere.contains("clean close")) {
      throw new AssertionError("The last cycle must be checked in the test JVM");
    }
    return new Result(settings, cycle, verifiedHere, verifiedByChild, acknowledged, inFlight,
        keysChecked, flushes, violations, deviations,
        Duration.ofNanos(System.nanoTime() - started));
  }

  private static Path childFiles(Path root, int cycle) {
    return root.resolve("child-" + cycle);
  }

  private static void deleteChildFiles(Path root, int cycle) throws IOException {
    for (String suffix : List.of(".out", ".err")) {
      Files.deleteIfExists(root.resolve("child-" + cycle + suffix));
    }
  }

  /**
   * Keeps the lines and stderr of {@code cycles}' children, which the temporary directory
   * would lose, in {@link #evidenceDirectory}.
   */
  private static void keepEvidence(Path root, Settings settings, int... cycles)
      throws IOException {
    Path evidence = Files.createDirectories(evidenceDirectory(settings));
    for (int cycle : cycles) {
      for (String suffix : List.of(".out", ".err")) {
        Path file = root.resolve("child-" + cycle + suffix);
        if (Files.exists(file)) {
          Files.copy(file, evidence.resolve(file.getFileName()),
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** Where the output of the children of a cycle with violations is kept. */
  static Path evidenceDirectory(Settings settings) {
    return Path.of(System.getProperty("basedir", "."), "target", "crash-evidence",
        settings.durability() + "-seed-" + settings.seed());
  }

  /** What one open of the directory found: each key's value as an id, and what iteration met. */
  record Reopen(String[] found, int entries, List<String> extras) {

    /** The STATE, ENTRIES and EXTRA lines a child printed before READY. */
    static Reopen fromLines(List<String> lines, int keys) {
      String[] found = new String[keys];
      int entries = -1;
      List<String> extras = new ArrayList<>();
      for (String line : lines) {
        String[] f = line.split(" ", 3);
        switch (f[0]) {
          case "STATE" -> found[Integer.parseInt(f[1])] = f[2];
          case "ENTRIES" -> entries = Integer.parseInt(f[1]);
          case "EXTRA" -> extras.add(f[1]);
          case "READY" -> {
            return new Reopen(found, entries, extras);
          }
          default -> { }
        }
      }
      throw new AssertionError("No READY in " + lines);
    }

    /** Opens the cache in this JVM, reads every key and iterates, and closes it cleanly. */
    static Reopen inThisJvm(Path directory, Path managers, Durability durability, int keys,
        int cycle) {
      String[] found = new String[keys];
      int entries = 0;
      List<String> extras = new ArrayList<>();
      CacheManager manager = CrashValues.manager("crash-verify", managers);
      try {
        Cache<Integer, String> cache;
        try {
          cache = manager.createCache(CrashValues.CACHE_NAME,
              CrashValues.configuration(directory, durability));
        } catch (RuntimeException e) {
          throw new AssertionError("Cycle " + cycle + ": the test JVM cannot reopen the cache "
              + "after the kill: " + e, e);
        }
        for (int key = 0; key < keys; key++) {
          try {
            found[key] = CrashValues.describe(key, cache.get(key));
          } catch (RuntimeException e) {
            found[key] = "ERROR(" + CrashWorkload.oneLine(e).replace(' ', '_') + ")";
          }
        }
        for (Cache.Entry<Integer, String> entry : cache) {
          entries++;
          if (entry.getKey() < 0 || entry.getKey() >= keys) {
            extras.add(entry.getKey().toString());
          }
        }
      } finally {
        manager.close();
      }
      return new Reopen(found, entries, extras);
    }
  }
}
