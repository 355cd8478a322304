package dev.filebacked.core.testing.powercut;

import java.util.Random;
import java.util.function.Predicate;

/**
 * A power cut at a random moment. Each directory keeps none, all, or a random share of its
 * pending changes (each change drawn on its own, so any subset can come out). Each dirty file
 * comes back with its durable content, its current content, or a torn mix of the two: a length
 * anywhere between the two lengths, and each {@value #SECTOR}-byte sector of what changed either
 * written or not. An unwritten sector holds the durable bytes where the file had durable bytes,
 * and zeros where it grew (space allocated, data never written); where the file shrank, a length
 * beyond the current one shows the durable bytes the truncate would have cut.
 */
final class RandomCut implements CutPolicy {

  /** The unit a disk writes atomically; a tear falls between sectors, not inside one. */
  static final int SECTOR = 512;

  private final Random random;

  RandomCut(Random random) {
    this.random = random;
  }

  @Override
  public Predicate<EntryChange> changesKept() {
    switch (random.nextInt(4)) {
      case 0:
        return change -> false;
      case 1:
        return change -> true;
      default:
        double share = random.nextDouble();
        return change -> random.nextDouble() < share;
    }
  }

  @Override
  public byte[] content(byte[] durable, byte[] current) {
    switch (random.nextInt(3)) {
      case 0:
        return durable;
      case 1:
        return current;
      default:
        return torn(durable, current);
    }
  }

  private byte[] torn(byte[] durable, byte[] current) {
    int common = Math.min(durable.length, current.length);
    int longest = Math.max(durable.length, current.length);
    int length = common + random.nextInt(longest - common + 1);
    byte[] grown = current.length > durable.length ? current : null;
    byte[] torn = new byte[length];
    for (int start = 0; start < length; start += SECTOR) {
      int end = Math.min(start + SECTOR, length);
      boolean written = random.nextBoolean();
      int sharedEnd = Math.min(end, common);
      if (start < sharedEnd) {
        System.arraycopy(written ? current : durable, start, torn, start, sharedEnd - start);
      }
      int from = Math.max(start, common);
      if (from < end) {
        if (grown == null) {
          System.arraycopy(durable, from, torn, from, end - from); // a truncate not on disk yet
        } else if (written) {
          System.arraycopy(grown, from, torn, from, end - from);
        } // else: zeros, allocated but never written
      }
    }
    return torn;
  }
}
