package dev.filebacked.core.testing.powercut;

import java.util.Map;

/**
 * One change to a directory's entries since the directory was last fsynced. A create, a link or
 * a move in from another directory adds a name; an unlink or a move out removes one; a rename
 * within the directory does both in one step, because a rename within one directory is atomic.
 * A power cut keeps any subset of a directory's changes, each replayed in order.
 *
 * @param removed the name removed, or {@code null}
 * @param added the name added, or {@code null}
 * @param node what {@code added} names; {@code null} when nothing is added
 */
record EntryChange(String removed, String added, Node node) {

  static EntryChange add(String name, Node node) {
    return new EntryChange(null, name, node);
  }

  static EntryChange remove(String name) {
    return new EntryChange(name, null, null);
  }

  static EntryChange rename(String from, String to, Node node) {
    return new EntryChange(from, to, node);
  }

  /** Replays this change on {@code entries}. */
  void applyTo(Map<String, Node> entries) {
    if (removed != null) {
      entries.remove(removed);
    }
    if (added != null) {
      entries.put(added, node);
    }
  }
}
