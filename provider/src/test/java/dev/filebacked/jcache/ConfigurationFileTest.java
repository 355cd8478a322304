package dev.filebacked.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.jcache.management.DiskTierMXBean;
import dev.filebacked.spi.FileBackedCache;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cache managers configured by the file their URI names, through the JCache API. */
class ConfigurationFileTest {

  @TempDir
  Path temp;

  private FileBackedCachingProvider provider;

  @BeforeEach
  void openProvider() {
    provider = new FileBackedCachingProvider();
  }

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  @Test
  void theReadmeExampleIsAFileThatLoadsAndDeclaresItsCaches() throws IOException {
    Path readme = Path.of(System.getProperty("user.dir")).resolveSibling("README.md");
    Matcher block = Pattern.compile("```hocon\n(.*?)```", Pattern.DOTALL)
        .matcher(Files.readString(readme));
    assertThat(block.find()).as("a ```hocon block in " + readme).isTrue();
    String example = new String(getClass().getResourceAsStream("/configuration/example.conf")
        .readAllBytes(), StandardCharsets.UTF_8);
    assertThat(block.group(1)).isEqualTo(example);

    CacheManager manager = provider.getCacheManager(
        URI.create("classpath:configuration/example.conf"), getClass().getClassLoader(),
        directoryProperties());
    assertThat(manager.getCacheNames()).contains("com.acme.Book", "com.acme.Book##NaturalId");
    Cache<Object, Object> books = manager.getCache("com.acme.Book");
    assertThat(books.getConfiguration(FileBackedConfiguration.class)
        .getMaximumEntriesInMemory()).isEqualTo(50_000);
  }

  @Test
  void declaredCachesAreCreatedWithTheManagerUnderTheirLiteralNames() throws IOException {
    CacheManager manager = manager("declared.conf", """
        filebacked {
          default { memory.maximum-entries = 2, statistics = true }
          caches {
            "org.hibernate.cache.spi.QueryResultsRegion" {}
            "com.acme.Book##NaturalId" { key-type = java.lang.String, value-type = java.lang.Long }
            "com.acme.Outer$Inner" { memory.maximum-entries = 100 }
          }
        }
        """);
    assertThat(manager.getCacheNames()).containsExactlyInAnyOrder(
        "org.hibernate.cache.spi.QueryResultsRegion", "com.acme.Book##NaturalId",
        "com.acme.Outer$Inner");
    Cache<String, Long> naturalIds =
        manager.getCache("com.acme.Book##NaturalId", String.class, Long.class);
    for (long i = 0; i < 20; i++) {
      naturalIds.put("isbn-" + i, i);
    }
    naturalIds.unwrap(FileBackedCache.class).flush();
    DiskTierMXBean tiers = naturalIds.unwrap(DiskTierMXBean.class);
    assertThat(tiers.getEntriesInMemory()).isLessThanOrEqualTo(2);
    assertThat(tiers.getEntriesOnDisk()).isGreaterThanOrEqualTo(18);
    for (long i = 0; i < 20; i++) {
      assertThat(naturalIds.get("isbn-" + i)).isEqualTo(i);
    }
    assertThat(tiers.getDiskHits()).isGreaterThanOrEqualTo(18);
  }

  @Test
  void aCacheCreatedWithAPlainMutableConfigurationGetsTheTemplatesMemoryAndDisk()
      throws IOException {
    CacheManager manager = manager("template.conf", """
        filebacked.default { memory.maximum-entries = 3 }
        """);
    // what Hibernate does for a region it does not find: store-by-value, eternal, no bound
    Cache<Integer, String> region = manager.createCache("com.acme.Author",
        new MutableConfiguration<>());
    for (int i = 0; i < 30; i++) {
      region.put(i, "author " + i);
    }
    region.unwrap(FileBackedCache.class).flush();
    assertThat(region.unwrap(DiskTierMXBean.class).getEntriesInMemory()).isLessThanOrEqualTo(3);
    assertThat(region.unwrap(DiskTierMXBean.class).getEntriesOnDisk()).isGreaterThanOrEqualTo(27);
    for (int i = 0; i < 30; i++) {
      assertThat(region.get(i)).isEqualTo("author " + i);
    }
  }

  @Test
  void creatingACacheWhoseNameDiffersFromASectionOnlyByADotFailsNamingTheSection()
      throws IOException {
    CacheManager manager = manager("typo.conf", """
        filebacked.caches { "com.acme.Book" { memory.maximum-entries = 5 } }
        """);
    assertThatThrownBy(() -> manager.createCache("com.acmeBook", new MutableConfiguration<>()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("\"com.acme.Book\"").hasMessageContaining("typo.conf");
    assertThatThrownBy(() -> manager.getCache("com.acme.Book."))
        .isInstanceOf(CacheException.class).hasMessageContaining("\"com.acme.Book\"");
    assertThat(manager.getCache("com.acme.Author")).isNull();
  }

  @Test
  void aFileWithATypoFailsGetCacheManagerNamingTheKeyAndLine() throws IOException {
    Path file = temp.resolve("typo.conf");
    Files.writeString(file, "filebacked {\n  default.codek = fory\n}\n");
    assertThatThrownBy(() -> provider.getCacheManager(file.toUri(), getClass().getClassLoader()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("filebacked.default.codek").hasMessageContaining("line 2");
    // nothing was registered: the corrected file is read on the next request
    Files.writeString(file, "filebacked {\n  default.codec = jdk\n}\n");
    assertThat(provider.getCacheManager(file.toUri(), getClass().getClassLoader())).isNotNull();
  }

  @Test
  void aDeclaredCacheThatCannotBeCreatedFailsTheManagerAndClosesWhatItMade() throws IOException {
    Path file = temp.resolve("persistent.conf");
    // no directory: a persistent cache would live in a temporary folder, which is refused
    Files.writeString(file, """
        filebacked.caches {
          "a" {}
          "b" { persistent = true }
        }
        """);
    assertThatThrownBy(() -> provider.getCacheManager(file.toUri(), getClass().getClassLoader()))
        .isInstanceOf(CacheException.class).hasMessageContaining("no directory of its own");
  }

  @Test
  void theDefaultUriReadsFilebackedConfFromTheClassPathAndAJarUrlIsReadToo() throws IOException {
    Path classes = Files.createDirectories(temp.resolve("classes"));
    Files.writeString(classes.resolve("filebacked.conf"),
        "filebacked.caches.\"from-the-class-path\" {}\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        getClass().getClassLoader())) {
      CacheManager manager = provider.getCacheManager(provider.getDefaultURI(), loader,
          directoryProperties());
      assertThat(manager.getCacheNames()).containsExactly("from-the-class-path");
    }

    Path jar = temp.resolve("app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("config/caches.conf"));
      out.write("filebacked.caches.\"from-a-jar\" {}\n".getBytes());
      out.closeEntry();
    }
    URI inJar = URI.create("jar:" + jar.toUri() + "!/config/caches.conf");
    assertThat(provider.getCacheManager(inJar, getClass().getClassLoader(),
        directoryProperties()).getCacheNames()).containsExactly("from-a-jar");
  }

  private CacheManager manager(String name, String text) throws IOException {
    Path file = temp.resolve(name);
    Files.writeString(file, text);
    return provider.getCacheManager(file.toUri(), getClass().getClassLoader(),
        directoryProperties());
  }

  private Properties directoryProperties() {
    Properties properties = new Properties();
    properties.setProperty("filebacked.directory", temp.resolve("caches").toString());
    return properties;
  }
}
