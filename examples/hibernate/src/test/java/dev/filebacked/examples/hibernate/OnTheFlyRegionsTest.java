package dev.filebacked.examples.hibernate;

/**
 * Regions Hibernate creates on the fly ({@code missing_cache_strategy = create}) from a
 * configuration file that holds only a template.
 */
class OnTheFlyRegionsTest extends CacheHitsTest {

  @Override
  Library openLibrary() {
    return Library.withRegionsCreatedOnTheFly();
  }

  @Override
  String regions() {
    return "created on the fly";
  }
}
