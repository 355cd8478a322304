package dev.filebacked.core.testing.powercut;

import java.io.IOException;
import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * A path of a {@link PowerCutFileSystem}: a real path, wrapped so that every path derived from
 * it ({@code resolve}, {@code getParent}, {@code relativize}, ...) stays in the power-cut
 * filesystem. It reads exactly as the real path does ({@link #toString}, equality and order
 * follow the real path).
 *
 * <p>There is no way out to the real file: {@link #toFile} and {@link #toUri} throw
 * {@link UnsupportedOperationException}, so that code that leaves the layer fails loudly
 * instead of silently writing past the model. ({@code Path.of(path.toString())} does leave it.)
 */
final class PowerCutPath implements Path {

  private final PowerCutFileSystem fileSystem;
  private final Path real;

  PowerCutPath(PowerCutFileSystem fileSystem, Path real) {
    this.fileSystem = fileSystem;
    this.real = real;
  }

  /** The real path this one wraps. */
  Path real() {
    return real;
  }

  @Override
  public PowerCutFileSystem getFileSystem() {
    return fileSystem;
  }

  @Override
  public boolean isAbsolute() {
    return real.isAbsolute();
  }

  @Override
  public Path getRoot() {
    return wrap(real.getRoot());
  }

  @Override
  public Path getFileName() {
    return wrap(real.getFileName());
  }

  @Override
  public Path getParent() {
    return wrap(real.getParent());
  }

  @Override
  public int getNameCount() {
    return real.getNameCount();
  }

  @Override
  public Path getName(int index) {
    return wrap(real.getName(index));
  }

  @Override
  public Path subpath(int beginIndex, int endIndex) {
    return wrap(real.subpath(beginIndex, endIndex));
  }

  @Override
  public boolean startsWith(Path other) {
    return other instanceof PowerCutPath path && path.fileSystem == fileSystem
        && real.startsWith(path.real);
  }

  @Override
  public boolean endsWith(Path other) {
    return other instanceof PowerCutPath path && path.fileSystem == fileSystem
        && real.endsWith(path.real);
  }

  @Override
  public Path normalize() {
    return wrap(real.normalize());
  }

  @Override
  public Path resolve(Path other) {
    return wrap(real.resolve(unwrap(other)));
  }

  @Override
  public Path relativize(Path other) {
    return wrap(real.relativize(unwrap(other)));
  }

  @Override
  public URI toUri() {
    throw new UnsupportedOperationException("A URI of " + this + " would name the real file and "
        + "leave the power-cut layer");
  }

  @Override
  public java.io.File toFile() {
    throw new UnsupportedOperationException("A File of " + this + " would name the real file "
        + "and leave the power-cut layer");
  }

  @Override
  public Path toAbsolutePath() {
    return wrap(real.toAbsolutePath());
  }

  @Override
  public Path toRealPath(LinkOption... options) throws IOException {
    return wrap(real.toRealPath(options));
  }

  @Override
  public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events,
      WatchEvent.Modifier... modifiers) {
    throw new UnsupportedOperationException("The power-cut layer has no watch service");
  }

  @Override
  public int compareTo(Path other) {
    return real.compareTo(((PowerCutPath) other).real);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PowerCutPath path && path.fileSystem == fileSystem
        && real.equals(path.real);
  }

  @Override
  public int hashCode() {
    return real.hashCode();
  }

  @Override
  public String toString() {
    return real.toString();
  }

  private Path wrap(Path path) {
    return path == null ? null : new PowerCutPath(fileSystem, path);
  }

  private Path unwrap(Path path) {
    if (path instanceof PowerCutPath wrapped && wrapped.fileSystem == fileSystem) {
      return wrapped.real;
    }
    throw new ProviderMismatchException("Not a path of " + fileSystem + ": " + path);
  }
}
