package dev.filebacked.core.persist;

import dev.filebacked.spi.BlobStoreException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Rebuilds a persistent pool's index from its journal folder: the newest intact checkpoint,
 * then every record of the segments after it. For each key the change with the highest sequence
 * number wins, whatever order the records were appended in; a removal wins over older puts, so
 * a removed value never comes back.
 *
 * <p>What a crash can leave, and what becomes of it:
 * <ul>
 *   <li>a torn last record (the process died, or the power went, while appending): the segment
 *       is cut back to its last whole record;
 *   <li>records whose blobs were not yet durable, in a segment written before the machine last
 *       booted (a power cut, not a killed process): each such blob is read and verified, and a
 *       record whose blob is missing or damaged is skipped, as a write the crash lost; the key
 *       keeps its previous version, whose blob is still there because a replaced blob is only
 *       deleted once the record replacing it is durable;
 *   <li>a damaged checkpoint, a damaged segment before the last, a gap in the segment numbers:
 *       not a crash but damage. The files from there on are moved to quarantine (kept for a
 *       person to look at, never served) and the index is what came before them.
 * </ul>
 * Progress is logged every few seconds on a long recovery.
 */
public final class Recovery {

  private static final System.Logger LOG = System.getLogger(Recovery.class.getName());
  private static final long PROGRESS_NANOS = 5_000_000_000L;

  /** What a recovery found. */
  /**
   * What a recovery found.
   *
   * @param entries the live entries
   * @param nextSegment the number the journal's next segment takes
   * @param lastSeq the highest sequence number used so far
   * @param checkpoint the checkpoint it started from, {@code null} if none; after a clean close
   *     it covers everything ({@code clean})
   * @param unsynced ids of live versions whose blobs may not be durable yet (written in this
   *     boot by a run that stopped before syncing them): the next sync must cover them
   */
  public record Result(List<IndexedEntry> entries, long nextSegment, long lastSeq,
      Checkpoint.Contents checkpoint, boolean clean, long recordsReplayed, long lostWrites,
      long tornBytes, List<Path> quarantined, List<UUID> unsynced) {}

  private final String name;
  private final Path dir;
  private final Path quarantine;
  private final UUID bootId;
  private final Predicate<JournalRecord.Put> blobIsWhole;
  private final Map<Key, Slot> slots = new HashMap<>();
  /** Puts from a segment of an earlier boot whose blobs no SYNC vouched for yet. */
  private final List<JournalRecord.Put> unvouched = new ArrayList<>();
  /** Puts of this boot whose blobs no SYNC vouched for: whole, maybe not durable. */
  private final List<JournalRecord.Put> unsyncedPuts = new ArrayList<>();
  private final List<Path> quarantined = new ArrayList<>();
  private long lastSeq;
  private long records;
  private long lostWrites;
  private long tornBytes;
  private long nextProgress = System.nanoTime() + PROGRESS_NANOS;

  private Recovery(String name, Path dir, Path quarantine, UUID bootId,
      Predicate<JournalRecord.Put> blobIsWhole) {
    this.name = name;
    this.dir = dir;
    this.quarantine = quarantine;
    this.bootId = bootId;
    this.blobIsWhole = blobIsWhole;
  }

  /**
   * Recovers the index kept in {@code dir}.
   *
   * @param name the pool's name, for log lines
   * @param quarantine where damaged files go
   * @param bootId this boot (see {@link BootId})
   * @param blobIsWhole reads the blob a put names and says whether it is whole and of its key;
   *     asked only for puts whose blob may have been lost
   */
  public static Result run(String name, Path dir, Path quarantine, UUID bootId,
      Predicate<JournalRecord.Put> blobIsWhole) {
    return new Recovery(name, dir, quarantine, bootId, blobIsWhole).run();
  }

