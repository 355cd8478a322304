package dev.filebacked.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchingExecutorTest {

  private static final long TIMEOUT_SECONDS = 10;

  private final BatchingExecutor executor =
      new BatchingExecutor("batching-executor-test", Duration.ofMillis(1));

  @AfterEach
  void stop() throws InterruptedException {
    executor.close();
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the task ran").isTrue();
  }

  private void awaitIdle() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!executor.isIdle()) {
      assertThat(System.nanoTime()).as("the executor went idle").isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  @Test
  void tasksRunInTheOrderTheyCame() throws InterruptedException {
    List<Integer> ran = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    for (int i = 0; i < 1_000; i++) {
      int task = i;
      executor.execute(() -> ran.add(task));
    }
    executor.execute(done::countDown);

    await(done);
    assertThat(ran).hasSize(1_000).isSorted();
  }

  @Test
  void aTaskSubmittedOnceTheThreadIsParkedIdleWakesIt() throws InterruptedException {
    CountDownLatch first = new CountDownLatch(1);
    executor.execute(first::countDown);
    await(first);
    awaitIdle();

    CountDownLatch second = new CountDownLatch(1);
    executor.execute(second::countDown);

    await(second);
  }

  @Test
  void aTaskSubmittedByARunningTaskRuns() throws InterruptedException {
    CountDownLatch inner = new CountDownLatch(1);
    executor.execute(() -> executor.execute(inner::countDown));

    await(inner);
  }

  @Test
  void aFailingTaskDoesNotStopTheOnesAfterIt() throws InterruptedException {
    CountDownLatch after = new CountDownLatch(1);
    executor.execute(() -> {
      throw new IllegalStateException("thrown on purpose by the test");
    });
    executor.execute(after::countDown);

    await(after);
  }

  @Test
  void closeRunsWhatIsQueuedAndEndsTheThread() throws InterruptedException {
    List<Integer> ran = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int task = i;
      executor.execute(() -> ran.add(task));
    }

    closeWithinTheTimeout();

    assertThat(ran).hasSize(100);
    assertThat(executor.threadEnded()).as("the executor's thread ended").isTrue();
    assertThatThrownBy(() -> executor.execute(() -> ran.add(-1)))
        .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("closed");
  }

  @Test
  void closeWakesAThreadParkedIdleAndEndsIt() throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(1);
    executor.execute(ran::countDown);
    await(ran);
    awaitIdle();

    closeWithinTheTimeout();

    assertThat(executor.threadEnded()).as("the executor's thread ended").isTrue();
  }

  private void closeWithinTheTimeout() {
    assertTimeoutPreemptively(Duration.ofSeconds(TIMEOUT_SECONDS), executor::close,
        "close() did not return: the executor's thread did not end");
  }

  @Test
  void theTickMustBePositive() {
    assertThatThrownBy(() -> new BatchingExecutor("never-started", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
  }
}
