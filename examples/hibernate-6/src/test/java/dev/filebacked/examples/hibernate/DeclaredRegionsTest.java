package dev.filebacked.examples.hibernate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Regions declared in {@code filebacked-regions.conf}, one section per region keyed by its
 * literal name; Hibernate may not create any ({@code missing_cache_strategy = fail}).
 */
class DeclaredRegionsTest extends CacheHitsTest {

  @Override
  Library openLibrary() {
    return Library.withDeclaredRegions();
  }

  @Override
  String regions() {
    return "declared in " + Library.REGIONS_FILE;
  }

  /** The file with the natural-id region's section left out, or its name mistyped. */
  @ParameterizedTest
  @CsvSource({"'', left out", "\"dev.filebacked.examples.hibernate.Book#NaturalId\" {}, mistyped"})
  void aRegionWithoutItsSectionStopsTheSessionFactory(String section, String how, @TempDir Path dir)
      throws IOException {
    String naturalIds = "\"dev.filebacked.examples.hibernate.Book##NaturalId\"";
    Path file = dir.resolve("filebacked-regions.conf");
    Files.write(file, regionsFile().lines()
        .map(line -> line.contains(naturalIds) ? "    " + section : line)
        .toList());

    // A URL works as well as a class-path resource name.
    assertThatThrownBy(() -> Library.open(file.toUri().toString(), "fail", false).close())
        .as("natural-id section %s", how)
        .hasStackTraceContaining("dev.filebacked.examples.hibernate.Book##NaturalId");
  }

  private static String regionsFile() throws IOException {
    try (InputStream in = DeclaredRegionsTest.class.getResourceAsStream("/" + Library.REGIONS_FILE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
