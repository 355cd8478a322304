package dev.filebacked.core.store;

import dev.filebacked.spi.BlobStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.Set;

/**
 * A folder that FileBacked made or claimed, and so may clean: it holds a marker file
 * {@value #MARKER} naming its kind and format. FileBacked works only inside folders so marked,
 * and inside them touches only files of its own naming; a folder given by a user that already
 * holds anything else is refused, never cleaned.
 *
 * <p>A missing folder is made (and may be removed again when destroyed); an empty one is
 * claimed (and is left in place, empty, when destroyed). The marker is written to a temporary
 * name and renamed, so a crash never leaves a half-written one.
 */
public final class OwnedFolder {

  /** The marker file's name. */
  public static final String MARKER = ".filebacked";
  private static final String MARKER_TEMP = MARKER + ".tmp";
  private static final int FORMAT = 1;

  /** What a marked folder is for; a folder of one kind is never used as another. */
  public enum Kind {
    /** A blob store's own folder: {@code <root>/<xx>/<uuid>}, a lock, a quarantine. */
    STORE,
    /** A persisted location: {@code <root>/<xx>/<uuid>} and nothing else. */
    LOCATION,
    /** A cache manager's temporary folder, removed when no live process holds its lock. */
    TEMPORARY;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Path root;
  private final boolean madeByFileBacked;

  private OwnedFolder(Path root, boolean madeByFileBacked) {
    this.root = root;
    this.madeByFileBacked = madeByFileBacked;
  }

  /**
   * Makes or claims {@code root} for {@code kind}: creates it if missing, marks it if empty, and
   * accepts it if it is already marked as that kind for the same {@code owner}.
   *
   * @param owner who the folder is for (a cache name), recorded in the marker and checked when
   *     reopened; {@code null} to record and check none
   * @throws BlobStoreException naming the folder and what to do, if it holds anything FileBacked
   *     did not mark, is marked for another kind or owner, or cannot be made
   */
  public static OwnedFolder claim(Path root, Kind kind, String owner) {
    Path dir = root.toAbsolutePath().normalize();
    boolean made = createParents(dir);
    Path marker = dir.resolve(MARKER);
    if (Files.isRegularFile(marker)) {
      Properties found = read(marker);
      check(dir, found, kind, owner);
      return new OwnedFolder(dir, Boolean.parseBoolean(found.getProperty("madeByFileBacked")));
    }
    if (!made) {
      String content = firstForeignEntry(dir, kind);
      if (content != null) {
        throw new BlobStoreException("Directory " + dir + " already holds files that FileBacked "
            + "did not write (" + content + "), so FileBacked will not use it as its "
            + kind.tag() + " folder: it only works in a folder it made or found empty, and "
            + "never deletes what it did not write. Give a new or empty directory, or a parent "
            + "in which FileBacked can make its own folder.");
      }
    }
    Properties properties = new Properties();
    properties.setProperty("format", Integer.toString(FORMAT));
    properties.setProperty("kind", kind.tag());
    properties.setProperty("madeByFileBacked", Boolean.toString(made));
    if (owner != null) {
      properties.setProperty("owner", owner);
    }
    write(dir, properties);
    return new OwnedFolder(dir, made);
  }

  /** Whether {@code dir} carries a marker of {@code kind}. Never throws. */
  public static boolean isMarked(Path dir, Kind kind) {
    Path marker = dir.resolve(MARKER);
    if (!Files.isRegularFile(marker)) {
      return false;
    }
    try {
      return kind.tag().equals(read(marker).getProperty("kind"));
    } catch (BlobStoreException e) {
      return false;
    }
  }

  /** The folder. */
  public Path root() {
    return root;
  }

  /**
   * Removes the marker once nothing else is left in the folder, and then the folder itself if
   * FileBacked made it. A folder still holding something keeps its marker, so that it stays
   * recognizably FileBacked's. Returns whether the folder is gone.
   */
  public boolean release() {
    try {
      if (firstEntryBut(root, MARKER) != null) {
        return false;
      }
      Files.deleteIfExists(root.resolve(MARKER));
      if (madeByFileBacked) {
        Files.deleteIfExists(root);
        return true;
      }
    } catch (DirectoryNotEmptyException e) {
      return false; // something arrived meanwhile: it stays
    } catch (IOException e) {
      throw new BlobStoreException("Cannot remove FileBacked's folder " + root + ": " + e, e);
    }
    return false;
  }

  private static void check(Path dir, Properties found, Kind kind, String owner) {
    String foundKind = found.getProperty("kind");
    if (foundKind == null) {
      throw new BlobStoreException("Directory " + dir + " has a FileBacked marker " + MARKER
          + " that says nothing (empty or damaged: a crash while the folder was being made?). "
          + "FileBacked will not guess whose folder it is: look at what is in it, then delete "
          + "the folder or give another directory");
    }
    if (!kind.tag().equals(foundKind)) {
      throw new BlobStoreException("Directory " + dir + " is a FileBacked " + foundKind
          + " folder, not a " + kind.tag() + " folder; give another directory");
    }
    String format = found.getProperty("format");
    if (!Integer.toString(FORMAT).equals(format)) {
      throw new BlobStoreException("Directory " + dir + " was written in FileBacked folder "
          + "format " + format + "; this version reads format " + FORMAT + ". Use the version "
          + "that wrote it, or give another directory");
    }
    String foundOwner = found.getProperty("owner");
    if (owner != null && foundOwner != null && !owner.equals(foundOwner)) {
      throw new BlobStoreException("Directory " + dir + " belongs to '" + foundOwner + "', not "
          + "to '" + owner + "'; give another directory");
    }
  }

  /**
   * The first entry that is not ours (a leftover of an interrupted claim, or the lock a
   * temporary folder takes before it is marked), or {@code null}.
   */
  private static String firstForeignEntry(Path dir, Kind kind) {
    return kind == Kind.TEMPORARY ? firstEntryBut(dir, MARKER_TEMP, DirectoryLock.FILE_NAME)
        : firstEntryBut(dir, MARKER_TEMP);
  }

  /** The name of the first entry of {@code dir} not among {@code names}, or {@code null}. */
  static String firstEntryBut(Path dir, String... names) {
    Set<String> ignored = Set.of(names);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!ignored.contains(name)) {
          return name;
        }
      }
      return null;
    } catch (IOException e) {
      throw new BlobStoreException("Cannot list directory " + dir + ": " + e, e);
    }
  }

  /** Creates {@code dir} and missing parents; returns whether {@code dir} itself was made. */
  private static boolean createParents(Path dir) {
    if (Files.isDirectory(dir)) {
      return false;
    }
    Path parent = dir.getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new BlobStoreException("Cannot create directory " + parent + ": " + e, e);
      }
    }
    return ShardedDirectory.createDirectory(dir);
  }

  private static Properties read(Path marker) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(marker)) {
      properties.load(in);
    } catch (NoSuchFileException e) {
      return properties;
    } catch (IOException | IllegalArgumentException e) {
      throw new BlobStoreException("Cannot read FileBacked's marker " + marker + ": " + e, e);
    }
    return properties;
  }

  private static void write(Path dir, Properties properties) {
    Path temp = dir.resolve(MARKER_TEMP);
    try {
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        properties.store(out, "This folder was made or claimed by FileBacked, which deletes only "
            + "files of its own naming in it");
      }
      Files.move(temp, dir.resolve(MARKER), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new BlobStoreException("Cannot mark directory " + dir + " as FileBacked's: " + e, e);
    }
  }
}
