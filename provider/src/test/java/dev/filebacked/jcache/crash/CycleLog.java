package dev.filebacked.jcache.crash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One killed child's stdout, read back into each key's history: the states the key went through
 * (its start state, then one per acknowledged op, in program order since one thread owns each
 * key), the op in flight at the kill, and, under ON_FLUSH, how many of those ops the last
 * completed flush covered. States are value ids, {@code "-"} for absent.
 *
 * <p>While reading, each acknowledged result is checked against the state the key is known to
 * be in (a {@code replace} that returned {@code false} on a present key, a {@code getAndPut}
 * that returned another old value): those are {@linkplain #liveViolations live violations}.
 */
final class CycleLog {

  static final String ABSENT = "-";

  final int cycle;
  final int keys;
  private final List<List<String>> states = new ArrayList<>();
  private final List<List<String>> notes = new ArrayList<>();
  private final List<Set<String>> inFlight = new ArrayList<>();
  private final List<String> inFlightNotes = new ArrayList<>();
  private int[] floor;
  final List<String> liveViolations = new ArrayList<>();
  final List<String> errors = new ArrayList<>();
  long acknowledged;
  long inFlightOps;
  long flushes;

  private CycleLog(int cycle, String[] start) {
    this.cycle = cycle;
    this.keys = start.length;
    for (String state : start) {
      states.add(new ArrayList<>(List.of(state)));
      notes.add(new ArrayList<>(List.of("start: " + state)));
      inFlight.add(new LinkedHashSet<>());
      inFlightNotes.add(null);
    }
    floor = new int[keys];
  }

  /**
   * Reads the lines of cycle {@code cycle}, whose keys were in the states {@code start} when
   * its child began.
   */
  static CycleLog parse(int cycle, String[] start, List<String> lines) {
    CycleLog log = new CycleLog(cycle, start);
    Map<String, String[]> pending = new HashMap<>();
    Map<Long, int[]> flushStarts = new HashMap<>();
    boolean ready = false;
    for (String line : lines) {
      String[] f = line.split(" ", 6);
      switch (f[0]) {
        case "READY" -> ready = true;
        case "STATE", "EXTRA", "ENTRIES" -> { }
        case "BEGIN" -> {
          String[] previous = pending.put(f[1], f);
          if (!ready || previous != null) {
            log.liveViolations.add(log.where() + "protocol: " + line + " while "
                + (ready ? String.join(" ", previous) + " is in flight" : "not READY"));
          }
        }
        case "ACK" -> {
          String[] begin = pending.remove(f[1]);
          if (begin == null || !begin[2].equals(f[2]) || !begin[3].equals(f[3])
              || !begin[4].equals(f[4])) {
            log.liveViolations.add(log.where() + "protocol: " + line + " does not match "
                + (begin == null ? "any BEGIN" : String.join(" ", begin)));
            continue;
          }
          log.acknowledged(begin, f[5]);
        }
        case "ERR" -> log.errors.add(log.where() + line);
        case "FLUSH-BEGIN" -> flushStarts.put(Long.parseLong(f[1]), log.counts());
        case "FLUSHED" -> {
          int[] counts = flushStarts.get(Long.parseLong(f[1]));
          if (counts == null) {
            log.liveViolations.add(log.where() + "protocol: " + line + " without FLUSH-BEGIN");
          } else {
            log.floor = counts;
            log.flushes++;
          }
        }
        case "FATAL" -> log.errors.add(log.where() + line);
        default -> log.liveViolations.add(log.where() + "protocol: unexpected line " + line);
      }
    }
    // In flight at the kill (or failed, for a thread that stopped on an ERR): either outcome.
    for (String[] begin : pending.values()) {
      log.inFlight(begin);
    }
    return log;
  }

  private String where() {
    return "cycle " + cycle + ": ";
  }

  private int[] counts() {
    int[] counts = new int[keys];
    for (int key = 0; key < keys; key++) {
      counts[key] = states.get(key).size() - 1;
    }
    return counts;
  }

  private static String last(List<String> list) {
    return list.get(list.size() - 1);
  }

  private void acknowledged(String[] begin, String result) {
    String op = begin[2];
    int key = Integer.parseInt(begin[3]);
    String id = begin[4];
    String arg = begin[5];
    String before = last(states.get(key));
    boolean present = !before.equals(ABSENT);
    String expected;
    boolean succeeded;
    switch (op) {
      case "PUT" -> {
        expected = "-";
        succeeded = true;
      }
      case "GET_AND_PUT" -> {
        expected = before;
        succeeded = true;
      }
      case "REMOVE" -> {
        expected = Boolean.toString(present);
        succeeded = true;
      }
      case "REPLACE" -> {
        expected = Boolean.toString(present);
        succeeded = result.equals("true");
      }
      case "PUT_IF_ABSENT" -> {
        expected = Boolean.toString(!present);
        succeeded = result.equals("true");
      }
      case "REPLACE_IF", "REMOVE_IF" -> {
        expected = Boolean.toString(present && before.equals(arg));
        succeeded = result.equals("true");
      }
      default -> throw new AssertionError("unknown op " + op);
    }
    if (!expected.equals(result)) {
      liveViolations.add(where() + "live: " + op + " key " + key + " (" + id + ", arg " + arg
          + ") returned " + result + " but the key held " + before + ", so it should have "
          + "returned " + expected);
    }
    String after = !succeeded ? before : op.startsWith("REMOVE") ? ABSENT : id;
    states.get(key).add(after);
    notes.get(key).add(op + " " + id + (arg.equals("-") ? "" : " if " + arg) + " -> " + result
        + " => " + after);
    acknowledged++;
  }

  private void inFlight(String[] begin) {
    String op = begin[2];
    int key = Integer.parseInt(begin[3]);
    String id = begin[4];
    String arg = begin[5];
    String before = last(states.get(key));
    boolean present = !before.equals(ABSENT);
    Set<String> outcomes = inFlight.get(key);
    outcomes.add(before);
    switch (op) {
      case "PUT", "GET_AND_PUT" -> outcomes.add(id);
      case "REMOVE" -> outcomes.add(ABSENT);
      case "REPLACE" -> {
        if (present) {
          outcomes.add(id);
        }
      }
      case "PUT_IF_ABSENT" -> {
        if (!present) {
          outcomes.add(id);
        }
      }
      case "REPLACE_IF" -> {
        if (present && before.equals(arg)) {
          outcomes.add(id);
        }
      }
      case "REMOVE_IF" -> {
        if (present && before.equals(arg)) {
          outcomes.add(ABSENT);
        }
      }
      default -> throw new AssertionError("unknown op " + op);
    }
    inFlightNotes.set(key, op + " " + id + (arg.equals("-") ? "" : " if " + arg));
    inFlightOps++;
  }

  /**
   * What may be found for each key after the kill. Under FSYNC: the state after the last
   * acknowledged op, or an outcome of the op in flight. Under ON_FLUSH ({@code flushPromise}):
   * the state the last completed flush covered (the state after the last op acknowledged
   * before that flush began) or any later one, or an outcome of the op in flight. The strict
   * set is always the FSYNC one: what "a killed process loses nothing that returned" allows.
   */
  Expectations expectations(boolean flushPromise) {
    Expectations.Key[] expected = new Expectations.Key[keys];
    for (int key = 0; key < keys; key++) {
      List<String> history = states.get(key);
      Set<String> strict = new LinkedHashSet<>();
      strict.add(last(history));
      strict.addAll(inFlight.get(key));
      Set<String> allowed = new LinkedHashSet<>(strict);
      if (flushPromise) {
        allowed.addAll(history.subList(floor[key], history.size()));
      }
      List<String> keyNotes = notes.get(key);
      StringBuilder context = new StringBuilder();
      context.append(history.size() - 1).append(" acked op(s) this cycle");
      if (flushPromise) {
        context.append(", ").append(floor[key]).append(" covered by the last flush");
      }
      context.append("; last: ")
          .append(String.join(" | ", keyNotes.subList(Math.max(0, keyNotes.size() - 4),
              keyNotes.size())));
      if (inFlightNotes.get(key) != null) {
        context.append("; in flight: ").append(inFlightNotes.get(key));
      }
      expected[key] = new Expectations.Key(allowed, strict, List.copyOf(history),
          context.toString());
    }
    return new Expectations(expected);
  }

  @Override
  public String toString() {
    return "CycleLog[cycle " + cycle + ", " + acknowledged + " acked, " + inFlightOps
        + " in flight, floor " + Arrays.toString(floor) + "]";
  }
}
