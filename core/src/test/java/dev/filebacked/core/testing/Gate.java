package dev.filebacked.core.testing;

import static org.assertj.core.api.Assertions.fail;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stops an operation part-way, so a test can act while it is in flight. Armed, the next call to
 * {@link #pass()} signals that it has arrived and waits until the test {@link #open()}s it.
 * Waits are bounded so a broken interleaving fails the test instead of hanging it.
 */
public final class Gate {

  private static final long TIMEOUT_SECONDS = 20;
  private volatile CountDownLatch arrived;
  private volatile CountDownLatch release;

  /** Makes the next operation wait at the gate. */
  public void arm() {
    arrived = new CountDownLatch(1);
    release = new CountDownLatch(1);
  }

  /** Called by the operation: waits here if the gate is armed. */
  public void pass() {
    CountDownLatch r = release;
    CountDownLatch a = arrived;
    if (r == null) {
      return;
    }
    a.countDown();
    await(r, "the test to open the gate");
  }

  /** Waits until an operation is held at the gate. */
  public void awaitArrival() {
    await(arrived, "an operation to arrive at the gate");
  }

  /** Lets the held operation (and any later ones) through, and disarms. */
  public void open() {
    CountDownLatch r = release;
    release = null;
    if (r != null) {
      r.countDown();
    }
  }

  private static void await(CountDownLatch latch, String what) {
    try {
      if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        fail("Timed out after " + TIMEOUT_SECONDS + " s waiting for " + what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("Interrupted waiting for " + what);
    }
  }
}
