package dev.filebacked.jcache.crash;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM running a main class of the test sources on the test class path. Its stdout goes
 * to a file, not a pipe: {@code Process.destroyForcibly()} closes the pipe's reading end, and
 * whatever the child wrote that the parent had not read yet would be lost (a kill -9 test
 * needs exactly those last lines). The file keeps every byte the child wrote before it died;
 * a last line without its newline is not a line. Its stderr goes to a file too.
 *
 * <p>It never outlives the test: {@link #close} kills it, and a shutdown hook kills any child
 * still alive when the test JVM exits; the child's own watchdog halts it when its stdin closes.
 */
final class ChildJvm implements AutoCloseable {

  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
        "kill-crash-test-children"));
  }

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final FileChannel output;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final List<String> lines = new ArrayList<>();

  private ChildJvm(Process process, Path stdout, Path stderr) throws IOException {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.output = FileChannel.open(stdout);
  }

  /**
   * Starts {@code main} with {@code args}; its stdout and stderr are written to
   * {@code <files>.out} and {@code <files>.err} (replaced if they exist).
   */
  static ChildJvm start(Class<?> main, Path files, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
    String logging = System.getProperty("java.util.logging.config.file");
    if (logging != null) {
      command.add("-Djava.util.logging.config.file=" + logging);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Path stdout = files.resolveSibling(files.getFileName() + ".out");
    Path stderr = files.resolveSibling(files.getFileName() + ".err");
    Process process = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.to(stdout.toFile()))
        .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
        .start();
    LIVE.add(process);
    try {
      return new ChildJvm(process, stdout, stderr);
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      LIVE.remove(process);
      throw e;
    }
  }

  long pid() {
    return process.pid();
  }

  /** Reads what the child wrote since the last call; complete lines join {@link #lines}. */
  private synchronized void poll() throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    while (output.read(buffer) > 0) {
      buffer.flip();
      while (buffer.hasRemaining()) {
        byte b = buffer.get();
        if (b == '\n') {
          lines.add(pending.toString(StandardCharsets.UTF_8));
          pending.reset();
        } else {
          pending.write(b);
        }
      }
      buffer.clear();
    }
  }

  /**
   * Waits until a line matching {@code wanted} comes, the child exits, or {@code timeout}
   * passes; returns the line, or {@code null} if none came.
   */
  String awaitLine(Predicate<String> wanted, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (true) {
      boolean exited = !process.isAlive();
      poll();
      synchronized (this) {
        for (; seen < lines.size(); seen++) {
          if (wanted.test(lines.get(seen))) {
            return lines.get(seen);
          }
        }
      }
      if (exited || System.nanoTime() > deadline) {
        return null;
      }
      Thread.sleep(5);
    }
  }

  /** Kills the child (SIGKILL on Linux) and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("Child " + pid() + " still runs 30 s after it was killed");
    }
    LIVE.remove(process);
  }

  /** Waits for the child to exit on its own; returns its exit code. */
  int awaitExit(Duration timeout) throws IOException, InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("Child " + pid() + " did not exit within " + timeout
          + "; its output: " + lines() + "; its stderr: " + stderr());
    }
    LIVE.remove(process);
    return process.exitValue();
  }

  /** The whole lines the child wrote so far (all of them once it is dead). */
  List<String> lines() throws IOException {
    poll();
    synchronized (this) {
      return new ArrayList<>(lines);
    }
  }

  /** What followed the last newline so far (a line cut by the kill), or "". */
  synchronized String partialLast() throws IOException {
    poll();
    return pending.toString(StandardCharsets.UTF_8);
  }

  /** The child's stderr so far, at most its last 20,000 characters. */
  String stderr() {
    try {
      String text = Files.readString(stderr, StandardCharsets.UTF_8);
      return text.length() <= 20_000 ? text : "…" + text.substring(text.length() - 20_000);
    } catch (IOException e) {
      return "<cannot read " + stderr + ": " + e + ">";
    }
  }

  /** Where the child's stdout goes. */
  Path stdoutFile() {
    return stdout;
  }

  /** Kills the child if it is still alive; closing its stdin first makes it halt on its own. */
  @Override
  public void close() throws IOException, InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // It is being killed anyway.
    }
    try {
      if (process.isAlive()) {
        kill();
      }
    } finally {
      LIVE.remove(process);
      output.close();
    }
  }
}
