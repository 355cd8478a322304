package dev.filebacked.core.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.UUID;

/**
 * One version of one key: the pool's index maps a key to its current node, and a new value is
 * always a new node with a fresh id. This class is the entry state machine, in one place.
 *
 * <p><b>Where the value is</b> is told by the {@code value} field:
 * <ul>
 *   <li>a payload (see {@link ValueForm}) — in memory;
 *   <li>a {@link PendingLoad} — being loaded; other readers join that load (single-flight);
 *   <li>{@code null} — on disk only.
 * </ul>
 *
 * <p><b>What is happening to it</b> is told by the flag bits of {@code state}:
 * <ul>
 *   <li>SPILLING — evicted from the memory tier, its write queued or running; the value
 *       is still held and served. An access clears the flag, which cancels a write not yet begun
 *       and puts the node back in the tier;
 *   <li>WRITING — a spill, a persist or a retry is writing the blob (one write per version at a
 *       time: {@link #claimWrite} makes the others wait for it);
 *   <li>WRITTEN — the blob exists in the store, so leaving memory needs no I/O;
 *   <li>REMOVED — no longer the key's current version; readers that hold it finish.
 * </ul>
 * The remaining bits count references: one for the index, one per reader, spill or persist in
 * flight. When the last one goes, the value is dropped and a written blob is deleted in the
 * background.
 *
 * <pre>
 *        put ──► MEMORY ──evicted, WRITTEN──────────────────────────► ON DISK ◄─┐
 *                  │  ▲                                                  │       │ load
 *          evicted │  │ access (cancels the spill)                   get │       │ failed
 *                  ▼  │                                                  ▼       │
 *               SPILLING ──write done: WRITTEN, value dropped──► ON DISK   LOADING ┘
 *                                                                          │ loaded
 *   register ──► ON DISK                                       MEMORY ◄────┘ (WRITTEN)
 *
 *   any state ──replaced or removed──► REMOVED ──last reference released──► blob deleted
 * </pre>
 *
 * <p>A write that fails for good ({@link FailurePolicy}) ends SPILLING in one of two ways: the
 * node is REMOVED (evicted, counted), or, under {@code DiskFullPolicy.FAIL_WRITES}, it goes back
 * to MEMORY outside the memory tier, among the {@link WaitingForDisk values waiting for the
 * disk}, until a retry writes it. A load that fails for good leaves the node ON DISK (a passing
 * error) or REMOVED (a corrupt, missing or unreadable blob; only this node, never the key's newer
 * one).
 *
 * <p>Every transition is a method of this class named after what happens ({@link #evict},
 * {@link #cancelSpill}, {@link #beginWrite}, {@link #claimWrite}, {@link #writeSucceeded},
 * {@link #beginLoad}, ...); no other class reads or sets the state bits. At most one write of a
 * version is in flight at a time, whoever starts it. The {@link DiskTier} decides when each
 * happens.
 *
 * <p>Kept small on purpose (object header, three longs, two references, one int): it is all the
 * heap a disk-resident entry costs besides its index slot and its key. The expiry time is here,
 * not in the blob, so that changing it (an access that extends it) never rewrites a value.
 */
final class Node<K> {

  private static final int SPILLING = 1;
  private static final int WRITING = 1 << 1;
  private static final int WRITTEN = 1 << 2;
  private static final int REMOVED = 1 << 3;
  private static final int REF = 1 << 4;

