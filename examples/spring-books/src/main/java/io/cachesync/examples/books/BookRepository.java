package io.cachesync.examples.books;

import java.math.BigDecimal;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The store of record: one SQL table that every instance shares. */
@Repository
public class BookRepository {
  private final JdbcClient jdbc;
  private final ReadGate gate;

  public BookRepository(JdbcClient jdbc, ReadGate gate) {
    this.jdbc = jdbc;
    this.gate = gate;
  }

  public Optional<Book> find(String isbn) {
    Optional<Book> row =
        jdbc.sql("SELECT isbn, title, author, price FROM books WHERE isbn = ?")
            .param(isbn)
            .query(Book.class)
            .optional();
    gate.afterRead(isbn);
    return row;
  }

  /** Whether a book of that ISBN was there to change. */
  public boolean updatePrice(String isbn, BigDecimal price) {
    return jdbc.sql("UPDATE books SET price = ? WHERE isbn = ?").param(price).param(isbn).update()
        == 1;
  }
}
