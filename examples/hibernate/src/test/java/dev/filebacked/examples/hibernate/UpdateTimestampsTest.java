package dev.filebacked.examples.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filebacked.examples.hibernate.Library.Reads;
import dev.filebacked.jcache.management.DiskTierMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.cache.Cache;
import org.hibernate.Session;
import org.junit.jupiter.api.Test;

/**
 * Hibernate's update-timestamps region says when each table last changed; a cached query is
 * served only if none of its tables changed since. A lost timestamp would make a stale result
 * look fresh, so FileBacked keeps that region whole in memory whatever the template's bound.
 */
class UpdateTimestampsTest {

  private static final String TIMESTAMPS = "default-update-timestamps-region";

  private final List<String> titles = new ArrayList<>();

  /** A cached query over the Book table. */
  private final Consumer<Session> bookTitles = session -> {
    titles.clear();
    titles.addAll(session.createSelectionQuery("select b.title from Book b order by b.id", String.class)
        .setCacheable(true)
        .getResultList());
  };

  @Test
  void everyTableKeepsItsTimestampInMemoryAndCachedQueriesAreNotStale() {
    // The template bounds every region created on the fly to 2 values in memory.
    try (Library library = Library.withRegionsCreatedOnTheFly()) {
      library.addBooks(); // writes the tables Author and Book
      library.sessionFactory.inTransaction(session -> session.persist(new Country("FR", "France")));

      assertThat(library.read(TIMESTAMPS, bookTitles).selects()).as("first query").isPositive();
      assertThat(library.read(TIMESTAMPS, bookTitles).selects()).as("cached query").isZero();
      assertThat(titles).hasSize(Library.BOOKS).startsWith("title-1");

      library.sessionFactory.inTransaction(session -> session.find(Book.class, 1L).setTitle("retitled"));

      // Three tables written, more than the template's memory bound: every timestamp is there,
      // and all in memory.
      library.flush(TIMESTAMPS);
      Cache<Object, Object> timestamps = library.region(TIMESTAMPS);
      List<Object> tables = new ArrayList<>();
      timestamps.forEach(entry -> tables.add(entry.getKey()));
      assertThat(tables).containsExactlyInAnyOrder("Author", "Book", "Country");
      DiskTierMXBean tier = library.diskTier(TIMESTAMPS);
      assertThat(tier.getEntries()).isEqualTo(3);
      assertThat(tier.getEntriesInMemory()).isEqualTo(3);
      assertThat(tier.getEntriesOnDisk()).isZero();

      // The update of Book made the cached result stale: the query runs again.
      Reads afterUpdate = library.read(TIMESTAMPS, bookTitles);
      assertThat(afterUpdate.selects()).as("query after the update").isPositive();
      assertThat(titles).hasSize(Library.BOOKS).startsWith("retitled");
    }
  }
}
