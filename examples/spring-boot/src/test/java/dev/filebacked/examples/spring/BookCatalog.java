package dev.filebacked.examples.spring;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * A slow book lookup made cheap by two FileBacked caches, both declared by name in
 * {@code filebacked-spring.conf}. It counts how often each method body really runs.
 */
@Service
public class BookCatalog {

  /** The cache names, as the configuration file declares them. */
  public static final String BY_ISBN = "com.acme.books.byIsbn";
  public static final String BY_AUTHOR = "com.acme.books.byAuthor";

  private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

  @Cacheable(BY_ISBN)
  public Book byIsbn(String isbn) {
    count("byIsbn " + isbn);
    return new Book(isbn, "Title of " + isbn, "Author of " + isbn);
  }

  /** With sync, Spring reads through Cache.invoke with an entry processor that runs the body. */
  @Cacheable(cacheNames = BY_AUTHOR, sync = true)
  public List<String> isbnsByAuthor(String author) {
    count("isbnsByAuthor " + author);
    return List.of(author + "-1", author + "-2");
  }

  /**
   * Stores the new version of a book without looking it up. (The key names the result, not the
   * parameter: parameter names need javac's -parameters, which this build does not set.)
   */
  @CachePut(cacheNames = BY_ISBN, key = "#result.isbn()")
  public Book update(Book book) {
    count("update " + book.isbn());
    return book;
  }

  @CacheEvict(BY_ISBN)
  public void evict(String isbn) {}

  /** How often the body of {@code method} ran for {@code key}. */
  public int lookups(String method, String key) {
    AtomicInteger count = lookups.get(method + " " + key);
    return count == null ? 0 : count.get();
  }

  public void resetCounts() {
    lookups.clear();
  }

  private void count(String call) {
    lookups.computeIfAbsent(call, c -> new AtomicInteger()).incrementAndGet();
  }
}
