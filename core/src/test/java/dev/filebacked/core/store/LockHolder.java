package dev.filebacked.core.store;

import java.io.IOException;
import java.nio.file.Path;

/** Run in a child JVM by the lock test: holds a store open until its stdin closes. */
public final class LockHolder {

  static final String READY = "holding";

  private LockHolder() {}

  public static void main(String[] args) throws IOException {
    try (FileBlobStore store = FileBlobStore.open(Path.of(args[0]))) {
      System.out.println(READY);
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to close our stdin
      }
    }
  }
}
