package dev.filebacked.jcache.configuration;

import java.nio.charset.StandardCharsets;

/**
 * Turns a cache or manager name into one safe directory name: every byte outside
 * {@code [A-Za-z0-9_-]} is written as {@code %XX}, so no name can reach outside its parent
 * ({@code ../../etc} becomes {@code %2E%2E%2F%2E%2E%2Fetc}), two names never share a directory,
 * and the result does not depend on the filesystem's case rules for separators or dots.
 */
public final class DirectoryNames {

  /** Long names are cut and suffixed with a hash to stay under common 255-byte limits. */
  private static final int MAX_LENGTH = 200;

  private DirectoryNames() {}

  public static String of(String name) {
    if (name.isEmpty()) {
      return "%";
    }
    StringBuilder out = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-') {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    if (out.length() > MAX_LENGTH) {
      String hash = Integer.toHexString(name.hashCode());
      return out.substring(0, MAX_LENGTH - hash.length() - 1) + "~" + hash;
    }
    return out.toString();
  }
}
