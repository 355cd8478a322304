package dev.filebacked.examples.hibernate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code missing_cache_strategy = fail}, a region whose section is missing from the file, or
 * misnamed, stops the SessionFactory: here the natural-id region's section of
 * {@link Library#REGIONS_FILE}.
 */
class MissingSectionTest {

  @Test
  void aRegionLeftOutOfTheFileStopsTheSessionFactory(@TempDir Path dir) {
    assertThatThrownBy(() -> openWithNaturalIdSection("", dir))
        .hasStackTraceContaining("On-the-fly creation of JCache Cache objects is not supported"
            + " [dev.filebacked.examples.hibernate.Book##NaturalId]");
  }

  @Test
  void aMistypedSectionStopsTheSessionFactory(@TempDir Path dir) {
    assertThatThrownBy(() -> openWithNaturalIdSection(
        "\"dev.filebacked.examples.hibernate.Book#NaturalId\" {}", dir))
        .hasStackTraceContaining(
            "Cache \"dev.filebacked.examples.hibernate.Book##NaturalId\" has no section in")
        .hasStackTraceContaining(
            "the section \"dev.filebacked.examples.hibernate.Book#NaturalId\" differs from it");
  }

  /**
   * Opens (and closes) a library on a copy of {@link Library#REGIONS_FILE} in which the
   * natural-id region's section is {@code section}. The copy is named by its URL: Hibernate takes
   * a URL as well as a class-path resource name.
   */
  private static void openWithNaturalIdSection(String section, Path dir) throws IOException {
    String naturalIds = "\"dev.filebacked.examples.hibernate.Book##NaturalId\"";
    String regions;
    try (InputStream in = MissingSectionTest.class.getResourceAsStream("/" + Library.REGIONS_FILE)) {
      regions = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path file = dir.resolve(Library.REGIONS_FILE);
    Files.write(file, regions.lines()
        .map(line -> line.contains(naturalIds) ? "    " + section : line)
        .toList());
    Library.open(file.toUri().toString(), "fail", false).close();
  }
}
