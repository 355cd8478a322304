package dev.filebacked.core.persist;

import dev.filebacked.core.store.DirectoryListing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The files of a journal folder, by name: segments {@code segment-<16 hex>.log} (numbered in the
 * order they were started), checkpoints {@code checkpoint-<16 hex>.fbc} (the number of the first
 * segment they do not cover), and temporary files {@code .<name>.tmp} of checkpoints being
 * written. Nothing else is ever created or deleted here.
 */
final class JournalFiles {

  static final String SEGMENT_PREFIX = "segment-";
  static final String SEGMENT_SUFFIX = ".log";
  static final String CHECKPOINT_PREFIX = "checkpoint-";
  static final String CHECKPOINT_SUFFIX = ".fbc";
  static final String TEMP_SUFFIX = ".tmp";

  private JournalFiles() {}

  static Path segment(Path dir, long number) {
    return dir.resolve(SEGMENT_PREFIX + hex(number) + SEGMENT_SUFFIX);
  }

  static Path checkpoint(Path dir, long firstSegmentAfter) {
    return dir.resolve(CHECKPOINT_PREFIX + hex(firstSegmentAfter) + CHECKPOINT_SUFFIX);
  }

  static Path temporary(Path file) {
    return file.resolveSibling("." + file.getFileName() + TEMP_SUFFIX);
  }

  /** The segments in the folder, by number. */
  static TreeMap<Long, Path> segments(Path dir) {
    return numbered(dir, SEGMENT_PREFIX, SEGMENT_SUFFIX);
  }

  /** The checkpoints in the folder, by the first segment they do not cover. */
  static TreeMap<Long, Path> checkpoints(Path dir) {
    return numbered(dir, CHECKPOINT_PREFIX, CHECKPOINT_SUFFIX);
  }

  /** Our temporary files: a checkpoint whose writing was interrupted. */
  static List<Path> temporaries(Path dir) {
    List<Path> found = new ArrayList<>();
    for (Path file : list(dir)) {
      String name = file.getFileName().toString();
      if (name.startsWith("." + CHECKPOINT_PREFIX) && name.endsWith(TEMP_SUFFIX)) {
        found.add(file);
      }
    }
    return found;
  }

  /** Everything in the folder that is not of our naming, to be left alone and reported. */
  static List<Path> foreign(Path dir) {
    List<Path> found = new ArrayList<>();
    for (Path file : list(dir)) {
      String name = file.getFileName().toString();
      boolean ours = number(name, SEGMENT_PREFIX, SEGMENT_SUFFIX) >= 0
          || number(name, CHECKPOINT_PREFIX, CHECKPOINT_SUFFIX) >= 0
          || (name.startsWith("." + CHECKPOINT_PREFIX) && name.endsWith(TEMP_SUFFIX));
      if (!ours) {
        found.add(file);
      }
    }
    return found;
  }

  private static TreeMap<Long, Path> numbered(Path dir, String prefix, String suffix) {
    TreeMap<Long, Path> found = new TreeMap<>();
    for (Path file : list(dir)) {
      long number = number(file.getFileName().toString(), prefix, suffix);
      if (number >= 0 && Files.isRegularFile(file)) {
        found.put(number, file);
      }
    }
    return found;
  }

  private static long number(String name, String prefix, String suffix) {
    if (!name.startsWith(prefix) || !name.endsWith(suffix)
        || name.length() != prefix.length() + 16 + suffix.length()) {
      return -1;
    }
    String digits = name.substring(prefix.length(), prefix.length() + 16);
    if (!digits.equals(digits.toLowerCase(Locale.ROOT))) {
      return -1;
    }
    try {
      return Long.parseUnsignedLong(digits, 16) & Long.MAX_VALUE;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static List<Path> list(Path dir) {
    return DirectoryListing.of(dir);
  }

  static String hex(long number) {
    return String.format(Locale.ROOT, "%016x", number);
  }

  /** Reads a whole file into a heap buffer. */
  static ByteBuffer readAll(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE - 16) {
        throw new IOException("file " + file + " is too large to be ours: " + size + " bytes");
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer) < 0) {
          break;
        }
      }
      return buffer.flip();
    }
  }

  static void fsync(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
