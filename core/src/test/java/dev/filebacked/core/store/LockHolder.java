package dev.filebacked.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Another live process holding a directory's lock: a child JVM that opens a store at the
 * directory ({@link #store}) or takes only its {@link DirectoryLock} ({@link #lock}), and lets
 * go when closed (its stdin closes).
 */
public final class LockHolder implements AutoCloseable {

  private static final String READY = "holding";
  private final Process process;

  private LockHolder(Process process) {
    this.process = process;
  }

  /** A child JVM holding a store open at {@code root}. */
  static LockHolder store(Path root) throws IOException {
    return start("store", root);
  }

  /** A child JVM holding the lock of {@code directory} (which must exist). */
  static LockHolder lock(Path directory) throws IOException {
    return start("lock", directory);
  }

  private static LockHolder start(String mode, Path directory) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        LockHolder.class.getName(), mode, directory.toString()).redirectErrorStream(true)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
    assertThat(out.readLine()).as("the holder's first line").isEqualTo(READY);
    return new LockHolder(process);
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("The lock holder did not exit within 30 s of its stdin closing");
    }
  }

  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[1]);
    try (AutoCloseable held = args[0].equals("store") ? FileBlobStore.open(directory)
        : DirectoryLock.acquire(directory)) {
      System.out.println(READY);
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to close our stdin
      }
    }
  }
}
