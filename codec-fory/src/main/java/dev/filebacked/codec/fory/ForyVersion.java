package dev.filebacked.codec.fory;

import dev.filebacked.spi.CodecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.apache.fory.Fory;

/**
 * The major and minor version of the Fory on the class path. Fory's binary format is only
 * compatible across patch releases, so both go into the codec's format version: blobs written
 * under Fory 1.6 are refused, cleanly, by a cache running Fory 1.7.
 */
record ForyVersion(int major, int minor) {

  /**
   * The running Fory's version: from its jar's manifest, else (a repackaged Fory) the version
   * this module was built against.
   */
  static ForyVersion running() {
    String version = Fory.class.getPackage().getImplementationVersion();
    return parse(version != null ? version : builtAgainst());
  }

  static ForyVersion parse(String version) {
    String[] parts = version.split("[.-]");
    try {
      return new ForyVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw new CodecException("fory codec: cannot tell the major and minor version of Fory "
          + "from '" + version + "'", e);
    }
  }

  /** This codec's format version: its own format, then Fory's major and minor version. */
  int formatVersion(int ownFormat) {
    return ownFormat * 1_000_000 + major * 1_000 + minor;
  }

  private static String builtAgainst() {
    Properties build = new Properties();
    try (InputStream in = ForyVersion.class.getResourceAsStream("build.properties")) {
      build.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return build.getProperty("fory.version");
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
