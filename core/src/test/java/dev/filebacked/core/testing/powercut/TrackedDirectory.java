package dev.filebacked.core.testing.powercut;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The model of one directory: its live entries, the entries it held at its last fsync, and the
 * {@link EntryChange changes} since, in order. An fsync replays the changes onto the durable
 * entries, so it costs what changed since the last one, not the size of the directory.
 *
 * <p>Not thread-safe: guarded by the {@link Namespace}'s monitor.
 */
final class TrackedDirectory implements Node {

  private final Map<String, Node> live = new HashMap<>();
  private final Map<String, Node> durable = new HashMap<>();
  private final List<EntryChange> pending = new ArrayList<>();

  /** A directory whose entries are all durable already (found when the layer was set up). */
  static TrackedDirectory durable(Map<String, Node> entries) {
    TrackedDirectory directory = new TrackedDirectory();
    directory.live.putAll(entries);
    directory.durable.putAll(entries);
    return directory;
  }

  /** The node a live entry names, or {@code null}. */
  Node get(String name) {
    return live.get(name);
  }

  /** The live entries, read-only. */
  Map<String, Node> entries() {
    return Collections.unmodifiableMap(live);
  }

  void add(String name, Node node) {
    record(EntryChange.add(name, node));
  }

  void remove(String name) {
    record(EntryChange.remove(name));
  }

  void rename(String from, String to, Node node) {
    record(EntryChange.rename(from, to, node));
  }

  /** Makes the live entries durable, as an fsync of the directory does. */
  void sync() {
    for (EntryChange change : pending) {
      change.applyTo(durable);
    }
    pending.clear();
  }

  /**
   * The entries a power cut leaves: the durable ones with the changes {@code kept} accepts
   * replayed in order ({@code kept} is asked once per change, in order). Sorted by name, so
   * that a cut consumes its randomness in an order that does not depend on hashing.
   */
  SortedMap<String, Node> afterCut(Predicate<EntryChange> kept) {
    SortedMap<String, Node> entries = new TreeMap<>(durable);
    for (EntryChange change : pending) {
      if (kept.test(change)) {
        change.applyTo(entries);
      }
    }
    return entries;
  }

  private void record(EntryChange change) {
    change.applyTo(live);
    pending.add(change);
  }
}
