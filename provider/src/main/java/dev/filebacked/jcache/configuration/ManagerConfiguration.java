package dev.filebacked.jcache.configuration;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.filebacked.jcache.FileBackedConfiguration;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.cache.CacheException;
import javax.cache.configuration.Configuration;

/**
 * A cache manager's configuration: its file (see {@link ConfigurationFile}) under the
 * {@code Properties} it was given and the system properties, over {@code reference.conf}, which
 * documents every key. It knows the manager's settings, the template every cache starts from,
 * and the caches the file declares; {@link #forCache} completes the configuration a cache is
 * created with.
 */
public final class ManagerConfiguration {

  private static final System.Logger LOG = System.getLogger(ManagerConfiguration.class.getName());

  static final String ROOT = "filebacked";
  static final String DEFAULT = "default";
  static final String CACHES = "caches";
  /**
   * The names of Hibernate's update-timestamps region, each optionally behind a prefix: today's,
   * and the two legacy ones Hibernate still uses when a cache of that name exists. It must never
   * lose an entry, or stale query results pass for fresh ones; it holds one entry per table.
   */
  static final List<String> TIMESTAMPS_REGIONS = List.of("default-update-timestamps-region",
      "org.hibernate.cache.spi.UpdateTimestampsCache", "org.hibernate.cache.spi.TimestampsRegion");
  private static final String MEMORY = "memory";
  private static final String[] MEMORY_BOUNDS = {"maximum-entries", "maximum-bytes"};

  private final String source;
  private final Path directory;
  private final Duration expirySweepInterval;
  private final FileBackedConfiguration<Object, Object> template;
  private final Map<String, FileBackedConfiguration<Object, Object>> declared;
  private final Set<String> keysRead;

  private ManagerConfiguration(String source, Path directory, Duration expirySweepInterval,
      FileBackedConfiguration<Object, Object> template,
      Map<String, FileBackedConfiguration<Object, Object>> declared, Set<String> keysRead) {
    this.source = source;
    this.directory = directory;
    this.expirySweepInterval = expirySweepInterval;
    this.template = template;
    this.declared = declared;
    this.keysRead = keysRead;
  }

  /**
   * The configuration of the manager {@code uri} names.
   *
   * @throws CacheException naming the file, key, value and line of what is wrong
   */
  public static ManagerConfiguration load(URI uri, URI defaultUri, ClassLoader classLoader,
      Properties properties) {
    ConfigurationFile file = ConfigurationFile.of(uri, defaultUri, classLoader);
    return of(file, properties, System.getProperties(), classLoader);
  }

