package dev.filebacked.examples.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** An author and its books: the entity region {@code ...Author} and the collection region {@code ...Author.books}. */
@Entity
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Author {

  @Id
  private long id;

  private String name;

  @OneToMany(mappedBy = "author")
  @OrderBy("id")
  @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
  private List<Book> books = new ArrayList<>();

  protected Author() {
  }

  public Author(long id, String name) {
    this.id = id;
    this.name = name;
  }

  public long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public List<Book> getBooks() {
    return books;
  }
}
