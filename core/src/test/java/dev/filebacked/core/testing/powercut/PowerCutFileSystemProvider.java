package dev.filebacked.core.testing.powercut;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The provider of one {@link PowerCutFileSystem}: every operation unwraps its paths and runs on
 * the real filesystem. What changes entries or content goes through the {@link Namespace}
 * (which records it) or a {@link PowerCutFileChannel}; reads and attributes go straight to the
 * real provider. Streams ({@code Files.newInputStream}, {@code newOutputStream},
 * {@code writeString}, ...) are built by the JDK on {@link #newByteChannel}, so they are
 * tracked channels too.
 *
 * <p>Not supported: symbolic links (the model has none), asynchronous channels, watch
 * services, and file systems by URI (this provider is not installed; it belongs to its file
 * system). Attribute changes (permissions, times) pass through but are not modeled.
 */
final class PowerCutFileSystemProvider extends FileSystemProvider {

  private final PowerCutFileSystem fileSystem;
  private final FileSystemProvider real;
  private final Namespace namespace;
  private final MutationGate gate;

  PowerCutFileSystemProvider(PowerCutFileSystem fileSystem, FileSystemProvider real,
      Namespace namespace, MutationGate gate) {
    this.fileSystem = fileSystem;
    this.real = real;
    this.namespace = namespace;
    this.gate = gate;
  }

  @Override
  public String getScheme() {
    return "powercut";
  }

  @Override
  public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
    throw new UnsupportedOperationException("Use PowerCutFileSystem.over(Path)");
  }

  @Override
  public FileSystem getFileSystem(URI uri) {
    throw new UnsupportedOperationException("A power-cut file system is reached through its "
        + "paths, not by URI");
  }

  @Override
  public Path getPath(URI uri) {
    throw new UnsupportedOperationException("A power-cut file system is reached through its "
        + "paths, not by URI");
  }

  @Override
  public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
      FileAttribute<?>... attributes) throws IOException {
    return newFileChannel(path, options, attributes);
  }

  @Override
  public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options,
      FileAttribute<?>... attributes) throws IOException {
    Namespace.Opened opened = namespace.open(real(path), options, attributes);
    return opened.node() == null ? opened.channel()
        : new PowerCutFileChannel(opened, namespace, gate);
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(Path directory,
      DirectoryStream.Filter<? super Path> filter) throws IOException {
    DirectoryStream<Path> entries = real.newDirectoryStream(real(directory),
        entry -> filter.accept(fileSystem.wrap(entry)));
    return new DirectoryStream<>() {
      @Override
      public Iterator<Path> iterator() {
        Iterator<Path> iterator = entries.iterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return iterator.hasNext();
          }

          @Override
          public Path next() {
            return fileSystem.wrap(iterator.next());
          }
        };
      }

      @Override
      public void close() throws IOException {
        entries.close();
      }
    };
  }

  @Override
  public void createDirectory(Path directory, FileAttribute<?>... attributes)
      throws IOException {
    namespace.createDirectory(real(directory), attributes);
  }

  @Override
  public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attributes) {
    throw new UnsupportedOperationException("The power-cut layer does not model symbolic links");
  }

  @Override
  public void createLink(Path link, Path existing) throws IOException {
    namespace.link(real(link), real(existing));
  }

  @Override
  public void delete(Path path) throws IOException {
    namespace.delete(real(path));
  }

  @Override
  public Path readSymbolicLink(Path link) {
    throw new UnsupportedOperationException("The power-cut layer does not model symbolic links");
  }

  @Override
  public void copy(Path source, Path target, CopyOption... options) throws IOException {
    namespace.copy(real(source), real(target), options);
  }

  @Override
  public void move(Path source, Path target, CopyOption... options) throws IOException {
    namespace.move(real(source), real(target), options);
  }

  @Override
  public boolean isSameFile(Path path, Path other) throws IOException {
    return real.isSameFile(real(path), real(other));
  }

  @Override
  public boolean isHidden(Path path) throws IOException {
    return real.isHidden(real(path));
  }

  @Override
  public FileStore getFileStore(Path path) throws IOException {
    return real.getFileStore(real(path));
  }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    real.checkAccess(real(path), modes);
  }

  @Override
  public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type,
      LinkOption... options) {
    return real.getFileAttributeView(real(path), type, options);
  }

  @Override
  public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type,
      LinkOption... options) throws IOException {
    return real.readAttributes(real(path), type, options);
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes,
      LinkOption... options) throws IOException {
    return real.readAttributes(real(path), attributes, options);
  }

  @Override
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options)
      throws IOException {
    real.setAttribute(real(path), attribute, value, options);
  }

  /** The real path behind {@code path}, which must be of this open file system. */
  private Path real(Path path) {
    if (!(path instanceof PowerCutPath wrapped) || wrapped.getFileSystem() != fileSystem) {
      throw new ProviderMismatchException("Not a path of " + fileSystem + ": " + path);
    }
    if (!fileSystem.isOpen()) {
      throw new ClosedFileSystemException();
    }
    return wrapped.real();
  }
}
