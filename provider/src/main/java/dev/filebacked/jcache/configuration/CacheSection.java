package dev.filebacked.jcache.configuration;

import dev.filebacked.core.codec.CodecProviders;
import dev.filebacked.jcache.FileBackedConfiguration;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.DecodingPolicy;
import dev.filebacked.spi.DiskFullPolicy;
import dev.filebacked.spi.Durability;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * A cache's settings in the configuration file (the template, or a cache's section over it)
 * as a {@link FileBackedConfiguration}, and the rule by which they complete a configuration a
 * cache is created with.
 */
final class CacheSection {

  private CacheSection() {}

  /** Reads every key of a cache section (its template fallback included). */
  static FileBackedConfiguration<Object, Object> read(Settings settings,
      ClassLoader classLoader) {
    FileBackedConfiguration<Object, Object> configuration = new FileBackedConfiguration<>();
    @SuppressWarnings("unchecked")
    Class<Object> keyType = (Class<Object>) settings.classOrNull("key-type", classLoader);
    @SuppressWarnings("unchecked")
    Class<Object> valueType = (Class<Object>) settings.classOrNull("value-type", classLoader);
    configuration.setTypes(keyType != null ? keyType : Object.class,
        valueType != null ? valueType : Object.class);
    configuration.setStoreByValue(settings.bool("store-by-value"));
    configuration.setSpillByReference(settings.bool("spill-by-reference"));
    String directory = settings.stringOrNull("directory");
    if (directory != null) {
      configuration.setDirectory(Path.of(directory));
    }
    memory(settings, configuration);
    String codec = settings.string("codec");
    try {
      Codec.checkId(codec);
      CodecProviders.check(codec, classLoader);
    } catch (IllegalArgumentException | CodecException e) {
      throw settings.bad("codec", "the id of a codec on the class path", e);
    }
    configuration.setCodec(codec);
    configuration.setDecodingPolicy(decoding(settings));
    configuration.setDiskFullPolicy(settings.enumValue("disk-full-policy", DiskFullPolicy.class));
    configuration.setPersistent(settings.bool("persistent"));
    configuration.setDurability(settings.enumValue("durability", Durability.class));
    configuration.setExpiryPolicyFactory(expiry(settings));
    Factory<CacheLoader<Object, Object>> loader =
        NewInstanceFactory.of(settings, "loader", CacheLoader.class, classLoader);
    if (loader != null) {
      configuration.setCacheLoaderFactory(loader).setReadThrough(true);
    }
    Factory<CacheWriter<Object, Object>> writer =
        NewInstanceFactory.of(settings, "writer", CacheWriter.class, classLoader);
    if (writer != null) {
      configuration.setCacheWriterFactory(writer).setWriteThrough(true);
    }
    configuration.setStatisticsEnabled(settings.bool("statistics"));
    configuration.setManagementEnabled(settings.bool("management"));
    Long ioThreads = settings.wholeOrNull("io-threads", 1);
    if (ioThreads != null) {
      configuration.setIoThreads(Math.toIntExact(ioThreads));
    }
    return configuration;
  }

  /**
   * Gives {@code configuration} every setting it leaves unset from {@code base} (the cache's
   * section or the template): the engine settings it does not set, the JCache settings it
   * leaves at JCache's defaults (types {@code Object}, store-by-value, eternal, no loader or
   * writer); and switches on what either switches on.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void fillUnset(FileBackedConfiguration configuration,
      FileBackedConfiguration<?, ?> base) {
    if (configuration.getKeyType() == Object.class && configuration.getValueType() == Object.class) {
      configuration.setTypes(base.getKeyType(), base.getValueType());
    }
    if (configuration.isStoreByValue()) {
      configuration.setStoreByValue(base.isStoreByValue());
    }
    if (isEternal(configuration.getExpiryPolicyFactory())) {
      configuration.setExpiryPolicyFactory(base.getExpiryPolicyFactory());
    }
    if (configuration.getCacheLoaderFactory() == null && base.getCacheLoaderFactory() != null) {
      configuration.setCacheLoaderFactory(base.getCacheLoaderFactory())
          .setReadThrough(configuration.isReadThrough() || base.isReadThrough());
    }
    if (configuration.getCacheWriterFactory() == null && base.getCacheWriterFactory() != null) {
      configuration.setCacheWriterFactory(base.getCacheWriterFactory())
          .setWriteThrough(configuration.isWriteThrough() || base.isWriteThrough());
    }
    fillUnsetEngineSettings(configuration, base);
  }

  /** JCache's default expiry: a singleton factory of {@link EternalExpiryPolicy}. */
  private static boolean isEternal(Factory<? extends ExpiryPolicy> factory) {
    return factory instanceof FactoryBuilder.SingletonFactory
        && factory.create() instanceof EternalExpiryPolicy;
  }

