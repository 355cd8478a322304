package dev.filebacked.jcache.configuration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns a cache or manager name into one safe directory name: every byte outside
 * {@code [A-Za-z0-9_-]} is written as {@code %XX}, so no name can reach outside its parent
 * ({@code ../../etc} becomes {@code %2E%2E%2F%2E%2E%2Fetc}), two names never share a directory,
 * and the result does not depend on the filesystem's case rules for separators or dots.
 *
 * <p>An encoding longer than {@value #MAX_LENGTH} characters (filesystems stop at 255 bytes)
 * keeps a readable prefix and ends in {@code ~} and the SHA-256 of the whole name, so distinct
 * names stay distinct. Short names decode back by reading the escapes; for every name, the
 * cache folder's marker records the whole name, and a folder is never opened for a name other
 * than the one it records.
 */
public final class DirectoryNames {

  private static final int MAX_LENGTH = 200;
  private static final int HASH_LENGTH = 64;

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
    if (out.length() <= MAX_LENGTH) {
      return out.toString();
    }
    int cut = MAX_LENGTH - HASH_LENGTH - 1;
    if (out.charAt(cut - 1) == '%') {
      cut -= 1; // never split an escape
    } else if (out.charAt(cut - 2) == '%') {
      cut -= 2;
    }
    return out.substring(0, cut) + "~" + sha256(name);
  }

  private static String sha256(String name) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
