package dev.filebacked.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Compound operations are atomic per key, and a key's lock (held while a synchronous listener,
 * loader, writer or disk read runs) never holds up another key.
 */
class PerKeyLockingTest {

  private static final Duration BOUND = Duration.ofSeconds(30);

  @RegisterExtension
  final ProviderFixture fixture = new ProviderFixture("per-key-locking");

  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void putIfAbsentRacersOnAKeyHeldByASlowListenerWaitAndLoseWhileOtherKeysGoOn()
      throws Exception {
    CountDownLatch insideListener = new CountDownLatch(1);
    CountDownLatch releaseListener = new CountDownLatch(1);
    AtomicInteger created = new AtomicInteger();
    CacheEntryCreatedListener<String, String> listener = events -> events.forEach(event -> {
      created.incrementAndGet();
      if (event.getKey().equals("contended")) {
        insideListener.countDown();
        await(releaseListener, "the test to release the winner's listener");
      }
    });
    Factory<CacheEntryListener<? super String, ? super String>> factory = () -> listener;
    MutableConfiguration<String, String> configuration = new MutableConfiguration<>();
    configuration.addCacheEntryListenerConfiguration(
        new MutableCacheEntryListenerConfiguration<>(factory, null, false, true));
    Cache<String, String> cache = fixture.manager().createCache("locking", configuration);

    CompletableFuture<Boolean> winner =
        CompletableFuture.supplyAsync(() -> cache.putIfAbsent("contended", "winner"), threads);
    assertThat(insideListener.await(BOUND.toSeconds(), TimeUnit.SECONDS))
        .as("the winner's putIfAbsent reached its listener within %s", BOUND).isTrue();

    List<Thread> racerThreads = new ArrayList<>();
    List<CompletableFuture<Boolean>> racers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String value = "racer-" + i;
      CompletableFuture<Boolean> racer = new CompletableFuture<>();
      Thread thread = new Thread(() -> racer.complete(cache.putIfAbsent("contended", value)),
          value);
      racerThreads.add(thread);
      racers.add(racer);
      thread.start();
    }
    long deadline = System.nanoTime() + BOUND.toNanos();
    for (Thread thread : racerThreads) {
      while (thread.getState() != Thread.State.WAITING) { // it parks on the winner's key lock
        if (System.nanoTime() - deadline > 0) {
          fail(thread.getName() + " did not park on the key's lock within " + BOUND
              + "; it is " + thread.getState());
        }
        Thread.onSpinWait();
      }
    }

    // The winner is still inside its listener, holding "contended": other keys are not held up.
    cache.put("other", "free");
    assertThat(cache.get("other")).isEqualTo("free");
    assertThat(racers).noneMatch(CompletableFuture::isDone);

    releaseListener.countDown();
    assertThat(winner).as("the winner's putIfAbsent, once its listener is released")
        .succeedsWithin(BOUND).isEqualTo(true);
    for (int i = 0; i < racers.size(); i++) {
      assertThat(racers.get(i)).as("racer-%d's putIfAbsent, after the winner's", i)
          .succeedsWithin(BOUND).isEqualTo(false);
    }
    assertThat(cache.get("contended")).isEqualTo("winner");
    assertThat(created).hasValue(2); // "contended" once, "other" once
  }

  private static void await(CountDownLatch latch, String what) {
    try {
      if (!latch.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("Waited " + BOUND + " for " + what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
