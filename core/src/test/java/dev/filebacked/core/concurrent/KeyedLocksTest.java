package dev.filebacked.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyedLocksTest {

  private static final Duration BOUND = Duration.ofSeconds(20);

  private final KeyedLocks<String> locks = new KeyedLocks<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void threadsOnOneKeyTakeTurnsAndNoIncrementIsLost() {
    int[] counter = {0}; // plain int: only the lock makes the increments safe
    assertTimeoutPreemptively(BOUND, () -> {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        workers.add(threads.submit(() -> {
          for (int i = 0; i < 20_000; i++) {
            try (KeyedLocks.Held held = locks.lock("k")) {
              counter[0]++;
            }
          }
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    });
    assertThat(counter[0]).isEqualTo(80_000);
  }

  @Test
  void aLockIsReentrantAndFreeForOthersOnlyAfterTheOutermostClose() throws Exception {
    KeyedLocks.Held outer = locks.lock("k");
    KeyedLocks.Held inner = locks.lock("k");
    inner.close();
    CompletableFuture<Void> other = CompletableFuture.runAsync(() -> locks.lock("k").close(),
        threads);
    assertTimeoutPreemptively(BOUND, () -> {
      while (!locks.hasWaiters("k")) {
        Thread.onSpinWait();
      }
    }, "the other thread should wait while the outer hold is open");
    assertThat(other).isNotDone();
    outer.close();
    assertTimeoutPreemptively(BOUND, () -> other.get());
  }

  @Test
  void aLockOnOneKeyDoesNotHoldUpAnother() {
    try (KeyedLocks.Held held = locks.lock("a")) {
      assertTimeoutPreemptively(BOUND,
          () -> CompletableFuture.runAsync(() -> locks.lock("b").close(), threads).get());
    }
  }

  /**
   * The holder unmaps its lock before it lets go; a thread that was waiting on that lock must
   * not take it as the key's lock once a third party (here the first holder again) has mapped a
   * new one. Without the check after locking, both would hold the key at once.
   */
  @Test
  void aWaiterWhoseLockWasUnmappedWhileItWaitedDoesNotEnterBesideTheNewHolder() {
    assertTimeoutPreemptively(BOUND, () -> {
      for (int round = 0; round < 200; round++) {
        AtomicBoolean firstHolds = new AtomicBoolean();
        AtomicBoolean overlapped = new AtomicBoolean();
        KeyedLocks.Held first = locks.lock("k");
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
          try (KeyedLocks.Held held = locks.lock("k")) {
            overlapped.compareAndSet(false, firstHolds.get());
          }
        }, threads);
        while (!locks.hasWaiters("k")) {
          Thread.onSpinWait();
        }
        first.close(); // unmaps the lock the waiter is queued on, then wakes it
        KeyedLocks.Held again = locks.lock("k");
        firstHolds.set(true);
        // Either the waiter moved on to wait for this new lock, or it held the key before it.
        while (!locks.hasWaiters("k") && !waiter.isDone()) {
          Thread.onSpinWait();
        }
        firstHolds.set(false);
        again.close();
        waiter.get();
        assertThat(overlapped).as("round %d: two holders of one key", round).isFalse();
      }
    });
  }
}
