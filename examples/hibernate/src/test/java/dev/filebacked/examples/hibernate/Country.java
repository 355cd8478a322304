package dev.filebacked.examples.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.Immutable;

/**
 * An immutable entity without associations: with {@code hibernate.cache.use_reference_entries}
 * Hibernate caches the instance itself (a {@code ReferenceCacheEntryImpl}, not serializable).
 */
@Entity
@Immutable
@Cache(usage = CacheConcurrencyStrategy.READ_ONLY)
public class Country {

  @Id
  private String code;

  private String name;

  protected Country() {
  }

  public Country(String code, String name) {
    this.code = code;
    this.name = name;
  }

  public String getCode() {
    return code;
  }

  public String getName() {
    return name;
  }
}
