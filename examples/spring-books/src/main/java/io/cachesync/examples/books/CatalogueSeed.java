package io.cachesync.examples.books;

import java.math.BigDecimal;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Creates the table and the first books on the first start, before the web server opens. Safe when
 * several instances start at once on one database: a book another instance inserted first is left
 * as it is (its price may already have changed), never duplicated.
 */
@Component
public class CatalogueSeed implements InitializingBean {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogueSeed.class);

  static final List<Book> BOOKS =
      List.of(
          new Book(
              "9780131103627",
              "The C Programming Language",
              "Kernighan, Ritchie",
              new BigDecimal("42.00")),
          new Book("9780201633610", "Design Patterns", "Gamma et al.", new BigDecimal("49.99")),
          new Book(
              "9780262033848",
              "Introduction to Algorithms",
              "Cormen et al.",
              new BigDecimal("89.00")),
          new Book("9781617294945", "Spring in Action", "Walls", new BigDecimal("39.99")),
          new Book(
              "9780596007126",
              "Head First Design Patterns",
              "Freeman et al.",
              new BigDecimal("35.50")));

  private final JdbcClient jdbc;

  public CatalogueSeed(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void afterPropertiesSet() {
    jdbc.sql(
            "CREATE TABLE IF NOT EXISTS books (isbn VARCHAR(20) PRIMARY KEY,"
                + " title VARCHAR(200) NOT NULL, author VARCHAR(200) NOT NULL,"
                + " price DECIMAL(10,2) NOT NULL)")
        .update();
    int added = 0;
    for (Book b : BOOKS) {
      try {
        added +=
            jdbc.sql(
                    "INSERT INTO books (isbn, title, author, price) SELECT ?, ?, ?, ? FROM (VALUES(1))"
                        + " WHERE NOT EXISTS (SELECT 1 FROM books WHERE isbn = ?)")
                .params(b.isbn(), b.title(), b.author(), b.price(), b.isbn())
                .update();
      } catch (DuplicateKeyException e) {
        // another instance inserted it between our check and our insert: it is there, once
      }
    }
    LOG.info("catalogue: {} of {} seed books added", added, BOOKS.size());
  }
}
