package dev.filebacked.examples.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/** A book, found by id or by its ISBN: the regions {@code ...Book} and {@code ...Book##NaturalId}. */
@Entity
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
@NaturalIdCache
public class Book {

  @Id
  private long id;

  @NaturalId
  private String isbn;

  private String title;

  @ManyToOne(fetch = FetchType.LAZY)
  private Author author;

  protected Book() {
  }

  public Book(long id, String isbn, String title, Author author) {
    this.id = id;
    this.isbn = isbn;
    this.title = title;
    this.author = author;
    author.getBooks().add(this);
  }

  public long getId() {
    return id;
  }

  public String getIsbn() {
    return isbn;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }
}
