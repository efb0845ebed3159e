package io.cachesync.examples.books;

import java.math.BigDecimal;

/** A row of the catalogue, and the JSON that GET /books/{isbn} answers and the cache holds. */
public record Book(String isbn, String title, String author, BigDecimal price) {}
