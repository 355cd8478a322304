package dev.filebacked.core.store;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Buffers that blob reads borrow and give back, so that reading a large blob does not allocate
 * a fresh array for it: the file is read into a kept buffer, checksummed there and decoded from
 * it, and a codec copies a {@code byte[]} value out with one array copy (which, unlike a copy
 * out of native memory, needs no zeroed array first).
 *
 * <p>A buffer is lent to one read at a time: {@link #take} removes it from its slot, and
 * {@link #give} puts it back only into an empty slot (or in place of a smaller buffer), so two
 * reads in flight never share one, a nested read on the same thread included. What is kept is
 * bounded: at most {@code slots} buffers of at most {@code largestKept} bytes each, sized to the
 * blobs actually read; a larger read gets a buffer of its own that the garbage collector takes
 * back.
 */
final class ReadBuffers {

  /** Buffers are sized in these steps, so that blobs of about one size share one buffer. */
  private static final int STEP = 64 << 10;

  /**
   * The buffers every file store of the JVM reads through: a few, since each reading thread
   * holds one only while it reads; at most 32 MiB in all.
   */
  static final ReadBuffers SHARED = new ReadBuffers(
      Math.min(4, Math.max(2, Runtime.getRuntime().availableProcessors())), 8 << 20);

  private final AtomicReferenceArray<ByteBuffer> slots;
  private final int largestKept;

  ReadBuffers(int slots, int largestKept) {
    this.slots = new AtomicReferenceArray<>(slots);
    this.largestKept = largestKept;
  }

  /**
   * A buffer for a read of {@code size} bytes, position 0 and limit {@code size}: a kept one
   * large enough if there is one free, else a new one.
   */
  ByteBuffer take(int size) {
    if (size > largestKept) {
      return ByteBuffer.allocate(size); // never kept: a rare giant must not pin its size
    }
    int start = startSlot();
    for (int i = 0; i < slots.length(); i++) {
      int slot = (start + i) % slots.length();
      ByteBuffer kept = slots.get(slot);
      if (kept != null && kept.capacity() >= size && slots.compareAndSet(slot, kept, null)) {
        return kept.clear().limit(size);
      }
    }
    int capacity = (int) Math.min(largestKept, ((long) size + STEP - 1) / STEP * STEP);
    return ByteBuffer.allocate(capacity).limit(size);
  }

  /**
   * Takes back a buffer from {@link #take} whose read is over: kept in a free slot, or in
   * place of a smaller one, else dropped. The caller must not touch it afterwards.
   */
  void give(ByteBuffer buffer) {
    if (buffer.capacity() > largestKept) {
      return;
    }
    int start = startSlot();
    for (int i = 0; i < slots.length(); i++) {
      int slot = (start + i) % slots.length();
      ByteBuffer kept = slots.get(slot);
      if ((kept == null || kept.capacity() < buffer.capacity())
          && slots.compareAndSet(slot, kept, buffer)) {
        return;
      }
    }
  }

  /** Threads start at different slots, so that two readers rarely race for one. */
  private int startSlot() {
    return (int) (Thread.currentThread().getId() % slots.length());
  }
}