  private static final VarHandle STATE;
  private static final VarHandle VALUE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(Node.class, "state", int.class);
      VALUE = lookup.findVarHandle(Node.class, "value", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final K key;
  private final long idHigh;
  private final long idLow;
  private volatile Object value;
  private volatile int state;
  private volatile long expiresAt;

  private Node(K key, UUID id, Object value, int flags, long expiresAt) {
    this.key = key;
    this.idHigh = id.getMostSignificantBits();
    this.idLow = id.getLeastSignificantBits();
    this.value = value;
    this.state = flags | REF;
    this.expiresAt = expiresAt;
  }

  /** A new version whose value is in memory (MEMORY), holding the index's reference. */
  static <K> Node<K> inMemory(K key, UUID id, Object payload, long expiresAt) {
    return new Node<>(key, id, payload, 0, expiresAt);
  }

  /** A version whose blob is written and whose value is not loaded (ON DISK): a registration. */
  static <K> Node<K> onDisk(K key, UUID id, long expiresAt) {
    return new Node<>(key, id, null, WRITTEN, expiresAt);
  }

  UUID id() {
    return new UUID(idHigh, idLow);
  }

  boolean hasId(UUID id) {
    return idHigh == id.getMostSignificantBits() && idLow == id.getLeastSignificantBits();
  }

  boolean sameVersionAs(Node<?> other) {
    return idHigh == other.idHigh && idLow == other.idLow;
  }

  /** When the entry expires, in the pool user's clock; {@link FilePool#NEVER} if it does not. */
  long expiresAt() {
    return expiresAt;
  }

  void setExpiresAt(long time) {
    expiresAt = time;
  }

  /** The payload, a {@link PendingLoad}, or {@code null}: see the class comment. */
  Object value() {
    return value;
  }

  static boolean isResident(Object value) {
    return value != null && !(value instanceof PendingLoad);
  }

  boolean isRemoved() {
    return (state & REMOVED) != 0;
  }

  /** Whether the version's blob exists in the store. */
  boolean isWritten() {
    return (state & WRITTEN) != 0;
  }

  boolean isSpilling() {
    return (state & SPILLING) != 0;
  }

  // ------------------------------------------------------------- leaving memory

  /** What the memory tier's eviction of a node leads to: see {@link #evict}. */
  enum Eviction {
    /** The blob was written already: the value was dropped, no I/O needed. */
    DROPPED,
    /** Now SPILLING: the caller queues the write. */
    SPILL,
    /** Nothing to do: already spilling, or the value is not in memory. */
    NONE
  }

  /** The memory tier pushed this node out: MEMORY becomes ON DISK (if written) or SPILLING. */
  Eviction evict() {
    for (;;) {
      int s = state;
      Object v = value;
      if ((s & WRITTEN) != 0) {
        return isResident(v) && VALUE.compareAndSet(this, v, null) ? Eviction.DROPPED
            : Eviction.NONE;
      }
      if ((s & SPILLING) != 0 || !isResident(v)) {
        return Eviction.NONE;
      }
      if (STATE.compareAndSet(this, s, s | SPILLING)) {
        return Eviction.SPILL;
      }
    }
  }

  /**
   * Ends SPILLING without dropping the value (an access, a spill the executor refused, a write
   * that failed for good); a write not yet begun will not begin. Returns whether this call ended
   * it: {@code false} if it was over already.
   */
  boolean cancelSpill() {
    return clear(SPILLING);
  }

  /** What a spill task finds when it starts: see {@link #beginWrite}. */
  enum WriteStart {
    /** WRITING now: the caller writes the blob, then reports how it went. */
    WRITE,
    /** Written meanwhile (persisted): nothing to write, the value may leave memory. */
    WRITTEN_ALREADY,
    /** Cancelled by an access, removed, or another write is in flight: nothing to do now. */
    SKIP
  }

  /** A spill task starts: SPILLING becomes SPILLING + WRITING, at most one writer at a time. */
  WriteStart beginWrite() {
    for (;;) {
      int s = state;
      if ((s & REMOVED) != 0 || (s & SPILLING) == 0 || (s & WRITING) != 0) {
        return WriteStart.SKIP;
      }
      if ((s & WRITTEN) != 0) {
        return WriteStart.WRITTEN_ALREADY;
      }
      if (STATE.compareAndSet(this, s, s | WRITING)) {
        return WriteStart.WRITE;
      }
    }
  }

  /**
   * A write outside a spill (a persist, the retry of a value the disk refused) starts: WRITING,
   * unless the blob is written ({@code WRITTEN_ALREADY}) or another write is in flight
   * ({@code SKIP}: wait for its outcome, then ask again). A spill that starts meanwhile skips,
   * and leaves dropping the value to this write.
   */
  WriteStart claimWrite() {
    for (;;) {
      int s = state;
      if ((s & WRITTEN) != 0) {
        return WriteStart.WRITTEN_ALREADY;
      }
      if ((s & WRITING) != 0) {
        return WriteStart.SKIP;
      }
      if (STATE.compareAndSet(this, s, s | WRITING)) {
        return WriteStart.WRITE;
      }
    }
  }

  /** A write is done: WRITING becomes WRITTEN, in one step. */
  void writeSucceeded() {
    for (;;) {
      int s = state;
      if (STATE.compareAndSet(this, s, (s & ~WRITING) | WRITTEN)) {
        return;
      }
    }
  }

  /** A write failed for good: no longer WRITING (a spill's node still SPILLING, for the policy). */
  void writeFailed() {
    clear(WRITING);
  }

  /** After a spill's write: the value leaves memory, unless an access cancelled the spill. */
  void leaveMemoryAfterSpill() {
    if (clear(SPILLING)) {
      Object v = value;
      if (isResident(v)) {
        VALUE.compareAndSet(this, v, null);
      }
    }
  }

  /** Drops {@code payload} from memory if it is still the value held: the node is ON DISK. */
  void dropValue(Object payload) {
    VALUE.compareAndSet(this, payload, null);
  }

  // ------------------------------------------------------------- loading

  /** ON DISK becomes LOADING with {@code pending}; returns {@code false} if it was not on disk. */
  boolean beginLoad(PendingLoad pending) {
    return VALUE.compareAndSet(this, null, pending);
  }

  /**
   * The load ends: the node holds {@code payload} (MEMORY) or, if {@code null}, is ON DISK
   * again.
   */
  void endLoad(PendingLoad pending, Object payload) {
    VALUE.compareAndSet(this, pending, payload);
  }

  // ------------------------------------------------------------- references

  /** No longer the key's current version: REMOVED. Readers that hold it finish. */
  void markRemoved() {
    set(REMOVED);
  }

  /** Takes a reference unless the node is removed or dead; returns whether it did. */
  boolean tryAcquire() {
    for (;;) {
      int s = state;
      if ((s & REMOVED) != 0 || s < REF) {
        return false;
      }
      if (STATE.compareAndSet(this, s, s + REF)) {
        return true;
      }
    }
  }

  /**
   * Drops a reference; returns whether it was the last one, in which case the value is dropped
   * and a written blob is the caller's to delete.
   */
  boolean release() {
    int after = (int) STATE.getAndAdd(this, -REF) - REF;
    if (after < 0) {
      throw new IllegalStateException("Node " + id() + " released more often than acquired");
    }
    if (after >= REF) {
      return false;
    }
    value = null;
    return true;
  }

  private void set(int flag) {
    for (;;) {
      int s = state;
      if ((s & flag) != 0 || STATE.compareAndSet(this, s, s | flag)) {
        return;
      }
    }
  }

  /** Clears {@code flag}; returns whether this call cleared it. */
  private boolean clear(int flag) {
    for (;;) {
      int s = state;
      if ((s & flag) == 0) {
        return false;
      }
      if (STATE.compareAndSet(this, s, s & ~flag)) {
        return true;
      }
    }
  }

  @Override
  public String toString() {
    int s = state;
    Object v = value;
    return "Node[" + id() + ", key=" + key + ", "
        + (v == null ? "on disk" : v instanceof PendingLoad ? "loading" : "in memory")
        + ((s & SPILLING) != 0 ? ", spilling" : "") + ((s & WRITING) != 0 ? ", writing" : "")
        + ((s & WRITTEN) != 0 ? ", written" : "") + ((s & REMOVED) != 0 ? ", removed" : "")
        + ", refs=" + s / REF + "]";
  }
}
