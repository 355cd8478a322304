package dev.filebacked.core.persist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Which boot of the machine this is. A journal segment written in the boot that reopens it has
 * lost nothing its writer wrote (a killed process leaves its writes in the page cache); one
 * written in an earlier boot may have lost what was not fsynced, so a reopen checks the blobs
 * its unsynced records name. Linux tells the boot apart; elsewhere every run counts as a new
 * boot, which costs a slower reopen after a crash, never a wrong one.
 */
public final class BootId {

  private static final Path LINUX = Path.of("/proc/sys/kernel/random/boot_id");
  private static final UUID CURRENT = read();

  private BootId() {}

  /** This boot's id. */
  public static UUID current() {
    return CURRENT;
  }

  private static UUID read() {
    try {
      return UUID.fromString(Files.readString(LINUX).trim());
    } catch (IOException | IllegalArgumentException | SecurityException e) {
      return UUID.randomUUID();
    }
  }
}
