package dev.filebacked.jcache.configuration;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.cache.CacheException;

/**
 * The configuration file a cache manager's URI names, parsed (HOCON, or JSON or properties by
 * the file's extension), not yet resolved: substitutions are resolved once the layers are laid.
 *
 * <ul>
 *   <li>the default URI: the first of the class-path resources {@code filebacked.conf},
 *       {@code filebacked.json} and {@code filebacked.properties} the class loader has, else no
 *       file;
 *   <li>{@code classpath:path}: the first resource of that path on the manager's class loader,
 *       which must exist;
 *   <li>a URI with a scheme Java can open ({@code file:}, {@code jar:}, {@code http:}, ...): that
 *       URL, which must exist;
 *   <li>a URI without a scheme: the class-path resource of that name, else the file of that
 *       path; one whose name ends in {@code .conf}, {@code .json} or {@code .properties} must be
 *       one of them;
 *   <li>any other URI (a plain name, as the TCK uses, or a scheme Java cannot open): no file,
 *       the URI only names the manager; unless its name ends in one of those extensions, which
 *       is an error (a misspelt scheme).
 * </ul>
 *
 * @param config the file's contents; empty if there is no file
 * @param description where it came from, for messages: the URI, or "no configuration file"
 */
public record ConfigurationFile(Config config, String description) {

  /** The class-path resource the default URI reads, without its extension. */
  public static final String DEFAULT_RESOURCE = "filebacked";

  private static final String CLASSPATH = "classpath:";
  private static final List<String> EXTENSIONS = List.of(".conf", ".json", ".properties");

  /** Reads the file {@code uri} names, {@code defaultUri} being the provider's default. */
  public static ConfigurationFile of(URI uri, URI defaultUri, ClassLoader classLoader) {
    ConfigParseOptions options = ConfigParseOptions.defaults().setClassLoader(classLoader)
        .setAllowMissing(false);
    String text = uri.toString();
    try {
      if (uri.equals(defaultUri)) {
        for (String extension : EXTENSIONS) {
          URL resource = classLoader.getResource(DEFAULT_RESOURCE + extension);
          if (resource != null) {
            return parse(resource, "classpath:" + DEFAULT_RESOURCE + extension, options);
          }
        }
        return none();
      }
      if (text.regionMatches(true, 0, CLASSPATH, 0, CLASSPATH.length())) {
        String path = stripSlash(text.substring(CLASSPATH.length()));
        URL resource = path.isEmpty() ? null : classLoader.getResource(path);
        if (resource == null) {
          throw new CacheException("Configuration file " + text + " not found: the class path "
              + "has no resource " + path);
        }
        return parse(resource, text, options);
      }
      URL url = urlOf(uri);
      if (url != null) {
        return parse(url, text, options);
      }
      if (!uri.isAbsolute()) {
        String path = stripSlash(text);
        URL resource = path.isEmpty() ? null : classLoader.getResource(path);
        if (resource != null) {
          return parse(resource, text, options);
        }
        if (isFileName(text) && Files.isRegularFile(Path.of(text))) {
          return parse(Path.of(text).toUri().toURL(), text, options);
        }
      }
      if (isFileName(text)) {
        throw new CacheException("Configuration file " + text + " not found: "
            + (uri.isAbsolute() ? "Java cannot open URIs of the scheme '" + uri.getScheme()
            + "'" : "it is neither a class-path resource nor a file") + ". Name it with "
            + "file:/path/to/file.conf, classpath:path/in/the/jar.conf, jar:... or another URL");
      }
      return none();
    } catch (ConfigException.IO | IOException e) {
      throw new CacheException("Cannot read the configuration file " + text + ": "
          + e.getMessage() + ". Check that it exists and can be read, or use another URI", e);
    } catch (ConfigException e) {
      throw new CacheException("The configuration file " + text + " is not valid: "
          + e.getMessage(), e);
    } catch (InvalidPathException e) {
      return none(); // not a path on this system either: a name
    }
  }

  /** An empty configuration: a manager with no file. */
  public static ConfigurationFile none() {
    return new ConfigurationFile(ConfigFactory.empty(), "no configuration file");
  }

  private static ConfigurationFile parse(URL url, String description, ConfigParseOptions options)
      throws IOException {
    if (url.getProtocol().equals("file")) {
      try {
        Path path = Path.of(url.toURI());
        if (!Files.isReadable(path) || Files.isDirectory(path)) {
          throw new IOException(path + (Files.isDirectory(path) ? " is a directory"
              : Files.exists(path) ? " cannot be read" : " does not exist"));
        }
      } catch (URISyntaxException | IllegalArgumentException e) {
        // not a plain file URL: let Typesafe Config open it
      }
    }
    return new ConfigurationFile(ConfigFactory.parseURL(url, options), description);
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

  private static boolean isFileName(String text) {
    return EXTENSIONS.stream().anyMatch(text.toLowerCase(Locale.ROOT)::endsWith);
  }

  private static String stripSlash(String path) {
    return path.startsWith("/") ? path.substring(1) : path;
  }
}
