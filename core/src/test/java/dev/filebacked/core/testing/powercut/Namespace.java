package dev.filebacked.core.testing.powercut;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tree under the real root, as the model sees it, and the operations that change it: each
 * does the real operation and then records it in the model, under this object's monitor (so the
 * model changes in the order the real directory did) and as a mutation of the
 * {@link MutationGate} (so a cut sees it wholly or not at all).
 *
 * <p>The model trusts that the real root changes only through the layer; a change behind its
 * back that it notices is an {@link IllegalStateException}. Changes outside the root cannot be
 * modeled and are refused with an {@link IllegalArgumentException}; reads outside it are
 * allowed.
 */
final class Namespace {

  /** A channel opened on the real file, with what the model knows of it. */
  record Opened(FileChannel channel, FileChannel reader, Node node) {}

  /** The live tree: a path for each file, and every directory. */
  private record LiveTree(Map<TrackedFile, Path> files, List<TrackedDirectory> directories) {}

  private final Path realRoot;
  private final FileSystemProvider real;
  private final MutationGate gate;
  private final TrackedDirectory root;

  private Namespace(Path realRoot, MutationGate gate, TrackedDirectory root) {
    this.realRoot = realRoot;
    this.real = realRoot.getFileSystem().provider();
    this.gate = gate;
    this.root = root;
  }

  /**
   * The model of {@code realRoot} (absolute, normalized, without symbolic links), taking
   * whatever it holds already as durable.
   */
  static Namespace over(Path realRoot, MutationGate gate) throws IOException {
    return new Namespace(realRoot, gate, scan(realRoot, new HashMap<>()));
  }

