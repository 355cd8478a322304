package dev.filebacked.benchmarks.persistence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Another JVM that fills a contender's persistent cache and then stops, either cleanly (it
 * closes the cache and exits) or by a kill: once everything is in and flushed it says so on
 * its standard output and waits, and the benchmark's JVM kills it with
 * {@link Process#destroyForcibly()} (SIGKILL on Linux), as {@code kill -9} would. What a reopen
 * then finds is exactly what such a process leaves: no close ran, no checkpoint was written,
 * nothing was cleaned up.
 *
 * <p>Run by {@link #run}; its {@link #main} takes the contender, the folder, the number of
 * entries and {@code close} or {@code kill}.
 */
public final class FillProcess {

  /** What the child prints once its cache is filled and flushed, before it waits to die. */
  static final String FILLED = "FILLED";
  /** What the child prints once it closed its cache. */
  static final String CLOSED = "CLOSED";

  private FillProcess() {}

  /** How a filling process stops. */
  public enum Stop { CLOSE, KILL }

  public static void main(String[] args) throws Exception {
    Reopening who = Reopening.of(args[0]);
    Path directory = Path.of(args[1]);
    long entries = Long.parseLong(args[2]);
    Stop stop = Stop.valueOf(args[3].toUpperCase(Locale.ROOT));
    long started = System.nanoTime();
    Reopening.Store store = who.open(directory);
    for (long key = 0; key < entries; key++) {
      store.put(key, Reopening.valueOf(key));
    }
    store.flush();
    long held = store.entries();
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(Locale.ROOT, "%s: put %,d entries and flushed in %.1f s (%,.0f puts/s); "
        + "it holds %,d%n", who, entries, seconds, entries / seconds, held);
    if (held != entries) {
      System.out.println("ERROR: the cache holds " + held + " entries, not " + entries);
      System.exit(1);
    }
    if (stop == Stop.KILL) {
      System.out.println(FILLED);
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE); // until the parent kills this process
    }
    store.close();
    System.out.println(CLOSED);
  }

  /**
   * Fills {@code who}'s cache in {@code directory} with {@code entries} entries in a new JVM
   * (this one's class path), then closes it or kills that JVM; returns once the process is gone.
   * Its output is copied to this one's, each line marked.
   *
   * @throws IllegalStateException if it fails, or does not get there within {@code timeout}
   */
  public static void run(Reopening who, Path directory, long entries, Stop stop,
      Duration timeout) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-Xms2g", "-Xmx2g", "-cp",
        System.getProperty("java.class.path"), FillProcess.class.getName(), who.toString(),
        directory.toString(), Long.toString(entries), stop.name()))
        .redirectErrorStream(true).start();
    CompletableFuture<String> done = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(
          process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          System.out.println("[fill process] " + line);
          if (line.equals(FILLED) || line.equals(CLOSED)) {
            done.complete(line);
          }
        }
      } catch (IOException e) {
        done.completeExceptionally(e);
      }
      done.complete("exited");
    }, "fill-process-output");
    reader.setDaemon(true);
    reader.start();
    try {
      String said = done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      String expected = stop == Stop.KILL ? FILLED : CLOSED;
      if (!said.equals(expected)) {
        throw new IllegalStateException("The fill process ended without saying " + expected
            + " (exit code " + process.waitFor() + ")");
      }
      if (stop == Stop.KILL) {
        process.destroyForcibly();
      }
      if (!process.waitFor(1, TimeUnit.MINUTES)) {
        throw new IllegalStateException("The fill process did not end");
      }
      int exit = process.exitValue();
      if (stop == Stop.KILL ? exit != 137 : exit != 0) {
        throw new IllegalStateException("The fill process ended with exit code " + exit);
      }
      System.out.println("[fill process] " + (stop == Stop.KILL ? "killed (SIGKILL)" : "closed")
          + ", exit code " + exit);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("The fill process failed or took longer than " + timeout,
          e);
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.MINUTES);
      }
      reader.join(TimeUnit.SECONDS.toMillis(10));
    }
  }
}
