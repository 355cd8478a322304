package dev.filebacked.core.testing.powercut;

import java.util.function.Predicate;

/** Decides, for one cut, which of what was not made durable reaches the disk anyway. */
interface CutPolicy {

  /**
   * Which of one directory's pending changes the cut keeps: asked once per directory, the
   * predicate is then asked once per change, in order.
   */
  Predicate<EntryChange> changesKept();

  /**
   * The content a dirty file comes back with, given its {@code durable} content (empty if never
   * forced) and its {@code current} one. Either array may be returned; neither may be changed.
   */
  byte[] content(byte[] durable, byte[] current);
}
