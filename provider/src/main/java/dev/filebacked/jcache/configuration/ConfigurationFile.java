package dev.filebacked.jcache.configuration;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import javax.cache.CacheException;

/**
 * The configuration file a cache manager's URI names, parsed (HOCON, or JSON or properties by
 * the file's extension).
 *
 * <ul>
 *   <li>the default URI: the class-path resource {@value #DEFAULT_RESOURCE} ({@code .conf},
 *       {@code .json} or {@code .properties}) if the class loader has one, else no file;
 *   <li>{@code classpath:path}: that resource of the manager's class loader, which must exist;
 *   <li>a URI with a scheme Java can open ({@code file:}, {@code jar:}, {@code http:}, ...): that
 *       URL, which must exist;
 *   <li>any other URI (a plain name, as the TCK uses): the class-path resource of that name if
 *       there is one, else none: the URI only names the manager.
 * </ul>
 *
 * @param config the file's contents; empty if there is no file
 * @param description where it came from, for messages: the URL, or "no configuration file"
 */
public record ConfigurationFile(Config config, String description) {

  /** The class-path resource the default URI reads, without its extension. */
  public static final String DEFAULT_RESOURCE = "filebacked";

  private static final String CLASSPATH = "classpath:";

  /** Reads the file {@code uri} names, {@code defaultUri} being the provider's default. */
  public static ConfigurationFile of(URI uri, URI defaultUri, ClassLoader classLoader) {
    ConfigParseOptions options = ConfigParseOptions.defaults().setClassLoader(classLoader);
    String text = uri.toString();
    try {
      if (uri.equals(defaultUri)) {
        return optionalResource(DEFAULT_RESOURCE, classLoader, options, true);
      }
      if (text.regionMatches(true, 0, CLASSPATH, 0, CLASSPATH.length())) {
        String resource = stripSlash(text.substring(CLASSPATH.length()));
        if (classLoader.getResource(resource) == null) {
          throw new CacheException("Configuration file " + text + " not found: the class path "
              + "of " + classLoader + " has no resource " + resource);
        }
        return new ConfigurationFile(ConfigFactory.parseResources(classLoader, resource,
            options.setAllowMissing(false)).resolve(), text);
      }
      URL url = urlOf(uri);
      if (url != null) {
        return new ConfigurationFile(
            ConfigFactory.parseURL(url, options.setAllowMissing(false)).resolve(), text);
      }
      return optionalResource(stripSlash(text), classLoader, options, false);
    } catch (ConfigException.IO e) {
      throw new CacheException("Cannot read the configuration file " + text + ": "
          + e.getMessage() + ". Check that it exists and can be read, or use another URI", e);
    } catch (ConfigException e) {
      throw new CacheException("The configuration file " + text + " is not valid: "
          + e.getMessage(), e);
    }
  }

  /** An empty configuration: a manager with no file. */
  public static ConfigurationFile none() {
    return new ConfigurationFile(ConfigFactory.empty(), "no configuration file");
  }

  /** A resource read if present, in any syntax when {@code anySyntax}. */
  private static ConfigurationFile optionalResource(String resource, ClassLoader classLoader,
      ConfigParseOptions options, boolean anySyntax) {
    if (resource.isEmpty()) {
      return none();
    }
    Config config = anySyntax
        ? ConfigFactory.parseResourcesAnySyntax(classLoader, resource, options.setAllowMissing(true))
        : classLoader.getResource(resource) == null ? null
        : ConfigFactory.parseResources(classLoader, resource, options.setAllowMissing(false));
    if (config == null || config.isEmpty()) {
      return none();
    }
    return new ConfigurationFile(config.resolve(), "classpath:" + resource
        + (anySyntax ? ".{conf,json,properties}" : ""));
  }

  /** The URL of a URI Java can open, else null (a plain name, or a scheme without a handler). */
  private static URL urlOf(URI uri) {
    if (!uri.isAbsolute()) {
      return null;
    }
    try {
      return uri.toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      return null;
    }
  }

  private static String stripSlash(String path) {
    return path.startsWith("/") ? path.substring(1) : path;
  }
}
