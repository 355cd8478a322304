package dev.filebacked.examples.hibernate;

import static dev.filebacked.examples.hibernate.Library.MEMORY_ENTRIES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.filebacked.examples.hibernate.Library.Reads;
import java.util.function.Consumer;
import org.hibernate.Hibernate;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Second-level cache hits for an entity, a collection, a natural id and a query: a first session
 * reads from the database, a second one sends no SQL at all. Each region keeps 2 values in
 * memory, so most of the second session's reads come from disk. The subclasses say where the
 * regions come from.
 */
abstract class CacheHitsTest {

  private Library library;

  abstract Library openLibrary();

  /** How the regions came to be, to label printed figures. */
  abstract String regions();

  @BeforeEach
  void addBooks() {
    library = openLibrary();
    library.addBooks();
  }

  @AfterEach
  void close() {
    if (library != null) {
      library.close();
    }
  }

  @Test
  void entityById() {
    hitsWithoutSql("entity", "dev.filebacked.examples.hibernate.Book", Library.BOOKS, session -> {
      for (long id : Library.bookIds()) {
        assertThat(session.find(Book.class, id).getTitle()).isEqualTo("title-" + id);
      }
    });
  }

  @Test
  void collection() {
    hitsWithoutSql("collection", "dev.filebacked.examples.hibernate.Author.books", Library.AUTHORS,
        session -> {
          for (long id : Library.authorIds()) {
            Author author = session.find(Author.class, id);
            Hibernate.initialize(author.getBooks());
            assertThat(author.getBooks()).extracting(Book::getTitle)
                .containsExactly("title-" + (2 * id - 1), "title-" + 2 * id);
          }
        });
  }

  @Test
  void naturalId() {
    hitsWithoutSql("natural-id", "dev.filebacked.examples.hibernate.Book##NaturalId", Library.BOOKS,
        session -> {
          for (long id : Library.bookIds()) {
            // 7.3 deprecates it for find(.., KeyType.NATURAL), which 6.6 lacks; both have this
            Book book = session.bySimpleNaturalId(Book.class).load("isbn-" + id);
            assertThat(book.getId()).isEqualTo(id);
          }
        });
  }

  @Test
  void query() {
    hitsWithoutSql("query", "default-query-results-region", Library.AUTHORS, session -> {
      for (long id : Library.authorIds()) {
        assertThat(session
            .createSelectionQuery("from Book b where b.author.name = :name order by b.id", Book.class)
            .setParameter("name", "author-" + id)
            .setCacheable(true)
            .getResultList())
            .extracting(Book::getTitle)
            .containsExactly("title-" + (2 * id - 1), "title-" + 2 * id);
      }
    });
  }

  /**
   * Runs {@code work} twice in fresh sessions: the first sends selects, the second none, and
   * reads at most {@link Library#MEMORY_ENTRIES} of {@code lookups} values from memory.
   */
  private void hitsWithoutSql(String kind, String region, int lookups, Consumer<Session> work) {
    Reads warmUp = library.read(region, work);
    assertThat(warmUp.selects()).as("selects of the first session").isPositive();

    Reads hits = library.read(region, work);
    System.out.printf("%s, regions %s, %s region %s: %d disk hits, %d memory hits%n",
        Library.hibernate(), regions(), kind, region, hits.diskHits(), hits.memoryHits());
    assertThat(hits.selects()).as("selects of the second session").isZero();
    assertThat(hits.diskHits() + hits.memoryHits()).as("hits").isGreaterThanOrEqualTo(lookups);
    assertThat(hits.diskHits()).as("disk hits").isGreaterThanOrEqualTo(lookups - MEMORY_ENTRIES);
  }
}
