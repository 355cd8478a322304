package dev.filebacked.jcache.configuration;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import javax.cache.CacheException;

/**
 * Typed reads of one configuration object ({@code filebacked}, its template or a cache
 * section), each failing with a message that names the key, the value, where it was written and
 * what is expected. Every key read is recorded, so a test can hold the code to
 * {@code reference.conf}.
 */
final class Settings {

  private final Config config;
  private final String prefix;
  private final Set<String> read;

  /**
   * @param config the object read
   * @param prefix its path, for messages ({@code filebacked.caches."a.b"})
   * @param read where each relative key read is added
   */
  Settings(Config config, String prefix, Set<String> read) {
    this.config = config;
    this.prefix = prefix;
    this.read = read;
  }

  boolean isNull(String key) {
    read.add(key);
    return config.getIsNull(key);
  }

  String string(String key) {
    return get(key, "a string", config::getString);
  }

  String stringOrNull(String key) {
    return isNull(key) ? null : string(key);
  }

  boolean bool(String key) {
    return get(key, "true or false", config::getBoolean);
  }

  Long wholeOrNull(String key, long min) {
    if (isNull(key)) {
      return null;
    }
    long value = get(key, "a whole number", config::getLong);
    if (value < min) {
      throw bad(key, "a whole number of " + min + " or more", null);
    }
    return value;
  }

  Long bytesOrNull(String key) {
    if (isNull(key)) {
      return null;
    }
    long bytes = get(key, "a size such as 65536, 64KiB or 256MiB", config::getBytes);
    if (bytes <= 0) {
      throw bad(key, "a positive size", null);
    }
    return bytes;
  }

  Duration durationOrNull(String key) {
    if (isNull(key)) {
      return null;
    }
    String expected = "a positive duration with its unit, such as 500ms, 10s, 5m or PT10S";
    Duration duration = get(key, expected, path -> {
      String text = config.getString(path).trim();
      if (text.chars().allMatch(Character::isDigit)) { // Typesafe would read milliseconds
        throw new ConfigException.BadValue(path, "no unit");
      }
      if (text.startsWith("P") || text.startsWith("p")) {
        try {
          return Duration.parse(text);
        } catch (DateTimeParseException e) {
          throw new ConfigException.BadValue(path, e.getMessage());
        }
      }
      return config.getDuration(path);
    });
    if (duration.isNegative() || duration.isZero()) {
      throw bad(key, expected, null);
    }
    return duration;
  }

  List<String> stringsOrNull(String key) {
    return isNull(key) ? null : get(key, "a list of strings", config::getStringList);
  }

  <E extends Enum<E>> E enumValue(String key, Class<E> type) {
    String name = string(key);
    try {
      return Enum.valueOf(type, name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad(key, "one of " + Arrays.toString(type.getEnumConstants()), e);
    }
  }

  Class<?> classOrNull(String key, ClassLoader classLoader) {
    String name = stringOrNull(key);
    if (name == null) {
      return null;
    }
    try {
      return Class.forName(name.trim(), false, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw bad(key, "the name of a class the manager's class loader (" + classLoader
          + ") can load", e);
    }
  }

  /** An error about {@code key}'s value, naming it, the value, where it was written. */
  CacheException bad(String key, String expected, Throwable cause) {
    ConfigValue value = valueAt(key);
    return new CacheException("Bad configuration value " + prefix + "." + key + " = "
        + value.render() + " (" + Origins.of(value) + "): expected " + expected
        + (cause != null && cause.getMessage() != null ? " (" + cause.getMessage() + ")" : ""),
        cause);
  }

  /** The value at {@code key}, a null one included (which {@code Config.getValue} refuses). */
  private ConfigValue valueAt(String key) {
    ConfigValue value = config.root();
    for (String part : ConfigUtil.splitPath(key)) {
      value = ((ConfigObject) value).get(part);
    }
    return value;
  }

  private <T> T get(String key, String expected, Function<String, T> getter) {
    read.add(key);
    try {
      return getter.apply(key);
    } catch (ConfigException e) {
      throw bad(key, expected, null);
    }
  }
}