  private static void fillUnsetEngineSettings(FileBackedConfiguration<?, ?> configuration,
      FileBackedConfiguration<?, ?> base) {
    if (configuration.getMaximumEntriesInMemory() == null
        && configuration.getMaximumBytesInMemory() == null) {
      if (base.getMaximumBytesInMemory() != null) {
        configuration.setMaximumBytesInMemory(base.getMaximumBytesInMemory());
      } else {
        configuration.setMaximumEntriesInMemory(base.getMaximumEntriesInMemory());
      }
    }
    if (configuration.getDirectory() == null && base.getDirectory() != null) {
      configuration.setDirectory(base.getDirectory());
    }
    if (configuration.getCodec() == null) {
      configuration.setCodec(base.getCodec());
    }
    if (configuration.getDecodingPolicy() == null) {
      configuration.setDecodingPolicy(base.getDecodingPolicy());
    }
    if (configuration.getDiskFullPolicy() == null) {
      configuration.setDiskFullPolicy(base.getDiskFullPolicy());
    }
    if (configuration.getDurability() == null) {
      configuration.setDurability(base.getDurability());
    }
    if (configuration.getIoThreads() == null && base.getIoThreads() != null) {
      configuration.setIoThreads(base.getIoThreads());
    }
    configuration.setSpillByReference(configuration.isSpillByReference()
        || base.isSpillByReference());
    configuration.setPersistent(configuration.isPersistent() || base.isPersistent());
    configuration.setStatisticsEnabled(configuration.isStatisticsEnabled()
        || base.isStatisticsEnabled());
    configuration.setManagementEnabled(configuration.isManagementEnabled()
        || base.isManagementEnabled());
  }

  private static void memory(Settings settings, FileBackedConfiguration<?, ?> configuration) {
    Long entries = settings.wholeOrNull("memory.maximum-entries", 0);
    Long bytes = settings.bytesOrNull("memory.maximum-bytes");
    if (bytes != null) {
      configuration.setMaximumBytesInMemory(bytes);
    } else if (entries != null) {
      configuration.setMaximumEntriesInMemory(entries);
    } else {
      throw settings.bad("memory.maximum-entries", "a memory bound: set memory.maximum-entries "
          + "or memory.maximum-bytes", null);
    }
  }

  private static DecodingPolicy decoding(Settings settings) {
    List<String> classes = settings.stringsOrNull("decoding.allowed-classes");
    DecodingPolicy policy;
    try {
      policy = classes == null ? DecodingPolicy.unrestricted() : DecodingPolicy.allowing(classes);
    } catch (IllegalArgumentException e) {
      throw settings.bad("decoding.allowed-classes", "class, package (com.acme.*) or package "
          + "tree (com.acme.**) patterns", e);
    }
    Long depth = settings.wholeOrNull("decoding.max-depth", 1);
    if (depth != null) {
      policy = policy.withMaxDepth((int) Math.min(depth, DecodingPolicy.UNLIMITED));
    }
    Long bytes = settings.bytesOrNull("decoding.max-bytes");
    if (bytes != null) {
      policy = policy.withMaxBytes((int) Math.min(bytes, DecodingPolicy.UNLIMITED));
    }
    return policy;
  }

  private static Factory<? extends ExpiryPolicy> expiry(Settings settings) {
    String policy = settings.string("expiry.policy").trim().toLowerCase(Locale.ROOT);
    java.time.Duration duration = settings.durationOrNull("expiry.duration");
    if (policy.equals("eternal")) {
      if (duration != null) {
        throw settings.bad("expiry.duration", "no duration, since expiry.policy is eternal; "
            + "set expiry.policy to created, modified, accessed or touched", null);
      }
      return EternalExpiryPolicy.factoryOf();
    }
    if (!List.of("created", "modified", "accessed", "touched").contains(policy)) {
      throw settings.bad("expiry.policy", "eternal, created, modified, accessed or touched",
          null);
    }
    if (duration == null) {
      throw settings.bad("expiry.policy", "an expiry.duration beside it: how long entries "
          + "live under the " + policy + " policy, such as 10m", null);
    }
    Duration lifetime = new Duration(TimeUnit.MILLISECONDS, Math.max(1, duration.toMillis()));
    switch (policy) {
      case "created":
        return CreatedExpiryPolicy.factoryOf(lifetime);
      case "modified":
        return ModifiedExpiryPolicy.factoryOf(lifetime);
      case "accessed":
        return AccessedExpiryPolicy.factoryOf(lifetime);
      default:
        return TouchedExpiryPolicy.factoryOf(lifetime);
    }
  }
}