  /** The configuration of {@code file} under {@code properties} and {@code system}. */
  static ManagerConfiguration of(ConfigurationFile file, Properties properties,
      Properties system, ClassLoader classLoader) {
    // Not defaultReference(), which lays the system properties over it unchecked; and only
    // our part of it, which another library's unresolvable reference.conf cannot break.
    Config reference = ConfigFactory.defaultReferenceUnresolved(
        ManagerConfiguration.class.getClassLoader()).withOnlyPath(ROOT).resolve();
    KeyCheck keys = new KeyCheck(reference.getObject(ROOT));
    Config given = layer(properties, "the Properties given to getCacheManager");
    keys.check(given.getObject(ROOT), unknown -> {
      throw new CacheException(unknown.message());
    });
    Config systemLayer = layer(system, "system properties");
    for (KeyCheck.Unknown unknown : unknowns(keys, systemLayer)) {
      LOG.log(Level.WARNING, unknown.message() + ". Ignored: system properties are shared with "
          + "other tools");
      systemLayer = systemLayer.withoutPath(unknown.path());
    }
    Config fileLayer = file.config();
    ConfigValue fileRoot = fileLayer.root().get(ROOT);
    if (fileRoot != null && fileRoot.valueType() != ConfigValueType.OBJECT) {
      throw new CacheException("The configuration file " + file.description() + " sets "
          + ROOT + " = " + fileRoot.render() + " (" + Origins.of(fileRoot) + "): it must be "
          + "an object, as in filebacked { default { memory.maximum-entries = 10000 } }");
    }
    if (!fileLayer.isEmpty() && fileRoot == null) {
      throw new CacheException("The configuration file " + file.description() + " has no "
          + "\"" + ROOT + "\" object: FileBacked reads only keys under it, as in "
          + "filebacked { default { memory.maximum-entries = 10000 } }; its keys are "
          + new TreeSet<>(fileLayer.root().keySet()));
    }
    for (String key : fileLayer.root().keySet()) {
      // other top-level keys are left alone (a shared application.conf), but not a misspelling
      if (!key.equals(ROOT) && looksLike(key.toLowerCase(Locale.ROOT), ROOT)) {
        ConfigValue value = fileLayer.root().get(key);
        throw new CacheException("The configuration file " + file.description() + " has a "
            + "top-level key \"" + key + "\" (" + Origins.of(value) + "): did you mean \""
            + ROOT + "\"? FileBacked reads only keys under " + ROOT);
      }
    }
    if (!fileLayer.isEmpty()) {
      keys.check(fileLayer.getObject(ROOT), unknown -> {
        throw new CacheException(unknown.message());
      });
    }
    Config merged;
    try {
      for (Config layer : List.of(given, systemLayer, fileLayer)) {
        checkOneMemoryBoundEach(layer);
      }
      // System properties last, for substitutions such as ${user.home} only: their filebacked
      // keys were read, checked, as the system layer.
      merged = over(given, over(systemLayer, over(fileLayer, reference)))
          .withFallback(ConfigFactory.systemProperties()).resolve();
    } catch (ConfigException e) {
      throw new CacheException("Configuration of " + file.description() + ": "
          + e.getMessage(), e);
    }
    return read(merged.getConfig(ROOT), file.description(), classLoader);
  }

  private static ManagerConfiguration read(Config root, String source, ClassLoader classLoader) {
    Set<String> keysRead = new TreeSet<>();
    Settings top = new Settings(root, ROOT, keysRead);
    String directory = top.stringOrNull("directory");
    Duration sweep = top.durationOrNull("expiry-sweep-interval");
    if (sweep == null) {
      throw top.bad("expiry-sweep-interval", "a positive duration", null);
    }
    Set<String> templateKeys = new TreeSet<>();
    Config templateConfig = root.getConfig(DEFAULT);
    FileBackedConfiguration<Object, Object> template = CacheSection.read(
        new Settings(templateConfig, ROOT + "." + DEFAULT, templateKeys), classLoader);
    templateKeys.forEach(key -> keysRead.add(DEFAULT + "." + key));
    keysRead.add(CACHES);

    Map<String, FileBackedConfiguration<Object, Object>> declared = new LinkedHashMap<>();
    ConfigObject caches = root.getObject(CACHES);
    for (String name : new TreeSet<>(caches.keySet())) {
      Config own = ((ConfigObject) caches.get(name)).toConfig();
      String path = sectionPath(name);
      if (isTimestampsRegion(name) && setsMemoryBound(own, MEMORY)) {
        throw new CacheException(path + " (" + Origins.of(boundSetIn(own)) + ") sets a memory "
            + "bound for Hibernate's update-timestamps region, which must never lose an entry: "
            + "FileBacked keeps it whole in memory (it holds one entry per table). Remove "
            + MEMORY + ".maximum-entries and " + MEMORY + ".maximum-bytes from this section");
      }
      Settings section = new Settings(sectionOverTemplate(own, templateConfig), path,
          new TreeSet<>());
      declared.put(name, wholeInMemoryIfTimestamps(name, CacheSection.read(section, classLoader)));
    }
    return new ManagerConfiguration(source, directory == null ? null : Path.of(directory),
        sweep, template, Collections.unmodifiableMap(declared),
        Collections.unmodifiableSet(keysRead));
  }

  /** Where the configuration came from: a URL, or "no configuration file". */
  public String source() {
    return source;
  }

  /** The root of the manager's folders ({@code filebacked.directory}), or null for a temporary one. */
  public Path directory() {
    return directory;
  }

  /** How often expired entries are swept ({@code filebacked.expiry-sweep-interval}). */
  public Duration expirySweepInterval() {
    return expirySweepInterval;
  }

