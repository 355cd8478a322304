package dev.filebacked.examples.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.cache.CacheException;
import javax.cache.configuration.CompleteConfiguration;
import org.hibernate.HibernateException;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

/**
 * {@code hibernate.cache.use_reference_entries}: for an immutable entity without associations
 * ({@link Country}) Hibernate caches a {@code ReferenceCacheEntryImpl} holding the entity
 * instance itself (and its persister), which cannot be serialized.
 */
class ReferenceEntriesTest {

  private static final String COUNTRY = "dev.filebacked.examples.hibernate.Country";

  /** Declared with store-by-value = false: the region holds the instance, on the heap. */
  @Test
  void aStoreByReferenceRegionHandsEverySessionTheSameInstance() {
    try (Library library = Library.open(Library.REGIONS_FILE, "fail", true)) {
      SessionFactory sessions = library.sessionFactory;
      assertThat(library.region(COUNTRY).getConfiguration(CompleteConfiguration.class).isStoreByValue())
          .isFalse();

      Country france = new Country("FR", "France");
      sessions.inTransaction(session -> session.persist(france)); // cached once committed
      library.sql.clear();
      assertThat(france(sessions)).isSameAs(france);
      assertThat(library.sql.selects()).isEmpty();

      sessions.getCache().evictAllRegions();
      Country loaded = france(sessions);
      assertThat(library.sql.selects()).hasSize(1); // cached as it is loaded
      assertThat(france(sessions)).isSameAs(loaded);
      assertThat(library.sql.selects()).hasSize(1);
    }
  }

  /**
   * Created on the fly, as Hibernate does with a plain MutableConfiguration: store-by-value, so
   * the put fails with a {@link CacheException}, which Hibernate does not catch. An insert's
   * commit throws after the database committed; a load from the database throws.
   */
  @Test
  void aStoreByValueRegionFailsTheCommitAndTheLoad() {
    try (Library library = Library.open(Library.TEMPLATE_FILE, "create", true)) {
      SessionFactory sessions = library.sessionFactory;
      assertThat(library.region(COUNTRY).getConfiguration(CompleteConfiguration.class).isStoreByValue())
          .isTrue();

      assertThatThrownBy(() -> sessions.inTransaction(session -> session.persist(new Country("FR", "France"))))
          .isInstanceOf(HibernateException.class)
          .hasMessageStartingWith("Unable to perform afterTransactionCompletion callback")
          .cause()
          .isInstanceOf(CacheException.class)
          .hasMessageContaining("cannot serialize a value of class org.hibernate.cache.spi.entry.ReferenceCacheEntryImpl");
      long rows = sessions.fromTransaction(session ->
          session.createSelectionQuery("select count(*) from Country", Long.class).getSingleResult());
      assertThat(rows).as("rows committed").isEqualTo(1);
      assertThat(library.region(COUNTRY).iterator().hasNext()).as("cached").isFalse();

      assertThatThrownBy(() -> france(sessions))
          .isInstanceOf(CacheException.class)
          .hasMessageContaining("cannot serialize a value of class org.hibernate.cache.spi.entry.ReferenceCacheEntryImpl");
    }
  }

  /** Country "FR", found by id in a new session. */
  private static Country france(SessionFactory sessions) {
    return sessions.fromTransaction(session -> session.find(Country.class, "FR"));
  }
}
