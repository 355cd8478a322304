package dev.filebacked.examples.hibernate;

import dev.filebacked.jcache.management.DiskTierMXBean;
import dev.filebacked.spi.FileBackedCache;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Version;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.cfg.Configuration;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * A Hibernate SessionFactory over a fresh in-memory H2 database whose second-level cache is
 * FileBacked, with the SQL it sends ({@link #sql}) and its regions' JCache caches.
 */
final class Library implements AutoCloseable {

  static final String PROVIDER = "dev.filebacked.jcache.FileBackedCachingProvider";
  /** Only a template (memory.maximum-entries = 2): Hibernate creates every region from it. */
  static final String TEMPLATE_FILE = "filebacked-template.conf";
  /** Every region declared, each data region with memory.maximum-entries = 2. */
  static final String REGIONS_FILE = "filebacked-regions.conf";
  /** The memory bound of the regions in both files. */
  static final int MEMORY_ENTRIES = 2;

  static final int AUTHORS = 5;
  static final int BOOKS = 2 * AUTHORS;

  private static final AtomicInteger databases = new AtomicInteger();

  final SessionFactory sessionFactory;
  final SqlLog sql = new SqlLog();

  private Library(String configurationUri, String missingCacheStrategy, boolean referenceEntries) {
    sessionFactory = new Configuration()
        .addAnnotatedClass(Author.class)
        .addAnnotatedClass(Book.class)
        .addAnnotatedClass(Country.class)
        .setProperty("hibernate.connection.url", "jdbc:h2:mem:library" + databases.incrementAndGet())
        .setProperty("hibernate.hbm2ddl.auto", "create-drop")
        .setProperty("hibernate.cache.use_second_level_cache", true)
        .setProperty("hibernate.cache.use_query_cache", true)
        .setProperty("hibernate.cache.region.factory_class", "jcache")
        .setProperty("hibernate.javax.cache.provider", PROVIDER)
        // A class-path resource name, or a URL (file:...). Hibernate hands the provider the
        // resource's URL; a "classpath:" prefix is not understood (only "classpath://").
        .setProperty("hibernate.javax.cache.uri", configurationUri)
        .setProperty("hibernate.javax.cache.missing_cache_strategy", missingCacheStrategy)
        .setProperty("hibernate.cache.use_reference_entries", referenceEntries)
        .setStatementInspector(sql)
        .buildSessionFactory();
  }

  /** Regions created by Hibernate from the template file. */
  static Library withRegionsCreatedOnTheFly() {
    return open(TEMPLATE_FILE, "create", false);
  }

  /** Regions declared in the file; a region the file does not declare fails the SessionFactory. */
  static Library withDeclaredRegions() {
    return open(REGIONS_FILE, "fail", false);
  }

  static Library open(String configurationUri, String missingCacheStrategy, boolean referenceEntries) {
    return new Library(configurationUri, missingCacheStrategy, referenceEntries);
  }

  /** "hibernate-" and Hibernate's version, to label printed figures. */
  static String hibernate() {
    return "hibernate-" + Version.getVersionString();
  }

  /**
   * Authors 1 to {@link #AUTHORS}, each with two books (ids 1 to {@link #BOOKS}, ISBNs
   * "isbn-<id>"); then empties every region, so that the next reads go to the database.
   */
  void addBooks() {
    sessionFactory.inTransaction(session -> {
      for (long a = 1; a <= AUTHORS; a++) {
        Author author = new Author(a, "author-" + a);
        session.persist(author);
        for (long b = 2 * a - 1; b <= 2 * a; b++) {
          session.persist(new Book(b, "isbn-" + b, "title-" + b, author));
        }
      }
    });
    sessionFactory.getCache().evictAllRegions();
  }

  static List<Long> authorIds() {
    return LongStream.rangeClosed(1, AUTHORS).boxed().toList();
  }

  static List<Long> bookIds() {
    return LongStream.rangeClosed(1, BOOKS).boxed().toList();
  }

  /**
   * Runs {@code work} in a new session and transaction, after the region's pending writes to
   * disk finished; says how many selects it sent and how the region's reads were served.
   */
  Reads read(String region, Consumer<Session> work) {
    flush(region);
    DiskTierMXBean tier = diskTier(region);
    long diskHits = tier.getDiskHits();
    long memoryHits = tier.getMemoryHits();
    sql.clear();
    sessionFactory.inTransaction(work);
    return new Reads(sql.selects().size(), tier.getDiskHits() - diskHits,
        tier.getMemoryHits() - memoryHits);
  }

  /** What {@link #read} saw: SQL selects, and the region's reads from disk and from memory. */
  record Reads(int selects, long diskHits, long memoryHits) {
  }

  /** The CacheManager Hibernate's region factory uses. */
  CacheManager cacheManager() {
    return ((JCacheRegionFactory) sessionFactory.unwrap(SessionFactoryImplementor.class)
        .getCache().getRegionFactory()).getCacheManager();
  }

  /** The JCache cache of a region, by its literal name. */
  Cache<Object, Object> region(String name) {
    Cache<Object, Object> cache = cacheManager().getCache(name);
    if (cache == null) {
      throw new IllegalArgumentException("No cache named " + name + " in " + cacheManager().getURI());
    }
    return cache;
  }

  DiskTierMXBean diskTier(String region) {
    return region(region).unwrap(DiskTierMXBean.class);
  }

  /** Waits for the region's values that left memory to be on disk. */
  void flush(String region) {
    region(region).unwrap(FileBackedCache.class).flush();
  }

  @Override
  public void close() {
    sessionFactory.close();
  }
}
