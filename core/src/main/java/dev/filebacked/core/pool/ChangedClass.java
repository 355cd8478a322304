package dev.filebacked.core.pool;

import java.io.InvalidClassException;

/**
 * Tells a value that no longer decodes because its class changed (or went away) since it was
 * written from other failures: the JDK's serialization says so with an
 * {@link InvalidClassException} naming the class, or a {@link ClassNotFoundException}.
 */
final class ChangedClass {

  private ChangedClass() {}

  /** The class {@code error} says changed or went away, or {@code null} if it says no such thing. */
  static String named(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof InvalidClassException invalid && invalid.classname != null) {
        return invalid.classname;
      }
      if (cause instanceof ClassNotFoundException missing) {
        return missing.getMessage();
      }
    }
    return null;
  }
}