  private Result run() {
    for (Path temp : JournalFiles.temporaries(dir)) {
      delete(temp); // a checkpoint whose writing was cut short; the journal still covers it
    }
    for (Path foreign : JournalFiles.foreign(dir)) {
      LOG.log(Level.WARNING, "Pool {0}: leaving {1} in place: FileBacked did not write it; move "
          + "it out of {2}", name, foreign, dir);
    }
    TreeMap<Long, Path> checkpoints = JournalFiles.checkpoints(dir);
    Checkpoint.Contents checkpoint = newestIntactCheckpoint(checkpoints);
    // A damaged checkpoint's name still says where the journal goes on after it.
    long firstSegment = checkpoints.isEmpty() ? 0 : checkpoints.lastKey();
    if (checkpoint != null) {
      lastSeq = checkpoint.lastSeq();
    }
    TreeMap<Long, Path> segments = JournalFiles.segments(dir);
    for (Path covered : segments.headMap(firstSegment).values()) {
      delete(covered); // a checkpoint covers it; deleting it was cut short
    }
    long next = firstSegment;
    List<Long> numbers = new ArrayList<>(segments.tailMap(firstSegment).keySet());
    List<Path> toReplay = new ArrayList<>(segments.tailMap(firstSegment).values());
    for (int i = 0; i < toReplay.size(); i++) {
      Path segment = toReplay.get(i);
      long number = numbers.get(i);
      if (number != next) {
        damaged(toReplay.subList(i, toReplay.size()), "segment " + JournalFiles.hex(next)
            + " is missing");
        break;
      }
      next = number + 1;
      if (!replay(segment, number, i == toReplay.size() - 1)) {
        damaged(toReplay.subList(i + 1, toReplay.size()), "segment " + segment + " is damaged "
            + "before its end");
        break;
      }
    }
    for (JournalRecord.Put put : unvouched) {
      if (blobIsWhole.test(put)) {
        apply(put);
      } else {
        lostWrites++;
      }
    }
    boolean clean = checkpoint != null && records == 0 && tornBytes == 0
        && quarantined.isEmpty();
    List<IndexedEntry> entries = slots.isEmpty() && checkpoint != null
        ? checkpoint.entries() : merged(checkpoint);
    List<UUID> unsynced = new ArrayList<>();
    for (JournalRecord.Put put : unsyncedPuts) {
      unsynced.add(put.id());
    }
    return new Result(entries, Math.max(next, nextFree(segments)), lastSeq, checkpoint, clean,
        records, lostWrites, tornBytes, List.copyOf(quarantined), unsynced);
  }

  /**
   * The newest checkpoint, or {@code null} if there is none or it is damaged (then quarantined:
   * the segments it covered are gone, so an older checkpoint would bring back stale entries).
   * Older checkpoints are superseded, their deletion cut short: deleted.
   */
  private Checkpoint.Contents newestIntactCheckpoint(TreeMap<Long, Path> checkpoints) {
    if (checkpoints.isEmpty()) {
      return null;
    }
    checkpoints.headMap(checkpoints.lastKey()).values().forEach(Recovery::delete);
    Path newest = checkpoints.lastEntry().getValue();
    try {
      return Checkpoint.read(newest);
    } catch (BlobStoreException e) {
      LOG.log(Level.ERROR, "Pool {0}: {1}; the entries it held are lost", name, e.getMessage());
      moveToQuarantine(newest);
      return null;
    }
  }

  /** Replays one segment; returns {@code false} if it is damaged before its end. */
  private boolean replay(Path segment, long number, boolean last) {
    ByteBuffer bytes;
    try {
      bytes = JournalFiles.readAll(segment);
    } catch (IOException e) {
      throw new BlobStoreException("Cannot read journal segment " + segment + ": " + e, e);
    }
    UUID writtenIn = header(bytes, number);
    if (writtenIn == null) {
      if (last) {
        tornBytes += bytes.limit();
        delete(segment); // started, its header never made it to disk: nothing was in it
        return true;
      }
      return false;
    }
    boolean sameBoot = writtenIn.equals(bootId);
    while (bytes.hasRemaining()) {
      JournalRecord record = JournalRecord.decode(bytes);
      if (record == null) {
        break;
      }
      records++;
      lastSeq = Math.max(lastSeq, record.seq());
      if (record instanceof JournalRecord.Put put && !put.blobDurable() && !sameBoot) {
        unvouched.add(put);
      } else if (record instanceof JournalRecord.Sync sync) {
        vouch(sync.seq());
      } else {
        if (record instanceof JournalRecord.Put put && !put.blobDurable()) {
          unsyncedPuts.add(put);
        }
        apply(record);
      }
      progress();
    }
    if (!bytes.hasRemaining()) {
      return true;
    }
    if (!last) {
      return false;
    }
    tornBytes += bytes.remaining();
    cut(segment, bytes.position());
    return true;
  }

