package dev.filebacked.jcache.integration;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * Closes what a cache made from its configuration's factories (loader, writer, expiry policy,
 * listeners, filters) when the cache closes, as JCache asks, if it is {@link Closeable}.
 */
public final class Closeables {

  private static final System.Logger LOG = System.getLogger(Closeables.class.getName());

  private Closeables() {}

  /** Closes {@code resource} if it is closeable; a failure is logged, not thrown. */
  public static void closeQuietly(Object resource) {
    if (resource instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "Failed to close " + resource, e);
      }
    }
  }
}
