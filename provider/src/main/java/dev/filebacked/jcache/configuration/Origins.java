package dev.filebacked.jcache.configuration;

import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;

/** Where a configuration value was written, worded for messages: file and line. */
final class Origins {

  private Origins() {}

  static String of(ConfigValue value) {
    ConfigOrigin origin = value.origin();
    String where = origin.url() != null ? origin.url().toString()
        : origin.filename() != null ? origin.filename()
        : origin.resource() != null ? "classpath:" + origin.resource()
        : origin.description();
    return origin.lineNumber() > 0 ? where + ", line " + origin.lineNumber() : where;
  }
}
