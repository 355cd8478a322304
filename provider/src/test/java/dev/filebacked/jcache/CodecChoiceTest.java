package dev.filebacked.jcache;

import dev.filebacked.core.pool.FilePool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.core.codec.fixtures.Person;
import dev.filebacked.spi.DecodingPolicy;
import dev.filebacked.spi.DisallowedClassException;
import dev.filebacked.spi.FileBackedCache;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A cache's codec, chosen by id from the class path, and its decoding policy, end to end. */
class CodecChoiceTest {

  @RegisterExtension
  final ProviderFixture fixture = new ProviderFixture("codec-choice");

  private FileBackedConfiguration<String, Object> spilling(String directory) {
    FileBackedConfiguration<String, Object> configuration = new FileBackedConfiguration<>();
    configuration.setTypes(String.class, Object.class);
    return configuration.setMaximumEntriesInMemory(1)
        .setDirectory(fixture.temp().resolve(directory));
  }

  /** The codec id in a blob's header, which follows the fixed header as ASCII. */
  private static boolean writtenBy(Path blob, String codecId) throws IOException {
    byte[] bytes = Files.readAllBytes(blob);
    String head = new String(bytes, 0, Math.min(bytes.length, 48), StandardCharsets.ISO_8859_1);
    return head.contains(codecId);
  }

  private static Person couple() {
    Person ada = new Person("Ada", 36);
    ada.partner = new Person("Charles", 41);
    ada.partner.partner = ada;
    return ada;
  }

  @Test
  void aCodecModuleOnTheClassPathIsChosenByItsIdAndCarriesValuesThroughTheDisk()
      throws IOException {
    Cache<String, Object> cache = fixture.manager()
        .createCache("fory", spilling("fory").setCodec("fory"));
    for (int i = 0; i < 5; i++) {
      cache.put("k" + i, couple());
    }
    cache.unwrap(FileBackedCache.class).flush();

    List<Path> blobs = BlobFiles.under(fixture.temp().resolve("fory"));
    assertThat(blobs).hasSize(4);
    for (Path blob : blobs) {
      assertThat(writtenBy(blob, "fory")).as("%s", blob).isTrue();
    }
    for (int i = 0; i < 5; i++) {
      Person back = (Person) cache.get("k" + i);
      assertThat(back).usingRecursiveComparison().isEqualTo(couple());
      assertThat(back.partner.partner).isSameAs(back);
    }
  }

  @Test
  void theProviderDefaultCodecServesCachesThatNameNone() throws IOException {
    Properties properties = new Properties();
    properties.setProperty("filebacked.default.codec", "fory");
    Cache<String, Object> cache = fixture.manager(properties).createCache("default", spilling("d"));
    cache.put("a", "one");
    cache.put("b", "two");
    cache.unwrap(FileBackedCache.class).flush();

    assertThat(BlobFiles.under(fixture.temp().resolve("d"))).singleElement()
        .satisfies(blob -> assertThat(writtenBy(blob, "fory")).isTrue());
    assertThat(cache.get("a")).isEqualTo("one");
  }

  @Test
  void anUnknownCodecIdFailsCacheCreationNamingTheCodecsThatAreThere() {
    CacheManager manager = fixture.manager();
    assertThatThrownBy(() -> manager.createCache("kryo", spilling("k").setCodec("kryo")))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("'kryo'")
        .hasMessageContaining("[fory, jdk]")
        .hasMessageContaining("filebacked-codec-kryo");
    assertThat(manager.getCacheNames()).doesNotContain("kryo");
  }

  @Test
  void aNewValueOfADisallowedClassIsRefusedWhenPut() {
    Cache<String, Object> cache = fixture.manager().createCache("strict",
        spilling("s").setDecodingPolicy(DecodingPolicy.allowing("com.example.**")));

    assertThatThrownBy(() -> cache.put("k", couple()))
        .isInstanceOf(CacheException.class)
        .hasCauseInstanceOf(DisallowedClassException.class)
        .hasMessageContaining(Person.class.getName());
    assertThat(cache.containsKey("k")).isFalse();
    cache.put("k", new ArrayList<>(List.of("allowed", 1)));
    assertThat(cache.get("k")).isEqualTo(List.of("allowed", 1));
  }

  @Test
  void aStoredValueOfADisallowedClassIsAMissLoggedOnce() throws IOException {
    CacheManager manager = fixture.manager();
    // No memory tier: every value is on disk once flushed, whatever the eviction policy picks.
    Cache<String, Object> open = manager.createCache("open",
        spilling("open").setMaximumEntriesInMemory(0));
    Cache<String, Object> strict = manager.createCache("strict",
        spilling("strict").setMaximumEntriesInMemory(0)
            .setDecodingPolicy(DecodingPolicy.allowing("com.example.**")));
    for (String key : List.of("first", "second")) {
      open.put(key, couple());
      strict.put(key, "harmless");
    }
    open.put("filler", "another value");
    strict.put("filler", "another value");
    open.unwrap(FileBackedCache.class).flush();
    strict.unwrap(FileBackedCache.class).flush();
    // Someone who can write the strict cache's directory plants a blob the open cache wrote,
    // relabelled with the version id of the blob it replaces so that it passes every check but
    // the decoding policy.
    for (String key : List.of("first", "second")) {
      Path target = blobOf(fixture.temp().resolve("strict"), key);
      Path source = blobOf(fixture.temp().resolve("open"), key);
      Files.write(target, relabelled(Files.readAllBytes(source),
          UUID.fromString(target.getFileName().toString())));
    }

    List<LogRecord> logged = new ArrayList<>();
    Logger logger = Logger.getLogger(FilePool.class.getName());
    Level level = logger.getLevel();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.setLevel(Level.ALL);
    logger.addHandler(handler);
    try {
      assertThat(strict.get("first")).isNull();
      assertThat(strict.get("second")).isNull();
    } finally {
      logger.removeHandler(handler);
      logger.setLevel(level);
    }

    assertThat(strict.containsKey("first")).isFalse();
    assertThat(strict.get("filler")).isEqualTo("another value");
    assertThat(logged).filteredOn(r -> r.getLevel() == Level.WARNING).singleElement()
        .satisfies(r -> assertThat(r.getThrown()).isInstanceOf(DisallowedClassException.class)
            .hasMessageContaining(Person.class.getName()));
    assertThat(logged).filteredOn(r -> r.getLevel().intValue() < Level.INFO.intValue())
        .hasSize(1);
  }

  /**
   * A blob file's bytes naming version {@code id} instead, checksum recomputed: the header
   * holds the id at bytes 20..35 and the CRC32C of bytes 0..35 and 40.. at bytes 36..39.
   */
  private static byte[] relabelled(byte[] blob, UUID id) {
    ByteBuffer bytes = ByteBuffer.wrap(blob.clone());
    bytes.putLong(20, id.getMostSignificantBits()).putLong(28, id.getLeastSignificantBits());
    CRC32C crc = new CRC32C();
    crc.update(bytes.array(), 0, 36);
    crc.update(bytes.array(), 40, blob.length - 40);
    bytes.putInt(36, (int) crc.getValue());
    return bytes.array();
  }

  /** The one blob under {@code directory} whose key, stored in its header, is {@code key}. */
  private static Path blobOf(Path directory, String key) throws IOException {
    List<Path> matches = new ArrayList<>();
    for (Path blob : BlobFiles.under(directory)) {
      if (new String(Files.readAllBytes(blob), StandardCharsets.ISO_8859_1).contains(key)) {
        matches.add(blob);
      }
    }
    assertThat(matches).as("blobs of key %s", key).hasSize(1);
    return matches.get(0);
  }
}