  /** The caches the file declares, by name, with their whole configurations. */
  public Map<String, FileBackedConfiguration<Object, Object>> declaredCaches() {
    return declared;
  }

  /** The keys read, relative to {@code filebacked}: a test holds them to reference.conf. */
  Set<String> keysRead() {
    return keysRead;
  }

  /**
   * The configuration cache {@code name} is created with: what {@code requested} sets, the rest
   * from the cache's section if the file has one, else from the template (see
   * {@link CacheSection#fillUnset}).
   *
   * @throws CacheException if the file has no section of that name but one that differs from
   *     it only by dots, {@code $}, {@code #}, {@code -}, {@code _} or case (a typo)
   */
  public <K, V> FileBackedConfiguration<K, V> forCache(String name,
      Configuration<K, V> requested) {
    FileBackedConfiguration<Object, Object> base = baseFor(name);
    FileBackedConfiguration<K, V> resolved = new FileBackedConfiguration<>(requested);
    CacheSection.fillUnset(resolved, base);
    return resolved;
  }

  /**
   * Fails if the file has no section named {@code name} but one that is probably meant for it:
   * one that differs only by dots, {@code $}, {@code #}, {@code -}, {@code _} or case, or one
   * that is the name without a prefix ending in a dot.
   */
  public void checkName(String name) {
    if (declared.containsKey(name)) {
      return;
    }
    String wanted = normalized(name);
    for (String section : declared.keySet()) {
      if (normalized(section).equals(wanted)) {
        throw new CacheException("Cache \"" + name + "\" has no section in " + source
            + ", but the section \"" + section + "\" differs from it only by dots, $, #, -, _ "
            + "or case. If it is meant for this cache, rename it to the cache's exact name: "
            + sectionPath(name));
      }
      if (name.endsWith("." + section)) {
        String prefix = name.substring(0, name.length() - section.length());
        throw new CacheException("Cache \"" + name + "\" has no section in " + source
            + ", but the section \"" + section + "\" is its name without the prefix \""
            + prefix + "\" (Hibernate's hibernate.cache.region_prefix adds one). If it is meant "
            + "for this cache, rename it to the cache's exact name: " + sectionPath(name));
      }
    }
  }

  private FileBackedConfiguration<Object, Object> baseFor(String name) {
    checkName(name);
    FileBackedConfiguration<Object, Object> section = declared.get(name);
    return section != null ? section : wholeInMemoryIfTimestamps(name, template);
  }

  private static FileBackedConfiguration<Object, Object> wholeInMemoryIfTimestamps(String name,
      FileBackedConfiguration<Object, Object> configuration) {
    if (!isTimestampsRegion(name)) {
      return configuration;
    }
    return new FileBackedConfiguration<>(configuration).setMaximumEntriesInMemory(Long.MAX_VALUE);
  }

  /** {@code filebacked.caches."<name>"}, the way messages name a cache's section. */
  static String sectionPath(String name) {
    return ROOT + "." + CACHES + "." + ConfigUtil.quoteString(name);
  }

  static boolean isTimestampsRegion(String name) {
    return TIMESTAMPS_REGIONS.stream().anyMatch(name::endsWith);
  }

