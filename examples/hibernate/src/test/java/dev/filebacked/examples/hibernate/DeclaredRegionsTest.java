package dev.filebacked.examples.hibernate;

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
}
