package dev.filebacked.core.testing.powercut;

import java.util.function.Predicate;

/** The two ends of what a power cut can leave: nothing lost, or everything not durable lost. */
enum AllOrNothing implements CutPolicy {

  /** Every pending change and every write reaches the disk: the live state. */
  KEEP_ALL {
    @Override
    public Predicate<EntryChange> changesKept() {
      return change -> true;
    }

    @Override
    public byte[] content(byte[] durable, byte[] current) {
      return current;
    }
  },

  /** Nothing that was not made durable reaches the disk. */
  DROP_ALL {
    @Override
    public Predicate<EntryChange> changesKept() {
      return change -> false;
    }

    @Override
    public byte[] content(byte[] durable, byte[] current) {
      return durable;
    }
  }
}