  /** Whether {@code a} is {@code b} with at most two letters changed, added or dropped. */
  private static boolean looksLike(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()] <= 2;
  }

  private static String normalized(String name) {
    return name.replaceAll("[.$#_\\-]", "").toLowerCase(Locale.ROOT);
  }

  /** The {@code filebacked.*} entries of {@code properties}, keys read as paths. */
  private static Config layer(Properties properties, String origin) {
    Map<String, String> entries = new TreeMap<>();
    for (Map.Entry<Object, Object> entry : properties.entrySet()) {
      String key = String.valueOf(entry.getKey());
      if (key.startsWith(ROOT + ".")) {
        String value = String.valueOf(entry.getValue()); // an Integer put() there counts too
        entries.put(key, value.trim().equals("null") ? null : value);
      }
    }
    try {
      Config layer = ConfigFactory.parseMap(entries, origin);
      return layer.hasPath(ROOT) ? layer : ConfigFactory.empty(origin).withValue(ROOT,
          ConfigFactory.empty().root());
    } catch (ConfigException e) {
      throw new CacheException("A key of " + origin + " is not a valid path: " + e.getMessage()
          + ". Quote names that hold dots: filebacked.caches.\"com.acme.Book\".codec", e);
    }
  }

  private static Iterable<KeyCheck.Unknown> unknowns(KeyCheck keys, Config layer) {
    List<KeyCheck.Unknown> unknowns = new ArrayList<>();
    keys.check(layer.getObject(ROOT), unknowns::add);
    return unknowns;
  }

  /**
   * Layer {@code higher} with {@code lower} as its fallback, except that where {@code higher}
   * sets a memory bound (in the template or a section), {@code lower}'s bounds there are
   * dropped: a bound in entries must not lose to an inherited bound in bytes.
   */
  private static Config over(Config higher, Config lower) {
    Config adjusted = withoutBoundsIfSet(higher, lower, ConfigUtil.joinPath(ROOT, DEFAULT, MEMORY));
    if (higher.hasPath(ROOT + "." + CACHES)) {
      for (String name : higher.getObject(ROOT + "." + CACHES).keySet()) {
        adjusted = withoutBoundsIfSet(higher, adjusted,
            ConfigUtil.joinPath(ROOT, CACHES, name, MEMORY));
      }
    }
    return higher.withFallback(adjusted);
  }

  /** A cache's own section with the template as its fallback, bounds as in {@link #over}. */
  private static Config sectionOverTemplate(Config section, Config template) {
    return section.withFallback(withoutBoundsIfSet(section, template, MEMORY));
  }

  /** {@code lower} without its bounds at {@code memory} if {@code higher} sets one there. */
  private static Config withoutBoundsIfSet(Config higher, Config lower, String memory) {
    if (!setsMemoryBound(higher, memory)) {
      return lower;
    }
    Config adjusted = lower;
    for (String bound : MEMORY_BOUNDS) {
      adjusted = adjusted.withValue(memory + "." + bound, ConfigValueFactory.fromAnyRef(null));
    }
    return adjusted;
  }

  /**
   * Refuses a layer that sets both memory bounds in one place (the template or a section):
   * which was meant would be a guess, since an include or a later line overriding one leaves
   * the other standing. Setting one to null clears it.
   */
  private static void checkOneMemoryBoundEach(Config layer) {
    ConfigValue root = layer.root().get(ROOT);
    if (!(root instanceof ConfigObject)) {
      return;
    }
    Map<String, ConfigValue> places = new LinkedHashMap<>();
    places.put(ConfigUtil.joinPath(ROOT, DEFAULT), ((ConfigObject) root).get(DEFAULT));
    if (((ConfigObject) root).get(CACHES) instanceof ConfigObject caches) {
      caches.forEach((name, section) -> places.put(sectionPath(name), section));
    }
    places.forEach((place, section) -> {
      if (section instanceof ConfigObject settings
          && settings.get(MEMORY) instanceof ConfigObject memory) {
        ConfigValue entries = memory.get(MEMORY_BOUNDS[0]);
        ConfigValue bytes = memory.get(MEMORY_BOUNDS[1]);
        if (isSet(entries) && isSet(bytes)) {
          throw new CacheException(place + "." + MEMORY + " sets both maximum-entries = "
              + entries.render() + " (" + Origins.of(entries) + ") and maximum-bytes = "
              + bytes.render() + " (" + Origins.of(bytes) + "): set one; to override an "
              + "included bound of the other kind, set that one to null");
        }
      }
    });
  }

  private static boolean isSet(ConfigValue value) {
    return value != null && value.valueType() != ConfigValueType.NULL;
  }

  private static ConfigValue boundSetIn(Config section) {
    for (String bound : MEMORY_BOUNDS) {
      if (section.hasPath(MEMORY + "." + bound)) {
        return section.getValue(MEMORY + "." + bound);
      }
    }
    return section.root();
  }

  private static boolean setsMemoryBound(Config config, String memory) {
    for (String bound : MEMORY_BOUNDS) {
      if (config.hasPathOrNull(memory + "." + bound)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "ManagerConfiguration[" + source + "]";
  }

}
