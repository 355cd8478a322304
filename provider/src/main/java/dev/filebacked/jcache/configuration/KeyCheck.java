package dev.filebacked.jcache.configuration;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.cache.CacheException;

/**
 * Compares what a configuration layer sets under {@code filebacked} with the keys
 * {@code reference.conf} has: every key must be one of them, and a key that holds settings must
 * hold an object. Each cache section under {@code caches} is checked against the template.
 */
final class KeyCheck {

  /** Keys of the provider properties before the configuration file, and what replaced them. */
  private static final Map<String, String> RENAMED = Map.of(
      "maximumEntriesInMemory", "filebacked.default.memory.maximum-entries",
      "maximumBytesInMemory", "filebacked.default.memory.maximum-bytes",
      "expirySweepInterval", "filebacked.expiry-sweep-interval",
      "diskFullPolicy", "filebacked.default.disk-full-policy");

  private final ConfigObject reference;
  private final ConfigObject template;

  /** @param reference the {@code filebacked} object of {@code reference.conf} */
  KeyCheck(ConfigObject reference) {
    this.reference = reference;
    this.template = (ConfigObject) reference.get(ManagerConfiguration.DEFAULT);
  }

  /**
   * Checks {@code layer} (its {@code filebacked} object); an unknown key is passed to
   * {@code unknown} (which may throw or drop it), a misplaced value is an error.
   */
  void check(ConfigObject layer, Consumer<Unknown> unknown) {
    for (Map.Entry<String, ConfigValue> entry : layer.entrySet()) {
      String key = entry.getKey();
      String path = ConfigUtil.joinPath("filebacked", key);
      if (key.equals(ManagerConfiguration.CACHES)) {
        checkSections(entry.getValue(), path, unknown);
      } else {
        check(reference, key, entry.getValue(), path, unknown, false);
      }
    }
  }

  private void checkSections(ConfigValue caches, String path, Consumer<Unknown> unknown) {
    if (caches.valueType() != ConfigValueType.OBJECT) {
      throw notAnObject(path, caches, "one section per cache, keyed by its quoted name");
    }
    for (Map.Entry<String, ConfigValue> section : ((ConfigObject) caches).entrySet()) {
      String sectionPath = ManagerConfiguration.sectionPath(section.getKey());
      if (section.getValue().valueType() != ConfigValueType.OBJECT) {
        throw notAnObject(sectionPath, section.getValue(), "the settings of cache \""
            + section.getKey() + "\"");
      }
      for (Map.Entry<String, ConfigValue> entry
          : ((ConfigObject) section.getValue()).entrySet()) {
        check(template, entry.getKey(), entry.getValue(),
            sectionPath + "." + ConfigUtil.joinPath(entry.getKey()), unknown, true);
      }
    }
  }

  private void check(ConfigObject schema, String key, ConfigValue value, String path,
      Consumer<Unknown> unknown, boolean inSection) {
    ConfigValue expected = schema.get(key);
    if (expected == null) {
      unknown.accept(new Unknown(path, value, hint(schema, key, value, inSection)));
      return;
    }
    if (expected.valueType() != ConfigValueType.OBJECT) {
      return; // a value: its type is checked when it is read
    }
    if (value.valueType() != ConfigValueType.OBJECT) {
      throw notAnObject(path, value, "the keys " + new TreeSet<>(((ConfigObject) expected)
          .keySet()));
    }
    for (Map.Entry<String, ConfigValue> entry : ((ConfigObject) value).entrySet()) {
      check((ConfigObject) expected, entry.getKey(), entry.getValue(),
          path + "." + ConfigUtil.joinPath(entry.getKey()), unknown, false);
    }
  }

  private static String hint(ConfigObject schema, String key, ConfigValue value,
      boolean inSection) {
    String renamed = RENAMED.get(key);
    if (renamed != null) {
      return "it is now " + renamed;
    }
    String known = "known keys here: " + String.join(", ", new TreeSet<>(schema.keySet()));
    if (inSection && value.valueType() == ConfigValueType.OBJECT) {
      return known + ". A cache name that holds dots must be quoted, as in "
          + "caches { \"com.acme.Book\" { ... } }";
    }
    return known;
  }

  private static CacheException notAnObject(String path, ConfigValue value, String holds) {
    return new CacheException(path + " = " + value.render() + " (" + Origins.of(value)
        + ") must be an object holding " + holds);
  }

  /** A key {@code reference.conf} does not have, with what may help the user. */
  record Unknown(String path, ConfigValue value, String hint) {

    String message() {
      return "Unknown configuration key " + path + " = " + value.render() + " ("
          + Origins.of(value) + "); " + hint;
    }
  }
}
