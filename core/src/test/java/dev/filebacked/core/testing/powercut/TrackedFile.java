package dev.filebacked.core.testing.powercut;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The model of one file (an inode: hard links share it). Its current content is the real
 * file's; this object holds its durable content, a copy of what the file held at its last
 * {@code force()}, and a version counter that every write, truncate and transfer into the file
 * bumps after it happened. The file is <i>clean</i> when no write came after the content of its
 * last force was read, and then its durable content is its current content, so a cut need not
 * read the real file.
 *
 * <p>A file that loses a name while dirty keeps a copy of its content as it was then: a cut that
 * brings the name back needs the content, and an unlinked file has no path left to read it by.
 * Writes through a channel after the file's last name is gone are not seen by that copy.
 */
final class TrackedFile implements Node {

  private static final byte[] EMPTY = {};

  private final AtomicLong version = new AtomicLong();
  /** The content at the last force, or {@code null} if never forced. Guarded by this. */
  private byte[] durable;
  /** The version whose content {@link #durable} is; -1 until forced. Guarded by this. */
  private long durableVersion = -1;
  /** The content when the file last lost a name while dirty, or {@code null}. Guarded by this. */
  private byte[] unlinked;

  /** A file whose current content {@code content} is durable already. */
  static TrackedFile durable(byte[] content) {
    TrackedFile file = new TrackedFile();
    file.durable = content;
    file.durableVersion = 0;
    return file;
  }

  /** The version to read before reading the content that a force makes durable. */
  long version() {
    return version.get();
  }

  /** Records that the content changed; called after the change. */
  void changed() {
    version.incrementAndGet();
  }

  /**
   * Records a force: {@code content} was read after {@code versionBefore} was, so it holds
   * every change up to that version (and perhaps some of a later one, which stays dirty). An
   * older force finishing late does not undo a newer one.
   */
  synchronized void forced(byte[] content, long versionBefore) {
    if (versionBefore >= durableVersion) {
      durable = content;
      durableVersion = versionBefore;
    }
  }

  /** Whether the content may differ from the durable content. */
  synchronized boolean isDirty() {
    return version.get() != durableVersion;
  }

  /** The content as of the last force; empty if never forced. */
  synchronized byte[] durableContent() {
    return durable == null ? EMPTY : durable;
  }

  /** Keeps {@code content}, read just before the file lost a name while dirty. */
  synchronized void losingName(byte[] content) {
    unlinked = content;
  }

  /**
   * The current content of a file that has no live name left: as it was when it lost its last
   * one, or the durable content if it was clean then.
   */
  synchronized byte[] contentWithoutName() {
    return unlinked != null ? unlinked : durableContent();
  }
}
