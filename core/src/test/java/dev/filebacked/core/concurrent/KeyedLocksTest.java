package dev.filebacked.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
   * A holder unmaps its lock when nobody has said they want it. A thread that found the lock held
   * but had not yet said so when the holder let go must not take that lock as the key's once
   * another thread has mapped a new one: without the check after locking, both would hold the
   * key at once. The hook stops the waiter in that gap while the first holder lets go and locks
   * again.
   */
  @Test
  void aWaiterWhoseLockWasUnmappedBeforeItSaidItWantedItDoesNotEnterBesideTheNewHolder() {
    CountDownLatch inTheGap = new CountDownLatch(1);
    CountDownLatch holderLockedAgain = new CountDownLatch(1);
    AtomicBoolean firstTime = new AtomicBoolean(true);
    KeyedLocks<String> gapped = new KeyedLocks<>(16, key -> {
      if (firstTime.getAndSet(false)) {
        inTheGap.countDown();
        await(holderLockedAgain);
      }
    });
    AtomicBoolean holderHolds = new AtomicBoolean();
    AtomicBoolean overlapped = new AtomicBoolean();
    assertTimeoutPreemptively(BOUND, () -> {
      KeyedLocks.Held first = gapped.lock("k");
      CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
        try (KeyedLocks.Held held = gapped.lock("k")) {
          overlapped.set(holderHolds.get());
        }
      }, threads);
      await(inTheGap);
      first.close(); // nobody wants it yet: unmapped
      KeyedLocks.Held again = gapped.lock("k");
      holderHolds.set(true);
      holderLockedAgain.countDown();
      while (!gapped.hasWaiters("k") && !waiter.isDone()) {
        Thread.onSpinWait();
      }
      holderHolds.set(false);
      again.close();
      waiter.get();
    });
    assertThat(overlapped).as("the waiter held the key while its new holder did").isFalse();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(BOUND.toSeconds(), TimeUnit.SECONDS)).as("latch opened").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
