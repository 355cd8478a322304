package dev.filebacked.core.testing.powercut;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A file system for tests that simulates a power cut. {@code kill -9} keeps the OS page cache,
 * so it cannot show that a program fsyncs where it must; this layer can. Production code runs
 * unchanged on a {@link Path} of it: every operation is done for real on the default file
 * system, under a real root directory, while the layer records what was made durable. At any
 * moment, {@link #cut} writes into another real directory one state a power cut could leave
 * now; the test then opens that directory with the real file system and checks what the code
 * promised.
 *
 * <h2>The durability model</h2>
 *
 * <ul>
 *   <li><b>Files</b> are tracked by identity, like inodes: hard links share one. A file's
 *       current content is the real file's. Its durable content is what it held at its last
 *       {@code FileChannel.force} ({@code force(false)} counts as much as {@code force(true)}:
 *       the model does not tell data from metadata). A file never forced has no durable
 *       content: after a cut it may be empty, partial or whole, or missing if its name was not
 *       durable either.
 *   <li><b>Directories</b> have durable entries (name to file or directory) as of their last
 *       fsync, which is {@code FileChannel.open(directory, READ).force(..)}, and the entry
 *       changes since, in order: create, unlink, link, rename. A rename within one directory is
 *       one atomic change; a rename across directories is two, out of the source and into the
 *       target, each kept or lost on its own (so a cut may show the entry in both or in
 *       neither). Fsyncing a file does not make its name durable.
 *   <li><b>A cut</b> keeps, in each directory, its durable entries plus a random subset of its
 *       pending changes replayed in order (maybe none, maybe all). A directory whose name in its
 *       parent did not survive vanishes with everything in it. Each file that changed since its
 *       last force comes back with its durable content, its current content, or a torn mix (a
 *       length between the two, each changed sector written or not, zeros where the file grew
 *       but the data never landed): see {@link RandomCut}. Everything is decided by the given
 *       {@link Random}.
 *   <li><b>Consistency.</b> A cut runs alone: it waits for the layer's mutating operations in
 *       flight (writes, truncates, forces, creates, renames, links, deletes, copies) and holds
 *       back new ones until it is done, so each is wholly before or after it. The live file
 *       system goes on working after a cut; a test may take many cuts of one run.
 *   <li>{@link #cutKeepingAll} is the cut that loses nothing (a copy of the live state) and
 *       {@link #cutDroppingAll} the one that loses everything not durable.
 * </ul>
 *
 * <p>What the root held when the layer was put over it counts as durable. The root must change
 * only through the layer while it is in use; nothing outside the root can be changed through it
 * (reading there is fine). Forces are recorded, not passed to the disk. Durable content is kept
 * in memory (copied at each force), which suits test workloads of a few MB. Permissions and
 * times are not modeled: a cut's files have the default permissions. Symbolic links,
 * writable mappings, watch services and asynchronous channels are not supported, and
 * {@link Path#toFile} and {@link Path#toUri} throw, so that code escaping the layer fails
 * instead of writing past the model. Thread-safe.
 */
public final class PowerCutFileSystem extends FileSystem {

  private final FileSystem real;
  private final Path realRoot;
  private final Namespace namespace;
  private final PowerCutFileSystemProvider provider;
  private volatile boolean open = true;

  private PowerCutFileSystem(Path realRoot, Namespace namespace, MutationGate gate) {
    this.real = realRoot.getFileSystem();
    this.realRoot = realRoot;
    this.namespace = namespace;
    this.provider = new PowerCutFileSystemProvider(this, real.provider(), namespace, gate);
  }

  /**
   * A power-cut file system over the existing directory {@code realRoot}, whose current content
   * counts as durable.
   */
  public static PowerCutFileSystem over(Path realRoot) throws IOException {
    Path root = realRoot.toRealPath();
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException(realRoot + " is not a directory");
    }
    MutationGate gate = new MutationGate();
    return new PowerCutFileSystem(root, Namespace.over(root, gate), gate);
  }

  /** The root, as a path of this file system: hand it (or paths under it) to the code. */
  public Path root() {
    return wrap(realRoot);
  }

  /**
   * Writes into {@code target}, an empty directory of the real file system, one state a power
   * cut now could leave, drawn with {@code random}.
   */
  public void cut(Random random, Path target) throws IOException {
    namespace.writeCut(emptyRealDirectory(target), new RandomCut(random));
  }

  /** Writes into {@code target} the live state: a cut that loses nothing. */
  public void cutKeepingAll(Path target) throws IOException {
    namespace.writeCut(emptyRealDirectory(target), AllOrNothing.KEEP_ALL);
  }

  /** Writes into {@code target} only the durable state: a cut that loses all it can. */
  public void cutDroppingAll(Path target) throws IOException {
    namespace.writeCut(emptyRealDirectory(target), AllOrNothing.DROP_ALL);
  }

  /**
   * Makes the whole live state durable, as sync(2) does: for a test to set up a starting point
   * that the code under test did not make durable itself.
   */
  public void syncAll() throws IOException {
    namespace.syncAll();
  }

  /** The real directory under which it all happens. */
  public Path realRoot() {
    return realRoot;
  }

  /**
   * Closes this file system: its paths can no longer be used for I/O. Cuts remain possible,
   * of the state as it was at close; the real root is left as it is.
   */
  @Override
  public void close() {
    open = false;
  }

  @Override
  public PowerCutFileSystemProvider provider() {
    return provider;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public String getSeparator() {
    return real.getSeparator();
  }

  @Override
  public Iterable<Path> getRootDirectories() {
    List<Path> roots = new ArrayList<>();
    real.getRootDirectories().forEach(root -> roots.add(wrap(root)));
    return roots;
  }

  @Override
  public Iterable<FileStore> getFileStores() {
    return real.getFileStores();
  }

  @Override
  public Set<String> supportedFileAttributeViews() {
    return real.supportedFileAttributeViews();
  }

  @Override
  public Path getPath(String first, String... more) {
    return wrap(real.getPath(first, more));
  }

  @Override
  public PathMatcher getPathMatcher(String syntaxAndPattern) {
    PathMatcher matcher = real.getPathMatcher(syntaxAndPattern);
    return path -> path instanceof PowerCutPath wrapped && matcher.matches(wrapped.real());
  }

  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    return real.getUserPrincipalLookupService();
  }

  @Override
  public WatchService newWatchService() {
    throw new UnsupportedOperationException("The power-cut layer has no watch service");
  }

  @Override
  public String toString() {
    return "PowerCutFileSystem[" + realRoot + "]";
  }

  Path wrap(Path realPath) {
    return new PowerCutPath(this, realPath);
  }

  private Path emptyRealDirectory(Path target) throws IOException {
    if (target.getFileSystem() != real) {
      throw new IllegalArgumentException("Cut into a directory of the real file system, not "
          + target + " of " + target.getFileSystem());
    }
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("Cut into an existing directory, not " + target);
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
      if (entries.iterator().hasNext()) {
        throw new IllegalArgumentException("Cut into an empty directory; " + target
            + " holds something");
      }
    }
    return target;
  }
}
