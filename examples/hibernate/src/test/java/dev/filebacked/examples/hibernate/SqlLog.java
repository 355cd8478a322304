package dev.filebacked.examples.hibernate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Every SQL statement Hibernate prepares, in order. Hibernate calls a {@link StatementInspector}
 * once for each statement it prepares on the JDBC connection (queries and writes alike), so
 * {@link #selects()} is exactly the SQL selects sent to the database.
 */
final class SqlLog implements StatementInspector {

  private final List<String> statements = new ArrayList<>();

  @Override
  public synchronized String inspect(String sql) {
    statements.add(sql);
    return sql;
  }

  /** The selects prepared since the last {@link #clear()}. */
  synchronized List<String> selects() {
    return statements.stream()
        .filter(sql -> sql.stripLeading().toLowerCase(Locale.ROOT).startsWith("select"))
        .toList();
  }

  synchronized void clear() {
    statements.clear();
  }
}
