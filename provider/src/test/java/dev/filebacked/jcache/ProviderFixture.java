package dev.filebacked.jcache;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import javax.cache.CacheManager;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The setup the provider tests share: each test gets a provider of its own and a temporary
 * directory, and its cache manager keeps its caches in that directory unless the test names
 * another. After the test the provider is closed (with every manager and cache it opened) and
 * the directory deleted. Register it with {@code @RegisterExtension}.
 */
final class ProviderFixture implements BeforeEachCallback, AfterEachCallback {

  private final URI managerUri;
  private FileBackedCachingProvider provider;
  private Path temp;

  /** {@code managerName} is the URI of the test's cache manager. */
  ProviderFixture(String managerName) {
    this.managerUri = URI.create(managerName);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    temp = Files.createTempDirectory("filebacked-provider-test-");
    provider = new FileBackedCachingProvider();
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    try {
      provider.close();
    } finally {
      deleteRecursively(temp);
    }
  }

  /** The test's temporary directory, deleted after it. */
  Path temp() {
    return temp;
  }

  /** The test's cache manager, with the provider defaults. */
  CacheManager manager() {
    return manager(new Properties());
  }

  /**
   * The test's cache manager, with provider defaults from {@code properties}; its caches live
   * under {@code <temp>/managers} unless {@code properties} name a directory.
   */
  CacheManager manager(Properties properties) {
    Properties withDirectory = new Properties();
    withDirectory.setProperty("filebacked.directory", temp.resolve("managers").toString());
    withDirectory.putAll(properties);
    return provider.getCacheManager(managerUri, getClass().getClassLoader(), withDirectory);
  }

  /** Closes the provider before the test ends (before a disk it used is unmounted, say). */
  void closeProvider() {
    provider.close();
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(directory)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) {
      Files.deleteIfExists(path);
    }
  }
}
