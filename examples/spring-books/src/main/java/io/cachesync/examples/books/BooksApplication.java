package io.cachesync.examples.books;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * The book catalogue of four app servers: {@code @Cacheable} reads and a price update that evicts,
 * on the CacheSync starter. There is no cache-sync code here; that is the point.
 */
@SpringBootApplication
@EnableCaching
public class BooksApplication {
  public static void main(String[] args) {
    SpringApplication.run(BooksApplication.class, args);
  }
}
