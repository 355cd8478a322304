package dev.filebacked.jcache;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * Compound operations are atomic per key, and a key's lock (held while a synchronous listener,
 * loader, writer or disk read runs) never holds up another key.
 */
class PerKeyLockingTest {

  private final FileBackedCachingProvider provider = new FileBackedCachingProvider();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void close() {
    threads.shutdownNow();
    provider.close();
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
        await(releaseListener);
      }
    });
    Factory<CacheEntryListener<? super String, ? super String>> factory = () -> listener;
    MutableConfiguration<String, String> configuration = new MutableConfiguration<>();
    configuration.addCacheEntryListenerConfiguration(
        new MutableCacheEntryListenerConfiguration<>(factory, null, false, true));
    Cache<String, String> cache = provider.getCacheManager().createCache("locking",
        configuration);

    CompletableFuture<Boolean> winner =
        CompletableFuture.supplyAsync(() -> cache.putIfAbsent("contended", "winner"), threads);
    assertThat(insideListener.await(30, TimeUnit.SECONDS)).isTrue();

    List<Thread> racerThreads = new ArrayList<>();
    List<CompletableFuture<Boolean>> racers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String value = "racer-" + i;
      CompletableFuture<Boolean> racer = new CompletableFuture<>();
      Thread thread = new Thread(() -> racer.complete(cache.putIfAbsent("contended", value)));
      racerThreads.add(thread);
      racers.add(racer);
      thread.start();
    }
    for (Thread thread : racerThreads) {
      while (thread.getState() != Thread.State.WAITING) {
        Thread.onSpinWait(); // each racer parks on the key's lock, held by the winner
      }
    }

    // The winner is still inside its listener, holding "contended": other keys are not held up.
    cache.put("other", "free");
    assertThat(cache.get("other")).isEqualTo("free");
    assertThat(racers).noneMatch(CompletableFuture::isDone);

    releaseListener.countDown();
    assertThat(winner.get(30, TimeUnit.SECONDS)).isTrue();
    for (CompletableFuture<Boolean> racer : racers) {
      assertThat(racer.get(30, TimeUnit.SECONDS)).isFalse();
    }
    assertThat(cache.get("contended")).isEqualTo("winner");
    assertThat(created).hasValue(2); // "contended" once, "other" once
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