  /** A SYNC: the blobs of every change numbered up to {@code boundary} are durable. */
  private void vouch(long boundary) {
    unvouched.removeIf(put -> {
      if (put.seq() <= boundary) {
        apply(put);
        return true;
      }
      return false;
    });
    unsyncedPuts.removeIf(put -> put.seq() <= boundary);
  }

  private static UUID header(ByteBuffer bytes, long number) {
    if (bytes.remaining() < Journal.SEGMENT_HEADER_BYTES) {
      return null;
    }
    ByteBuffer expected = Journal.header(number, new UUID(bytes.getLong(16), bytes.getLong(24)));
    ByteBuffer found = bytes.slice(0, Journal.SEGMENT_HEADER_BYTES);
    if (!found.equals(expected)) {
      return null;
    }
    bytes.position(Journal.SEGMENT_HEADER_BYTES);
    return new UUID(bytes.getLong(16), bytes.getLong(24));
  }

  private void apply(JournalRecord record) {
    if (record instanceof JournalRecord.Put put) {
      Key key = new Key(put.key());
      Slot slot = slots.get(key);
      if (slot == null || slot.seq < put.seq()) {
        slots.put(key, new Slot(put.seq(), put.id(), put.expiresAt()));
      }
    } else if (record instanceof JournalRecord.Remove remove) {
      Key key = new Key(remove.key());
      Slot slot = slots.get(key);
      if (slot == null || slot.seq < remove.seq()) {
        slots.put(key, new Slot(remove.seq(), null, 0));
      }
    }
  }

  /** The checkpoint's entries with the replayed changes on top. */
  private List<IndexedEntry> merged(Checkpoint.Contents checkpoint) {
    List<IndexedEntry> entries = new ArrayList<>();
    if (checkpoint != null) {
      for (IndexedEntry entry : checkpoint.entries()) {
        if (!slots.containsKey(new Key(entry.key()))) {
          entries.add(entry); // checkpointed entries precede every replayed change
        }
      }
    }
    slots.forEach((key, slot) -> {
      if (slot.id != null) {
        entries.add(new IndexedEntry(key.bytes, slot.id, slot.expiresAt));
      }
    });
    return entries;
  }

  private void progress() {
    if ((records & 0xFFFF) == 0 && System.nanoTime() > nextProgress) {
      nextProgress = System.nanoTime() + PROGRESS_NANOS;
      LOG.log(Level.INFO, "Pool {0}: reopening, {1} journal records replayed so far", name,
          records);
    }
  }

  private void damaged(List<Path> files, String why) {
    LOG.log(Level.ERROR, "Pool {0}: the journal in {1} is damaged ({2}); moving {3} file(s) to "
        + "quarantine, the changes in them are lost", name, dir, why, files.size());
    files.forEach(this::moveToQuarantine);
  }

  private void cut(Path segment, long length) {
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.truncate(length);
      channel.force(true);
    } catch (IOException e) {
      throw new BlobStoreException("Cannot cut the torn end off journal segment " + segment
          + ": " + e, e);
    }
  }

  private void moveToQuarantine(Path file) {
    try {
      Files.createDirectories(quarantine);
      Path target = quarantine.resolve(file.getFileName() + "." + System.currentTimeMillis());
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
      quarantined.add(target);
    } catch (IOException e) {
      throw new BlobStoreException("Cannot move damaged " + file + " to " + quarantine + ": "
          + e, e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new BlobStoreException("Cannot delete " + file + ": " + e, e);
    }
  }

  private static long nextFree(TreeMap<Long, Path> segments) {
    return segments.isEmpty() ? 0 : segments.lastKey() + 1;
  }

  /** An encoded key, compared by content. */
  private record Key(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }

  /** A key's newest change so far: a version, or a removal ({@code id == null}). */
  private record Slot(long seq, UUID id, long expiresAt) {}
}
