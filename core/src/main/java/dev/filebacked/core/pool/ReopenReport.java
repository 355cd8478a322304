package dev.filebacked.core.pool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What opening a persistent pool found, also logged when it opens.
 *
 * @param entries entries indexed (their values stay on disk until read)
 * @param clean whether the pool was closed cleanly: its checkpoint covered everything, nothing
 *     was replayed or repaired
 * @param recordsReplayed journal records read after the checkpoint
 * @param lostWrites changes whose values a crash of the machine lost before they were durable
 *     (their keys keep the version before)
 * @param tornBytes bytes of a torn journal end cut off
 * @param orphansDeleted blobs no entry names (written by a change the crash cut short, or dead
 *     versions whose deletion it cut short), deleted; only counted after an unclean stop
 * @param keysSkipped entries whose key no longer decodes (its class changed or is gone); their
 *     blobs stay where they are
 * @param quarantined damaged journal files moved to quarantine
 * @param took how long the open took
 */
public record ReopenReport(long entries, boolean clean, long recordsReplayed, long lostWrites,
    long tornBytes, long orphansDeleted, long keysSkipped, List<Path> quarantined,
    Duration took) {

  /** Entries indexed per second. */
  public double entriesPerSecond() {
    double seconds = took.toNanos() / 1e9;
    return seconds == 0 ? entries : entries / seconds;
  }

  @Override
  public String toString() {
    return (clean ? "clean reopen" : "reopen after an unclean stop") + ": " + entries
        + " entries indexed in " + took.toMillis() + " ms (" + Math.round(entriesPerSecond())
        + "/s), " + recordsReplayed + " journal records replayed, " + lostWrites + " writes "
        + "lost, " + tornBytes + " torn bytes cut, " + orphansDeleted + " orphan blobs deleted, "
        + keysSkipped + " keys skipped, " + quarantined.size() + " files quarantined";
  }
}
