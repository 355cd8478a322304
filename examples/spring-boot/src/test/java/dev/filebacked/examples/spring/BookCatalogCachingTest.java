package dev.filebacked.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filebacked.jcache.FileBackedCacheManager;
import dev.filebacked.jcache.FileBackedConfiguration;
import dev.filebacked.jcache.management.DiskTierMXBean;
import dev.filebacked.spi.FileBackedCache;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.CacheManager;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.core.io.ClassPathResource;

/** BookCatalog's @Cacheable, @CachePut and @CacheEvict, served by FileBacked through JCache. */
@SpringBootTest(classes = BooksApplication.class)
class BookCatalogCachingTest {

  /** memory.maximum-entries in filebacked-spring.conf. */
  private static final long MEMORY_TIER = 2;
  private static final int BOOKS = 50;
  private static final int ROUNDS = 5;

  @Autowired private BookCatalog catalog;
  @Autowired private CacheManager cacheManager;

  @BeforeEach
  void emptyCaches() {
    cacheManager.getCacheNames().forEach(name -> cacheManager.getCache(name).clear());
    catalog.resetCounts();
  }

  @Test
  void springCachesAreFileBackedCachesDeclaredInTheConfigurationFile() throws Exception {
    assertThat(cacheManager).isInstanceOf(JCacheCacheManager.class);
    javax.cache.CacheManager jcache = ((JCacheCacheManager) cacheManager).getCacheManager();
    assertThat(jcache).isInstanceOf(FileBackedCacheManager.class);
    assertThat(jcache.getURI())
        .isEqualTo(new ClassPathResource("filebacked-spring.conf").getURI());
    // Created with the manager from the file, not by Spring (no spring.cache.cache-names).
    assertThat(jcache.getCacheNames())
        .containsExactlyInAnyOrder(BookCatalog.BY_ISBN, BookCatalog.BY_AUTHOR);
    assertThat(cacheManager.getCacheNames())
        .containsExactlyInAnyOrder(BookCatalog.BY_ISBN, BookCatalog.BY_AUTHOR);

    FileBackedConfiguration<?, ?> byIsbn =
        nativeCache(BookCatalog.BY_ISBN).getConfiguration(FileBackedConfiguration.class);
    assertThat(byIsbn.getMaximumEntriesInMemory()).isEqualTo(MEMORY_TIER);
    assertThat(byIsbn.isStatisticsEnabled()).isTrue();
    assertThat(byIsbn.getKeyType()).isEqualTo(String.class);
    assertThat(byIsbn.getValueType()).isEqualTo(Book.class);
  }

  @Test
  void eachBookIsLookedUpOnceAndReadBackMostlyFromDisk() {
    DiskTierMXBean disk = diskTier(BookCatalog.BY_ISBN);
    long memoryHitsBefore = disk.getMemoryHits();
    long diskHitsBefore = disk.getDiskHits();

    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < BOOKS; i++) {
        String isbn = isbn(i);
        Book book = catalog.byIsbn(isbn);
        assertThat(book).isEqualTo(new Book(isbn, "Title of " + isbn, "Author of " + isbn));
      }
      // Values leave memory in the background (the memory tier's eviction, then the write to
      // disk), and one read before that is served from memory. flush() waits for both, so
      // every round starts with at most MEMORY_TIER books in memory, however fast the disk.
      fileBacked(BookCatalog.BY_ISBN).flush();
      assertThat(disk.getEntriesInMemory()).isLessThanOrEqualTo(MEMORY_TIER);
    }

    for (int i = 0; i < BOOKS; i++) {
      assertThat(catalog.lookups("byIsbn", isbn(i))).as("lookups of %s", isbn(i)).isEqualTo(1);
    }
    assertThat(disk.getEntries()).isEqualTo(BOOKS);
    long diskHits = disk.getDiskHits() - diskHitsBefore;
    long hits = diskHits + disk.getMemoryHits() - memoryHitsBefore;
    System.out.printf("spring-boot books cache: %d disk hits of %d hits (%d books, memory tier"
        + " of %d, %d rounds)%n", diskHits, hits, BOOKS, MEMORY_TIER, ROUNDS);
    assertThat(hits).isEqualTo((long) BOOKS * (ROUNDS - 1));
    // In each round after the first, only the books in memory when it started are not disk hits.
    assertThat(diskHits).isGreaterThanOrEqualTo((BOOKS - MEMORY_TIER) * (ROUNDS - 1));
  }

  @Test
  void evictRunsTheLookupAgainAndPutReplacesTheCachedBook() {
    String isbn = isbn(42);
    Book first = catalog.byIsbn(isbn);
    assertThat(catalog.byIsbn(isbn)).isEqualTo(first).isNotSameAs(first); // a copy, by value
    assertThat(catalog.lookups("byIsbn", isbn)).isEqualTo(1);

    catalog.evict(isbn);
    assertThat(nativeCache(BookCatalog.BY_ISBN).containsKey(isbn)).isFalse();
    assertThat(catalog.byIsbn(isbn)).isEqualTo(first);
    assertThat(catalog.lookups("byIsbn", isbn)).isEqualTo(2);

    Book revised = new Book(isbn, "Revised title", first.author());
    catalog.update(revised);
    assertThat(catalog.byIsbn(isbn)).isEqualTo(revised);
    assertThat(catalog.lookups("byIsbn", isbn)).isEqualTo(2);
    assertThat(catalog.lookups("update", isbn)).isEqualTo(1);
  }

  @Test
  void synchronizedCacheableLoadsOncePerKeyThroughTheSecondCache() {
    DiskTierMXBean disk = diskTier(BookCatalog.BY_AUTHOR);
    long diskHitsBefore = disk.getDiskHits();
    List<String> authors = List.of("ann", "bob", "cy", "dee");
    for (int round = 0; round < 3; round++) {
      for (String author : authors) {
        assertThat(catalog.isbnsByAuthor(author)).containsExactly(author + "-1", author + "-2");
      }
      fileBacked(BookCatalog.BY_AUTHOR).flush();
    }
    for (String author : authors) {
      assertThat(catalog.lookups("isbnsByAuthor", author)).as(author).isEqualTo(1);
    }
    assertThat(disk.getEntries()).isEqualTo(authors.size());
    assertThat(disk.getDiskHits() - diskHitsBefore)
        .isGreaterThanOrEqualTo((authors.size() - MEMORY_TIER) * 2);
  }

  @SuppressWarnings("unchecked")
  private javax.cache.Cache<Object, Object> nativeCache(String name) {
    // Spring's JCacheCache hands out the javax.cache.Cache it wraps.
    return (javax.cache.Cache<Object, Object>) cacheManager.getCache(name).getNativeCache();
  }

  private FileBackedCache<?, ?> fileBacked(String name) {
    return nativeCache(name).unwrap(FileBackedCache.class);
  }

  private DiskTierMXBean diskTier(String name) {
    return nativeCache(name).unwrap(DiskTierMXBean.class);
  }

  private static String isbn(int i) {
    return String.format("978-0-00-%06d-0", i);
  }
}
