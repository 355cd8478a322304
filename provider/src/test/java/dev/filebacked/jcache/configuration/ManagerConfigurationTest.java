package dev.filebacked.jcache.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.filebacked.jcache.FileBackedConfiguration;
import dev.filebacked.spi.DecodingPolicy;
import dev.filebacked.spi.DiskFullPolicy;
import dev.filebacked.spi.Durability;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagerConfigurationTest {

  private static final URI DEFAULT_URI =
      URI.create("dev.filebacked.jcache.FileBackedCachingProvider");

  @TempDir
  Path temp;

  @Test
  void theReferenceFileAndTheCodeHaveTheSameKeys() {
    ManagerConfiguration configuration = load(ConfigurationFile.none(), new Properties());
    Set<String> referenceKeys = new TreeSet<>();
    leaves(ConfigFactory.defaultReference().getObject("filebacked"), "", referenceKeys);
    assertThat(configuration.keysRead()).isEqualTo(referenceKeys);
  }

  @Test
  void withNoFileEveryCacheGetsTheReferenceTemplate() {
    ManagerConfiguration configuration = load(ConfigurationFile.none(), new Properties());
    FileBackedConfiguration<String, String> resolved =
        configuration.forCache("orders", new MutableConfiguration<String, String>());
    assertThat(resolved.getMaximumEntriesInMemory()).isEqualTo(10_000);
    assertThat(resolved.getMaximumBytesInMemory()).isNull();
    assertThat(resolved.getCodec()).isEqualTo("jdk");
    assertThat(resolved.getDecodingPolicy()).isEqualTo(DecodingPolicy.unrestricted());
    assertThat(resolved.getDiskFullPolicy()).isEqualTo(DiskFullPolicy.EVICT);
    assertThat(resolved.getDurability()).isEqualTo(Durability.ON_FLUSH);
    assertThat(resolved.isPersistent()).isFalse();
    assertThat(resolved.getDirectory()).isNull();
    assertThat(resolved.getIoThreads()).isNull();
    assertThat(configuration.directory()).isNull();
    assertThat(configuration.expirySweepInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(configuration.declaredCaches()).isEmpty();
  }

  @Test
  void aPlainMutableConfigurationGetsTheTemplatesSettingsWhereItKeepsJCacheDefaults()
      throws IOException {
    ManagerConfiguration configuration = load(file("template.conf", """
        filebacked.default {
          memory.maximum-bytes = 64MiB
          codec = fory
          disk-full-policy = fail_writes
          statistics = true
          expiry { policy = created, duration = 10m }
        }
        """), new Properties());
    MutableConfiguration<String, String> plain = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class);
    FileBackedConfiguration<String, String> resolved = configuration.forCache("orders", plain);
    assertThat(resolved.getMaximumBytesInMemory()).isEqualTo(64L << 20);
    assertThat(resolved.getMaximumEntriesInMemory()).isNull();
    assertThat(resolved.getCodec()).isEqualTo("fory");
    assertThat(resolved.getDiskFullPolicy()).isEqualTo(DiskFullPolicy.FAIL_WRITES);
    assertThat(resolved.isStatisticsEnabled()).isTrue();
    assertThat(resolved.isStoreByValue()).isTrue();
    assertThat(resolved.getKeyType()).isEqualTo(String.class);
    // JCache's default expiry (eternal) is what a plain configuration always has: the file's
    assertThat(resolved.getExpiryPolicyFactory().create().getExpiryForCreation()).isEqualTo(
        new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 600_000));
    // a configuration that chose an expiry keeps it
    MutableConfiguration<String, String> timed = new MutableConfiguration<String, String>()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
            javax.cache.expiry.Duration.ONE_MINUTE));
    assertThat(configuration.forCache("timed", timed).getExpiryPolicyFactory().create()
        .getExpiryForCreation()).isEqualTo(javax.cache.expiry.Duration.ONE_MINUTE);
  }

  @Test
  void theTemplatesTypesStoreByReferenceAndLoaderReachACacheCreatedOnTheFly()
      throws IOException {
    ManagerConfiguration configuration = load(file("jcache.conf", """
        filebacked.default {
          key-type = java.lang.String
          store-by-value = false
          loader = "%s"
        }
        """.formatted(Greeter.class.getName())), new Properties());
    FileBackedConfiguration<Object, Object> resolved =
        configuration.forCache("fly", new MutableConfiguration<>());
    assertThat(resolved.getKeyType()).isEqualTo(String.class);
    assertThat(resolved.isStoreByValue()).isFalse();
    assertThat(resolved.isReadThrough()).isTrue();
    assertThat(resolved.getCacheLoaderFactory().create().load("Ada")).isEqualTo("Hello, Ada");
  }

  @Test
  void aFileBackedConfigurationKeepsWhatItSetsAndTakesTheRest() throws IOException {
    ManagerConfiguration configuration = load(file("template.conf", """
        filebacked.default { memory.maximum-bytes = 1MiB, codec = fory, durability = FSYNC }
        """), new Properties());
    FileBackedConfiguration<String, String> mine = new FileBackedConfiguration<String, String>()
        .setMaximumEntriesInMemory(7).setCodec("jdk");
    FileBackedConfiguration<String, String> resolved = configuration.forCache("orders", mine);
    assertThat(resolved.getMaximumEntriesInMemory()).isEqualTo(7);
    assertThat(resolved.getMaximumBytesInMemory()).isNull();
    assertThat(resolved.getCodec()).isEqualTo("jdk");
    assertThat(resolved.getDurability()).isEqualTo(Durability.FSYNC);
  }

  @Test
  void cacheSectionsAreKeyedByLiteralNamesWithDotsDollarsAndHashes() throws IOException {
    ManagerConfiguration configuration = load(file("caches.conf", """
        filebacked {
          default.memory.maximum-entries = 100
          caches {
            "org.hibernate.cache.spi.QueryResultsRegion" { memory.maximum-entries = 5 }
            "com.acme.Book##NaturalId" {
              memory.maximum-bytes = 2MiB
              expiry { policy = created, duration = 90s }
            }
            "com.acme.Outer$Inner" { codec = fory, key-type = java.lang.String }
          }
        }
        """), new Properties());
    Map<String, FileBackedConfiguration<Object, Object>> declared =
        configuration.declaredCaches();
    assertThat(declared).containsOnlyKeys("org.hibernate.cache.spi.QueryResultsRegion",
        "com.acme.Book##NaturalId", "com.acme.Outer$Inner");
    assertThat(declared.get("org.hibernate.cache.spi.QueryResultsRegion")
        .getMaximumEntriesInMemory()).isEqualTo(5);
    FileBackedConfiguration<Object, Object> naturalId = declared.get("com.acme.Book##NaturalId");
    // a bound in bytes replaces the template's bound in entries
    assertThat(naturalId.getMaximumBytesInMemory()).isEqualTo(2L << 20);
    assertThat(naturalId.getMaximumEntriesInMemory()).isNull();
    ExpiryPolicy expiry = naturalId.getExpiryPolicyFactory().create();
    assertThat(expiry).isInstanceOf(CreatedExpiryPolicy.class);
    assertThat(expiry.getExpiryForCreation())
        .isEqualTo(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 90_000));
    FileBackedConfiguration<Object, Object> inner = declared.get("com.acme.Outer$Inner");
    assertThat(inner.getCodec()).isEqualTo("fory");
    assertThat(inner.getKeyType()).isEqualTo(String.class);
    assertThat(inner.getMaximumEntriesInMemory()).isEqualTo(100); // from the template
  }

  @Test
  void anUnknownKeyNamesTheKeyTheValueTheFileAndTheLine() throws IOException {
    Path file = temp.resolve("typo.conf");
    Files.writeString(file, """
        filebacked {
          default {
            memory.maximum-entires = 100
          }
        }
        """);
    assertThatThrownBy(() -> load(ConfigurationFile.of(file.toUri(), DEFAULT_URI, loader()),
        new Properties()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("filebacked.default.memory.maximum-entires")
        .hasMessageContaining("= 100")
        .hasMessageContaining(file.getFileName().toString())
        .hasMessageContaining("line 3")
        .hasMessageContaining("maximum-entries"); // the known keys
  }

  @Test
  void aBadValueNamesTheKeyTheValueTheFileAndTheLine() throws IOException {
    Path file = temp.resolve("bad.conf");
    Files.writeString(file, """
        filebacked {
          caches {
            "com.acme.Book" {
              disk-full-policy = wait
            }
          }
        }
        """);
    assertThatThrownBy(() -> load(ConfigurationFile.of(file.toUri(), DEFAULT_URI, loader()),
        new Properties()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("filebacked.caches.\"com.acme.Book\".disk-full-policy")
        .hasMessageContaining("\"wait\"")
        .hasMessageContaining("bad.conf, line 4")
        .hasMessageContaining("[EVICT, FAIL_WRITES]");

    Files.writeString(file, "filebacked.default.memory.maximum-entries = lots\n");
    assertThatThrownBy(() -> load(ConfigurationFile.of(file.toUri(), DEFAULT_URI, loader()),
        new Properties()))
        .hasMessageContaining("filebacked.default.memory.maximum-entries = \"lots\"")
        .hasMessageContaining("bad.conf, line 1").hasMessageContaining("a whole number");
  }

  @Test
  void anUnquotedDottedCacheNameIsAnErrorThatSaysToQuoteIt() throws IOException {
    assertThatThrownBy(() -> load(file("dotted.conf", """
        filebacked.caches {
          com.acme.Book { memory.maximum-entries = 5 }
        }
        """), new Properties()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("filebacked.caches.\"com\".acme")
        .hasMessageContaining("must be quoted");
  }

  @Test
  void aSectionThatDiffersFromACacheNameOnlyByADotIsTakenForATypo() throws IOException {
    ManagerConfiguration configuration = load(file("near.conf", """
        filebacked.caches { "com.acme.Book" { memory.maximum-entries = 5 } }
        """), new Properties());
    assertThatThrownBy(() -> configuration.forCache("com.acmeBook",
        new MutableConfiguration<>()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("\"com.acmeBook\"")
        .hasMessageContaining("\"com.acme.Book\"")
        .hasMessageContaining("near.conf");
    assertThat(configuration.forCache("com.acme.Book", new MutableConfiguration<>())
        .getMaximumEntriesInMemory()).isEqualTo(5);
    // Hibernate's region_prefix puts a prefix before every region name
    assertThatThrownBy(() -> configuration.forCache("app1.com.acme.Book",
        new MutableConfiguration<>()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("without the prefix \"app1.\"")
        .hasMessageContaining("filebacked.caches.\"app1.com.acme.Book\"");
    assertThat(configuration.forCache("com.acme.Author", new MutableConfiguration<>())
        .getMaximumEntriesInMemory()).isEqualTo(10_000);
  }

  @Test
  void propertiesOverrideSystemPropertiesWhichOverrideTheFile() throws IOException {
    ConfigurationFile file = file("layers.conf", """
        filebacked {
          expiry-sweep-interval = 5s
          default { codec = fory, memory.maximum-bytes = 1MiB, durability = FSYNC }
        }
        """);
    Properties system = new Properties();
    system.setProperty("filebacked.default.codec", "fst");
    system.setProperty("filebacked.expiry-sweep-interval", "PT2S");
    Properties given = new Properties();
    given.setProperty("filebacked.default.codec", "jdk");
    given.setProperty("filebacked.default.memory.maximum-entries", "3");
    given.setProperty("filebacked.directory", temp.toString());
    given.setProperty("hibernate.something.else", "not ours"); // left alone
    ManagerConfiguration configuration =
        ManagerConfiguration.of(file, given, system, loader());
    FileBackedConfiguration<Object, Object> resolved =
        configuration.forCache("c", new MutableConfiguration<>());
    assertThat(resolved.getCodec()).isEqualTo("jdk");
    assertThat(configuration.expirySweepInterval()).isEqualTo(Duration.ofSeconds(2));
    // an entry bound given as a property replaces the file's byte bound
    assertThat(resolved.getMaximumEntriesInMemory()).isEqualTo(3);
    assertThat(resolved.getMaximumBytesInMemory()).isNull();
    assertThat(resolved.getDurability()).isEqualTo(Durability.FSYNC);
    assertThat(configuration.directory()).isEqualTo(temp);
  }

  @Test
  void propertiesCanSetASectionOfADottedNameByQuotingIt() {
    Properties given = new Properties();
    given.setProperty("filebacked.caches.\"com.acme.Book\".memory.maximum-entries", "9");
    ManagerConfiguration configuration = load(ConfigurationFile.none(), given);
    assertThat(configuration.declaredCaches().get("com.acme.Book").getMaximumEntriesInMemory())
        .isEqualTo(9);
  }

  @Test
  void anUnknownKeyInTheGivenPropertiesIsAnErrorAndAnOldNameSaysItsNewOne() {
    Properties given = new Properties();
    given.setProperty("filebacked.maximumEntriesInMemory", "5");
    assertThatThrownBy(() -> load(ConfigurationFile.none(), given))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("filebacked.maximumEntriesInMemory")
        .hasMessageContaining("the Properties given to getCacheManager")
        .hasMessageContaining("filebacked.default.memory.maximum-entries");
  }

  @Test
  void systemPropertiesAreReadOnlyAsTheirOwnCheckedLayer() {
    String key = "filebacked.default.codec";
    String before = System.setProperty(key, "fst");
    ConfigFactory.invalidateCaches(); // as an application that sets system properties late would
    try {
      // the system layer given here is empty: the reference must not have read them itself
      ManagerConfiguration configuration = ManagerConfiguration.of(ConfigurationFile.none(),
          new Properties(), new Properties(), loader());
      assertThat(configuration.forCache("c", new MutableConfiguration<>()).getCodec())
          .isEqualTo("jdk");
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void anUnknownSystemPropertyIsIgnoredSinceOtherToolsShareThem() {
    Properties system = new Properties();
    system.setProperty("filebacked.crash.cycles", "5");
    system.setProperty("filebacked.default.memory.maximum-entries", "4");
    ManagerConfiguration configuration =
        ManagerConfiguration.of(ConfigurationFile.none(), new Properties(), system, loader());
    assertThat(configuration.forCache("c", new MutableConfiguration<>())
        .getMaximumEntriesInMemory()).isEqualTo(4);
  }

  @Test
  void theTimestampsRegionIsKeptWholeInMemoryAndItsSectionMayNotBoundIt() throws IOException {
    ManagerConfiguration configuration = load(file("small.conf", """
        filebacked.default.memory.maximum-entries = 1
        """), new Properties());
    assertThat(configuration.forCache("default-update-timestamps-region",
        new MutableConfiguration<>()).getMaximumEntriesInMemory()).isEqualTo(Long.MAX_VALUE);
    assertThat(configuration.forCache("app1.default-update-timestamps-region",
        new MutableConfiguration<>()).getMaximumEntriesInMemory()).isEqualTo(Long.MAX_VALUE);
    // the legacy names Hibernate still uses when a cache of that name exists
    assertThat(configuration.forCache("org.hibernate.cache.spi.UpdateTimestampsCache",
        new MutableConfiguration<>()).getMaximumEntriesInMemory()).isEqualTo(Long.MAX_VALUE);
    assertThat(configuration.forCache("app1.org.hibernate.cache.spi.TimestampsRegion",
        new MutableConfiguration<>()).getMaximumEntriesInMemory()).isEqualTo(Long.MAX_VALUE);
    assertThat(configuration.forCache("default-query-results-region",
        new MutableConfiguration<>()).getMaximumEntriesInMemory()).isEqualTo(1);

    assertThatThrownBy(() -> load(file("bounded.conf", """
        filebacked.caches {
          "default-update-timestamps-region" { memory.maximum-entries = 100 }
        }
        """), new Properties()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("\"default-update-timestamps-region\"")
        .hasMessageContaining("bounded.conf, line 2")
        .hasMessageContaining("never lose an entry");
  }

  @Test
  void aLoaderAndDecodingLimitsAreRead() throws IOException {
    ManagerConfiguration configuration = load(file("loader.conf", """
        filebacked.caches."greetings" {
          loader = "%s"
          decoding { allowed-classes = ["com.acme.**"], max-depth = 20, max-bytes = 1MiB }
          io-threads = 3
        }
        """.formatted(Greeter.class.getName())), new Properties());
    FileBackedConfiguration<Object, Object> greetings =
        configuration.declaredCaches().get("greetings");
    assertThat(greetings.isReadThrough()).isTrue();
    assertThat(greetings.getCacheLoaderFactory().create().load("Ada")).isEqualTo("Hello, Ada");
    assertThat(greetings.getDecodingPolicy()).isEqualTo(DecodingPolicy.allowing("com.acme.**")
        .withMaxDepth(20).withMaxBytes(1 << 20));
    assertThat(greetings.getIoThreads()).isEqualTo(3);

    assertThatThrownBy(() -> load(file("notaloader.conf", """
        filebacked.caches.greetings.loader = java.lang.String
        """), new Properties()))
        .hasMessageContaining("filebacked.caches.\"greetings\".loader")
        .hasMessageContaining("javax.cache.integration.CacheLoader");
  }

  @Test
  void jsonAndPropertiesFilesAreReadByTheirExtension() throws IOException {
    assertThat(load(file("c.json", """
        {"filebacked": {"default": {"memory": {"maximum-entries": 12}}}}
        """), new Properties()).forCache("c", new MutableConfiguration<>())
        .getMaximumEntriesInMemory()).isEqualTo(12);
    assertThat(load(file("c.properties", """
        filebacked.default.memory.maximum-entries = 13
        """), new Properties()).forCache("c", new MutableConfiguration<>())
        .getMaximumEntriesInMemory()).isEqualTo(13);
  }

  @Test
  void expiryNeedsAPolicyAndADurationWithAUnit() throws IOException {
    assertThatThrownBy(() -> load(file("nodur.conf", """
        filebacked.caches."a" {
          expiry.policy = created
        }
        """), new Properties()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("filebacked.caches.\"a\".expiry.policy = \"created\"")
        .hasMessageContaining("nodur.conf, line 2").hasMessageContaining("expiry.duration");
    assertThatThrownBy(() -> load(file("nopolicy.conf", """
        filebacked.caches."a".expiry.duration = 10m
        """), new Properties()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("expiry.duration").hasMessageContaining("eternal");
    assertThatThrownBy(() -> load(file("nounit.conf", """
        filebacked.caches."a".expiry { policy = created, duration = 600 }
        """), new Properties()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("expiry.duration = 600").hasMessageContaining("unit");
    assertThat(load(file("minutes.conf", """
        filebacked.caches."a".expiry { policy = created, duration = 10 minutes }
        """), new Properties()).declaredCaches().get("a").getExpiryPolicyFactory().create()
        .getExpiryForCreation())
        .isEqualTo(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 600_000));
  }

  @Test
  void bothMemoryBoundsInOnePlaceAreRefusedAndNullClearsAnIncludedOne() throws IOException {
    Files.writeString(temp.resolve("base.conf"), "filebacked.default.memory.maximum-bytes = 64MiB\n");
    assertThatThrownBy(() -> load(file("main.conf", """
        include "base.conf"
        filebacked.default.memory.maximum-entries = 100
        """), new Properties()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("sets both").hasMessageContaining("base.conf, line 1")
        .hasMessageContaining("main.conf, line 2").hasMessageContaining("null");
    FileBackedConfiguration<Object, Object> resolved = load(file("main.conf", """
        include "base.conf"
        filebacked.default.memory { maximum-entries = 100, maximum-bytes = null }
        """), new Properties()).forCache("c", new MutableConfiguration<>());
    assertThat(resolved.getMaximumEntriesInMemory()).isEqualTo(100);
    assertThat(resolved.getMaximumBytesInMemory()).isNull();
  }

  @Test
  void anUnknownCodecFailsWhenTheFileIsReadNamingTheKey() throws IOException {
    assertThatThrownBy(() -> load(file("codec.conf", """
        filebacked.default.codec = foryy
        """), new Properties()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("filebacked.default.codec = \"foryy\"")
        .hasMessageContaining("codec.conf, line 1").hasMessageContaining("No codec with id");
  }

  @Test
  void substitutionsSeeSystemPropertiesAndTheReference() throws IOException {
    ManagerConfiguration configuration = load(file("subst.conf", """
        filebacked {
          directory = ${java.io.tmpdir}"/my-caches"
          caches."a".codec = ${filebacked.default.codec}
        }
        """), new Properties());
    assertThat(configuration.directory())
        .isEqualTo(Path.of(System.getProperty("java.io.tmpdir") + "/my-caches"));
    assertThat(configuration.declaredCaches().get("a").getCodec()).isEqualTo("jdk");
  }

  @Test
  void aValueThatIsNotAStringInTheGivenPropertiesCountsToo() {
    Properties given = new Properties();
    given.put("filebacked.default.memory.maximum-entries", 7);
    assertThat(load(ConfigurationFile.none(), given).forCache("c", new MutableConfiguration<>())
        .getMaximumEntriesInMemory()).isEqualTo(7);
  }

  @Test
  void aPlainPathIsReadAsAFileAndAMisspeltSchemeIsAnError() throws IOException {
    Path file = temp.resolve("plain.conf");
    Files.writeString(file, "filebacked.default.memory.maximum-entries = 21\n");
    assertThat(load(ConfigurationFile.of(URI.create(file.toString()), DEFAULT_URI, loader()),
        new Properties()).forCache("c", new MutableConfiguration<>())
        .getMaximumEntriesInMemory()).isEqualTo(21);
    assertThatThrownBy(() -> ConfigurationFile.of(URI.create("classpth:configuration/example.conf"),
        DEFAULT_URI, loader()))
        .isInstanceOf(CacheException.class).hasMessageContaining("classpth");
    assertThatThrownBy(() -> ConfigurationFile.of(URI.create(temp.resolve("gone.conf").toString()),
        DEFAULT_URI, loader()))
        .isInstanceOf(CacheException.class).hasMessageContaining("gone.conf");
  }

  @Test
  void aFileWithoutAFilebackedObjectIsAnError() throws IOException {
    assertThatThrownBy(() -> load(file("app.conf", "filebaked.default.codec = fory\n"),
        new Properties()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("app.conf").hasMessageContaining("no \"filebacked\" object")
        .hasMessageContaining("[filebaked]");
  }

  @Test
  void aMisspeltTopLevelKeyBesideFilebackedIsAnErrorAndOtherKeysAreLeftAlone()
      throws IOException {
    assertThatThrownBy(() -> load(file("beside.conf", """
        filebacked.default.codec = jdk
        filebaked.caches.orders {}
        """), new Properties()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("\"filebaked\"").hasMessageContaining("beside.conf, line 2")
        .hasMessageContaining("did you mean");
    ManagerConfiguration shared = load(file("application.conf", """
        akka.loglevel = INFO
        filebacked.default.memory.maximum-entries = 3
        """), new Properties());
    assertThat(shared.forCache("c", new MutableConfiguration<>()).getMaximumEntriesInMemory())
        .isEqualTo(3);
  }

  @Test
  void aMissingFileIsAnErrorNamingIt() {
    URI missing = temp.resolve("nowhere.conf").toUri();
    assertThatThrownBy(() -> ConfigurationFile.of(missing, DEFAULT_URI, loader()))
        .isInstanceOf(CacheException.class).hasMessageContaining(missing.toString());
    assertThatThrownBy(() -> ConfigurationFile.of(URI.create("classpath:nowhere.conf"),
        DEFAULT_URI, loader()))
        .isInstanceOf(CacheException.class).hasMessageContaining("nowhere.conf");
  }

  @Test
  void aUriThatNamesNoFileOnlyNamesTheManager() {
    assertThat(ConfigurationFile.of(URI.create("my-manager"), DEFAULT_URI, loader()).config()
        .isEmpty()).isTrue();
    assertThat(ConfigurationFile.of(URI.create("urn:x-acme:caches"), DEFAULT_URI, loader())
        .config().isEmpty()).isTrue();
  }

  /** A loader a configuration file can name. */
  public static final class Greeter implements CacheLoader<Object, Object> {
    @Override
    public Object load(Object key) {
      return "Hello, " + key;
    }

    @Override
    public Map<Object, Object> loadAll(Iterable<?> keys) {
      throw new UnsupportedOperationException();
    }
  }

  private ConfigurationFile file(String name, String text) throws IOException {
    Path file = temp.resolve(name);
    Files.writeString(file, text);
    return ConfigurationFile.of(file.toUri(), DEFAULT_URI, loader());
  }

  private static ManagerConfiguration load(ConfigurationFile file, Properties properties) {
    return ManagerConfiguration.of(file, properties, new Properties(), loader());
  }

  private static ClassLoader loader() {
    return ManagerConfigurationTest.class.getClassLoader();
  }

  private static void leaves(ConfigObject object, String prefix, Set<String> into) {
    for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
      String path = prefix + ConfigUtil.joinPath(entry.getKey());
      ConfigValue value = entry.getValue();
      if (value.valueType() == ConfigValueType.OBJECT && !((ConfigObject) value).isEmpty()) {
        leaves((ConfigObject) value, path + ".", into);
      } else {
        into.add(path);
      }
    }
  }
}
