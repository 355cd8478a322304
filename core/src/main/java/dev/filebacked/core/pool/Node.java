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
 *   <li>{@link #SPILLING} — evicted from the memory tier, its write queued or running; the value
 *       is still held and served. An access clears the flag, which cancels a write not yet begun
 *       and puts the node back in the tier;
 *   <li>{@link #WRITING} — a spill task is writing the blob (at most one at a time);
 *   <li>{@link #WRITTEN} — the blob exists in the store, so leaving memory needs no I/O;
 *   <li>{@link #REMOVED} — no longer the key's current version; readers that hold it finish.
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
 * to MEMORY outside the memory tier, in the pool's list of values waiting for the disk, until a
 * retry writes it. A load that fails for good leaves the node ON DISK (a passing error) or
 * REMOVED (a corrupt, missing or unreadable blob; only this node, never the key's newer one).
 *
 * <p>Kept small on purpose (object header, three longs, two references, one int): it is all the
 * heap a disk-resident entry costs besides its index slot and its key. The expiry time is here,
 * not in the blob, so that changing it (an access that extends it) never rewrites a value.
 */
final class Node<K> {

  static final int SPILLING = 1;
  static final int WRITING = 1 << 1;
  static final int WRITTEN = 1 << 2;
  static final int REMOVED = 1 << 3;
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

  /** A node holding one reference (the index's). */
  Node(K key, UUID id, Object value, int flags, long expiresAt) {
    this.key = key;
    this.idHigh = id.getMostSignificantBits();
    this.idLow = id.getLeastSignificantBits();
    this.value = value;
    this.state = flags | REF;
    this.expiresAt = expiresAt;
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

  Object value() {
    return value;
  }

  void setValue(Object newValue) {
    value = newValue;
  }

  boolean casValue(Object expected, Object newValue) {
    return VALUE.compareAndSet(this, expected, newValue);
  }

  static boolean isResident(Object value) {
    return value != null && !(value instanceof PendingLoad);
  }

  int state() {
    return state;
  }

  boolean casState(int expected, int newState) {
    return STATE.compareAndSet(this, expected, newState);
  }

  boolean has(int flag) {
    return (state & flag) != 0;
  }

  boolean isRemoved() {
    return has(REMOVED);
  }

  /** Sets {@code flag}; returns whether this call set it. */
  boolean set(int flag) {
    for (;;) {
      int s = state;
      if ((s & flag) != 0) {
        return false;
      }
      if (casState(s, s | flag)) {
        return true;
      }
    }
  }

  /** Clears {@code flag}; returns whether this call cleared it. */
  boolean clear(int flag) {
    for (;;) {
      int s = state;
      if ((s & flag) == 0) {
        return false;
      }
      if (casState(s, s & ~flag)) {
        return true;
      }
    }
  }

  /** Takes a reference unless the node is removed or dead; returns whether it did. */
  boolean tryAcquire() {
    for (;;) {
      int s = state;
      if ((s & REMOVED) != 0 || s < REF) {
        return false;
      }
      if (casState(s, s + REF)) {
        return true;
      }
    }
  }

  /** Drops a reference; returns whether it was the last one. */
  boolean release() {
    int after = (int) STATE.getAndAdd(this, -REF) - REF;
    if (after < 0) {
      throw new IllegalStateException("Node " + id() + " released more often than acquired");
    }
    return after < REF;
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
