package dev.filebacked.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, small filesystem for tests that fill a disk: a tmpfs of a few MiB mounted on a
 * folder, which needs root on Linux. Where it cannot be mounted, {@link #mount} aborts the test
 * (skipped, with the reason) instead of failing it. Closing unmounts it.
 */
public final class SmallDisk implements AutoCloseable {

  private static final long COMMAND_SECONDS = 30;
  private final Path path;

  private SmallDisk(Path path) {
    this.path = path;
  }

  /** Mounts a tmpfs of {@code mebibytes} MiB on {@code directory}, or skips the test. */
  public static SmallDisk mount(Path directory, int mebibytes) {
    String why = tryMount(directory, mebibytes);
    Assumptions.assumeTrue(why == null, () -> "Cannot mount a " + mebibytes + " MiB tmpfs at "
        + directory + " to fill a disk for real (" + why + "); run the tests as root on Linux");
    return new SmallDisk(directory);
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() {
    for (List<String> command : List.of(List.of("umount", path.toString()),
        List.of("umount", "-l", path.toString()))) {
      if (run(command) == null) {
        return;
      }
    }
  }

  private static String tryMount(Path directory, int mebibytes) {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return "not Linux";
    }
    return run(List.of("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m", "tmpfs",
        directory.toString()));
  }

  /** Runs a command; returns {@code null} if it succeeded, else why not. */
  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8);
      if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return String.join(" ", command) + " did not finish within " + COMMAND_SECONDS + " s";
      }
      return process.exitValue() == 0 ? null
          : String.join(" ", command) + " exited with " + process.exitValue() + ": "
              + output.trim();
    } catch (IOException e) {
      return "cannot run " + command.get(0) + ": " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
