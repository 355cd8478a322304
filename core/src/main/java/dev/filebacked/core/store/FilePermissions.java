package dev.filebacked.core.store;

import java.nio.file.FileSystems;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Owner-only permissions (0700 directories, 0600 files) where the filesystem has POSIX ones. */
final class FilePermissions {

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString(
      "rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString(
      "rw-------");
  private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];

  private FilePermissions() {}

  static FileAttribute<?>[] ownerOnlyDirectory() {
    return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIRECTORY)}
        : NONE;
  }

  static FileAttribute<?>[] ownerOnlyFile() {
    return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : NONE;
  }
}
