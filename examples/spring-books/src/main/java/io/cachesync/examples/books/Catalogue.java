package io.cachesync.examples.books;

import java.math.BigDecimal;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * The cached reads and the update, with the annotations a Spring team already writes. The starter
 * makes {@code @Cacheable} a look-aside with a fill token (a read that overlapped an update is not
 * cached) and {@code @CacheEvict} an invalidation on every instance.
 */
@Service
public class Catalogue {
  private final BookRepository books;

  public Catalogue(BookRepository books) {
    this.books = books;
  }

  /** A missing ISBN is cached as null too (Spring's allowNullValues), until a write of it. */
  @Cacheable("books")
  public Book find(String isbn) {
    return books.find(isbn).orElse(null);
  }

  /**
   * Evicts after the database committed: every instance drops the book and reads the new row on its
   * next GET. An eviction, not {@code @CachePut}: two updates of one book racing on two instances
   * could otherwise leave the older price cached on one of them.
   */
  @CacheEvict(cacheNames = "books", key = "#isbn")
  public boolean changePrice(String isbn, BigDecimal price) {
    return books.updatePrice(isbn, price);
  }
}
