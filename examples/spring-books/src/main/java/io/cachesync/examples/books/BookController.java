package io.cachesync.examples.books;

import java.math.BigDecimal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code GET /books/{isbn}} and {@code PUT /books/{isbn}} with {@code {"price": 44.0}}. */
@RestController
public class BookController {
  private final Catalogue catalogue;

  public BookController(Catalogue catalogue) {
    this.catalogue = catalogue;
  }

  /** The body of a price change. */
  public record PriceChange(BigDecimal price) {}

  @GetMapping("/books/{isbn}")
  public Book get(@PathVariable String isbn) {
    Book book = catalogue.find(isbn);
    if (book == null) throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no book " + isbn);
    return book;
  }

  @PutMapping("/books/{isbn}")
  public ResponseEntity<Book> changePrice(
      @PathVariable String isbn, @RequestBody PriceChange change) {
    if (change == null || change.price() == null || change.price().signum() < 0) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "send {\"price\": <a number >= 0>}, e.g. {\"price\": 44.0}");
    }
    if (!catalogue.changePrice(isbn, change.price())) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no book " + isbn);
    }
    return ResponseEntity.ok(catalogue.find(isbn));
  }
}
