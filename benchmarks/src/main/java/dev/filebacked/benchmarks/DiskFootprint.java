package dev.filebacked.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a cache's data set costs on disk once it is loaded: the blocks its directory takes (what
 * {@code du} counts: a 1 KiB file costs a 4 KiB block on most file systems), the bytes its files
 * hold, and how many files (inodes) there are, per entry. Printed in the fork's output, beside
 * {@link LiveHeap}'s figure.
 */
public final class DiskFootprint {

  private DiskFootprint() {}

  /** Measures {@code directory}, which holds {@code entries} entries, and prints it. */
  public static void report(Path directory, long entries) {
    long files;
    long bytes;
    try (Stream<Path> walk = Files.walk(directory)) {
      long[] counted = new long[2];
      walk.filter(Files::isRegularFile).forEach(file -> {
        counted[0]++;
        counted[1] += sizeOf(file);
      });
      files = counted[0];
      bytes = counted[1];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long allocated = allocatedBytes(directory);
    System.out.printf("%ndisk footprint: %,d files, %,d bytes in them, %s allocated; per entry "
        + "(of %,d): %.0f bytes, %s allocated%n", files, bytes,
        allocated < 0 ? "unknown" : String.format("%,d bytes", allocated), entries,
        bytes / (double) entries,
        allocated < 0 ? "unknown" : String.format("%.0f bytes", allocated / (double) entries));
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // deleted while walking: a blob the pool replaced
    }
  }

  /** Bytes of the blocks {@code du} counts for the directory, or -1 if there is no du. */
  private static long allocatedBytes(Path directory) {
    try {
      Process du = new ProcessBuilder("du", "-s", "-B1", directory.toString())
          .redirectErrorStream(true).start();
      String output = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!du.waitFor(60, TimeUnit.SECONDS) || du.exitValue() != 0) {
        du.destroyForcibly();
        return -1;
      }
      return Long.parseLong(output.trim().split("\\s+")[0]);
    } catch (IOException | NumberFormatException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
