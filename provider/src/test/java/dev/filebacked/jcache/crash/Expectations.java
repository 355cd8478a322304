package dev.filebacked.jcache.crash;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What each key of the crash test's cache may hold when it is opened next, and the check of
 * what it does hold. {@code allowed} is the promise checked (a value outside it is a violation);
 * {@code strict} may be narrower (ON_FLUSH: what a kill, as opposed to a power cut, should
 * keep), and a value outside it only a deviation, reported but not failed.
 */
final class Expectations {

  /** One key's expectation; {@code history} is the states it went through, oldest first. */
  record Key(Set<String> allowed, Set<String> strict, List<String> history, String context) {}

  /** What a check found wrong: violations fail the test, deviations are reported. */
  static final class Outcome {
    final List<String> violations = new ArrayList<>();
    final List<String> deviations = new ArrayList<>();
  }

  private final Key[] keys;

  Expectations(Key[] keys) {
    this.keys = keys;
  }

  /** Exactly {@code states}, nothing else: what a clean close left. */
  static Expectations exactly(String[] states) {
    Key[] keys = new Key[states.length];
    for (int key = 0; key < states.length; key++) {
      keys[key] = new Key(Set.of(states[key]), Set.of(states[key]), List.of(states[key]),
          "exactly as it was when the cache was closed cleanly");
    }
    return new Expectations(keys);
  }

  /**
   * Checks what a reopen found: {@code found[key]} (an id, {@code "-"}, or a BAD/ERROR
   * description), how many entries iteration met and the keys outside the key space it met.
   */
  Outcome check(String where, String[] found, int entries, List<String> extras) {
    Outcome outcome = new Outcome();
    int present = 0;
    for (int key = 0; key < keys.length; key++) {
      Key expected = keys[key];
      String value = found[key];
      if (value == null) {
        outcome.violations.add(where + ": key " + key + " was not reported");
        continue;
      }
      if (!value.equals(CycleLog.ABSENT)) {
        present++;
      }
      if (!expected.allowed().contains(value)) {
        outcome.violations.add(where + ": key " + key + " holds " + value + " ("
            + classify(expected, value) + "); allowed " + expected.allowed() + "; "
            + expected.context());
      } else if (!expected.strict().contains(value)) {
        outcome.deviations.add(where + ": key " + key + " holds " + value + " ("
            + classify(expected, value) + "); a kill should have kept " + expected.strict()
            + "; " + expected.context());
      }
    }
    if (entries != present) {
      outcome.violations.add(where + ": iteration met " + entries + " entries, get found "
          + present);
    }
    for (String extra : extras) {
      outcome.violations.add(where + ": iteration met a key outside the key space: " + extra);
    }
    return outcome;
  }

  private static String classify(Key expected, String value) {
    if (!CrashValues.isId(value) && !value.equals(CycleLog.ABSENT)) {
      return "torn, foreign or unreadable";
    }
    List<String> history = expected.history();
    int at = history.lastIndexOf(value);
    if (value.equals(CycleLog.ABSENT)) {
      return at >= 0 ? "absent, as it was " + (history.size() - 1 - at) + " acked op(s) before "
          + "the last one" : "absent: lost";
    }
    if (at >= 0) {
      return "an older version: " + (history.size() - 1 - at) + " acked op(s) before the "
          + "last one";
    }
    return "a value from no acked op in this history (older, or a failed conditional op)";
  }
}
