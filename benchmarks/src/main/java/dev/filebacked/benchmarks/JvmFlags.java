package dev.filebacked.benchmarks;

/** The JVM flags benchmark forks need, as compile-time constants for {@code @Fork}. */
public final class JvmFlags {

  /** What the FST codec needs on Java 17+ (see {@code FstAccess}). */
  public static final String OPEN_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
  public static final String OPEN_MATH = "--add-opens=java.base/java.math=ALL-UNNAMED";
  public static final String OPEN_UTIL = "--add-opens=java.base/java.util=ALL-UNNAMED";
  public static final String OPEN_CONCURRENT =
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED";
  public static final String OPEN_NET = "--add-opens=java.base/java.net=ALL-UNNAMED";
  public static final String OPEN_TEXT = "--add-opens=java.base/java.text=ALL-UNNAMED";
  public static final String OPEN_TIME = "--add-opens=java.base/java.time=ALL-UNNAMED";
  public static final String OPEN_SQL = "--add-opens=java.sql/java.sql=ALL-UNNAMED";

  private JvmFlags() {}
}
