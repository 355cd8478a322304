package dev.filebacked.examples;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a class's {@code main} in a JVM of its own, as a second run of a program would be. */
final class ChildJvm {

  private ChildJvm() {}

  /**
   * This program's class path: the class loader's own where it has one (under
   * {@code mvn exec:java} the JVM's class path is Maven's, the program's is the loader's).
   */
  private static String classPath() {
    List<String> entries = new ArrayList<>();
    for (ClassLoader loader = Thread.currentThread().getContextClassLoader(); loader != null;
        loader = loader.getParent()) {
      if (loader instanceof URLClassLoader urls) {
        for (URL url : urls.getURLs()) {
          try {
            entries.add(Path.of(url.toURI()).toString());
          } catch (URISyntaxException | IllegalArgumentException e) {
            // Not a file: not something a child JVM's -cp can take.
          }
        }
      }
    }
    return entries.isEmpty() ? System.getProperty("java.class.path")
        : String.join(File.pathSeparator, entries);
  }

  /** Runs {@code mainClass} with {@code args} in a new JVM, its output inherited; waits for it. */
  static void run(Class<?> mainClass, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classPath(), mainClass.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("The first run did not end within 2 minutes");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("The first run failed with exit code "
          + process.exitValue());
    }
  }
}