  /**
   * Opens {@code path} on the real filesystem. Inside the root the result names its node (a
   * file made by this open is added to its directory) and a channel to read the file by, for
   * snapshots at force time; outside it, only reading is allowed, and the node is
   * {@code null}.
   */
  Opened open(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
      throws IOException {
    boolean writes = options.contains(StandardOpenOption.WRITE)
        || options.contains(StandardOpenOption.APPEND);
    return writes ? gate.mutate(() -> openNow(path, options, true, attributes))
        : openNow(path, options, false, attributes);
  }

  private synchronized Opened openNow(Path path, Set<? extends OpenOption> options,
      boolean writes, FileAttribute<?>... attributes) throws IOException {
    Path absolute = absolute(path);
    if (!absolute.startsWith(realRoot)) {
      if (writes) {
        throw outside(absolute);
      }
      return new Opened(real.newFileChannel(path, options, attributes), null, null);
    }
    Node before = lookup(absolute);
    FileChannel channel = real.newFileChannel(path, options, attributes);
    try {
      if (before instanceof TrackedDirectory directory) {
        return new Opened(channel, channel, directory);
      }
      TrackedFile file = (TrackedFile) before;
      if (file == null) {
        file = new TrackedFile();
        parentOf(entry(path)).add(name(absolute), file);
      } else if (writes && options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
        file.changed();
      }
      boolean readable = options.contains(StandardOpenOption.READ) || !writes;
      FileChannel reader = readable ? channel
          : real.newFileChannel(path, Set.of(StandardOpenOption.READ));
      return new Opened(channel, reader, file);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  void createDirectory(Path path, FileAttribute<?>... attributes) throws IOException {
    gate.mutate(() -> {
      synchronized (this) {
        Path absolute = absolute(path);
        if (!isEntry(absolute) && Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
          throw new FileAlreadyExistsException(path.toString());
        }
        real.createDirectory(path, attributes);
        parentOf(entry(path)).add(name(absolute), new TrackedDirectory());
        return null;
      }
    });
  }

  void delete(Path path) throws IOException {
    gate.mutate(() -> {
      synchronized (this) {
        Path absolute = entry(path);
        keepContentOf(lookup(absolute), path);
        real.delete(path);
        parentOf(absolute).remove(name(absolute));
        return null;
      }
    });
  }

  /**
   * Moves an entry: one change within a directory, two (out of the source, into the target)
   * across directories. A move between two names of one file does nothing, as rename(2) does.
   */
  void move(Path source, Path target, CopyOption... options) throws IOException {
    gate.mutate(() -> {
      synchronized (this) {
        Path from = entry(source);
        Path to = entry(target);
        Node node = lookup(from);
        Node replaced = lookup(to);
        if (replaced != node) {
          keepContentOf(replaced, target);
        }
        real.move(source, target, options);
        if (replaced == node) {
          return null;
        }
        if (node == null) {
          throw diverged(from);
        }
        TrackedDirectory fromDirectory = parentOf(from);
        TrackedDirectory toDirectory = parentOf(to);
        if (fromDirectory == toDirectory) {
          fromDirectory.rename(name(from), name(to), node);
        } else {
          fromDirectory.remove(name(from));
          toDirectory.add(name(to), node);
        }
        return null;
      }
    });
  }

  /** Copies into the root (from anywhere): the copy is a new file, never forced. */
  void copy(Path source, Path target, CopyOption... options) throws IOException {
    gate.mutate(() -> {
      synchronized (this) {
        Path to = entry(target);
        Node original = lookup(absolute(source));
        Node replaced = lookup(to);
        if (original != null && original == replaced) {
          real.copy(source, target, options); // the same file: copies nothing
          return null;
        }
        keepContentOf(replaced, target);
        real.copy(source, target, options);
        Node copy = Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) ? new TrackedDirectory()
            : new TrackedFile();
        parentOf(to).add(name(to), copy);
        return null;
      }
    });
  }

  void link(Path link, Path existing) throws IOException {
    gate.mutate(() -> {
      synchronized (this) {
        Path at = entry(link);
        Path absolute = absolute(existing);
        if (!absolute.startsWith(realRoot)) {
          throw outside(absolute);
        }
        real.createLink(link, existing);
        if (!(lookup(absolute) instanceof TrackedFile file)) {
          throw diverged(absolute);
        }
        parentOf(at).add(name(at), file);
        return null;
      }
    });
  }

  /** Makes a directory's live entries durable: an fsync of the directory. */
  void sync(TrackedDirectory directory) throws IOException {
    gate.mutate(() -> {
      synchronized (this) {
        directory.sync();
        return null;
      }
    });
  }

  /** Makes everything live durable, as sync(2) does. */
  void syncAll() throws IOException {
    gate.alone(() -> {
      synchronized (this) {
        LiveTree tree = live();
        for (Map.Entry<TrackedFile, Path> file : tree.files().entrySet()) {
          if (file.getKey().isDirty()) {
            long version = file.getKey().version();
            file.getKey().forced(Files.readAllBytes(file.getValue()), version);
          }
        }
        tree.directories().forEach(TrackedDirectory::sync);
        return null;
      }
    });
  }

  /** Writes under {@code target} the state a power cut deciding by {@code policy} leaves. */
  void writeCut(Path target, CutPolicy policy) throws IOException {
    gate.alone(() -> {
      synchronized (this) {
        new CutWriter(policy, live().files()).write(root, target);
        return null;
      }
    });
  }

  private LiveTree live() {
    LiveTree tree = new LiveTree(new IdentityHashMap<>(), new ArrayList<>());
    collect(root, realRoot, tree);
    return tree;
  }

  private static void collect(TrackedDirectory directory, Path at, LiveTree tree) {
    tree.directories().add(directory);
    for (Map.Entry<String, Node> entry : directory.entries().entrySet()) {
      Path path = at.resolve(entry.getKey());
      if (entry.getValue() instanceof TrackedDirectory child) {
        collect(child, path, tree);
      } else {
        tree.files().putIfAbsent((TrackedFile) entry.getValue(), path);
      }
    }
  }

  /** A dirty file about to lose a name keeps its content, in case it was its last name. */
  private static void keepContentOf(Node node, Path path) throws IOException {
    if (node instanceof TrackedFile file && file.isDirty()) {
      file.losingName(Files.readAllBytes(path));
    }
  }

  private Node lookup(Path absolute) {
    if (!absolute.startsWith(realRoot)) {
      return null;
    }
    Node node = root;
    if (absolute.equals(realRoot)) {
      return node;
    }
    for (Path name : realRoot.relativize(absolute)) {
      if (!(node instanceof TrackedDirectory directory)) {
        return null;
      }
      node = directory.get(name.toString());
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  private TrackedDirectory parentOf(Path absolute) {
    if (lookup(absolute.getParent()) instanceof TrackedDirectory directory) {
      return directory;
    }
    throw diverged(absolute);
  }

  /** {@code path} made absolute, if it names an entry under the root (the root is none). */
  private Path entry(Path path) {
    Path absolute = absolute(path);
    if (!isEntry(absolute)) {
      throw outside(absolute);
    }
    return absolute;
  }

  private boolean isEntry(Path absolute) {
    return absolute.startsWith(realRoot) && !absolute.equals(realRoot);
  }

  private static Path absolute(Path path) {
    return path.toAbsolutePath().normalize();
  }

  private static String name(Path absolute) {
    return absolute.getFileName().toString();
  }

  private IllegalArgumentException outside(Path absolute) {
    return new IllegalArgumentException("Cannot change " + absolute + " through the power-cut "
        + "layer: it models only the entries under its root " + realRoot);
  }

  private IllegalStateException diverged(Path absolute) {
    return new IllegalStateException("The real directory " + realRoot + " changed behind the "
        + "power-cut layer's back: its model does not know " + absolute);
  }

  private static TrackedDirectory scan(Path directory, Map<Object, TrackedFile> files)
      throws IOException {
    Map<String, Node> entries = new HashMap<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      for (Path entry : stream) {
        BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        Node node;
        if (attributes.isDirectory()) {
          node = scan(entry, files);
        } else if (attributes.isRegularFile()) {
          Object key = attributes.fileKey();
          TrackedFile known = key == null ? null : files.get(key);
          node = known != null ? known : TrackedFile.durable(Files.readAllBytes(entry));
          if (key != null) {
            files.put(key, (TrackedFile) node);
          }
        } else {
          throw new IllegalArgumentException("Cannot model " + entry + ": the power-cut layer "
              + "knows only regular files and directories");
        }
        entries.put(entry.getFileName().toString(), node);
      }
    }
    return TrackedDirectory.durable(entries);
  }
}
