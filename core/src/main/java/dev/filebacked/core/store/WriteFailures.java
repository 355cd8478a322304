package dev.filebacked.core.store;

import dev.filebacked.spi.BlobStoreException;
import dev.filebacked.spi.BlobStoreFullException;
import dev.filebacked.spi.BlobTooLargeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Tells what kind of failure an {@link IOException} of a write is: the JDK reports a full disk
 * as a plain {@code IOException} with the system's message, so the message, and the space the
 * filesystem has, decide.
 */
public final class WriteFailures {

  /** The messages of ENOSPC and EDQUOT on Linux and macOS, and of a full disk on Windows. */
  private static final String[] NO_SPACE = {"no space left on device", "disk quota exceeded",
      "not enough space on the disk"};

  private WriteFailures() {}

  /** The exception for {@code error}, raised writing {@code length} bytes to {@code target}. */
  static BlobStoreException of(IOException error, Path target, long length) {
    if (!isNoSpace(error)) {
      return new BlobStoreException("Cannot write blob " + target + ": " + error, error);
    }
    long total = totalSpace(target);
    if (total > 0 && length > total) {
      return new BlobTooLargeException("Cannot write blob " + target + ": it takes " + length
          + " bytes, more than the whole filesystem holds (" + total + " bytes)");
    }
    return new BlobStoreFullException("Cannot write blob " + target + " (" + length
        + " bytes): no space left where it goes (" + error.getMessage() + "); free space and "
        + "writes resume", error);
  }

  /** Whether {@code error} says the disk (or the quota) is full. */
  public static boolean isNoSpace(IOException error) {
    String message = error.getMessage();
    if (message == null) {
      return false;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    for (String text : NO_SPACE) {
      if (lower.contains(text)) {
        return true;
      }
    }
    return false;
  }

  private static long totalSpace(Path target) {
    for (Path dir = target.getParent(); dir != null; dir = dir.getParent()) {
      try {
        return Files.getFileStore(dir).getTotalSpace();
      } catch (IOException e) {
        // Not there (yet): ask its parent.
      }
    }
    return -1;
  }
}
