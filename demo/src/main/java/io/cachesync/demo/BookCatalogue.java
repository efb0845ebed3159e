package io.cachesync.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The pretend database: a handful of books keyed like {@code isbn:9780131103627}. Reading or
 * updating a row costs a few milliseconds, which is the whole point of caching it.
 */
final class BookCatalogue {
  /** The book the story follows. */
  static final String KNR = "isbn:9780131103627";

  private static final Duration MIN_LATENCY = Duration.ofMillis(3);
  private static final int JITTER_MICROS = 3_000;

  private final Map<String, Book> rows = new ConcurrentHashMap<>();
  private final List<String> keys;

  BookCatalogue() {
    List<Book> books =
        List.of(
            new Book(
                "9780131103627",
                "The C Programming Language",
                "Kernighan and Ritchie",
                1988,
                5299,
                1),
            new Book(
                "9780262510875",
                "Structure and Interpretation of Computer Programs",
                "Abelson and Sussman",
                1996,
                6500,
                1),
            new Book(
                "9780201633610",
                "Design Patterns",
                "Gamma, Helm, Johnson and Vlissides",
                1994,
                4999,
                1),
            new Book(
                "9780321349606",
                "Java Concurrency in Practice",
                "Brian Goetz et al.",
                2006,
                5999,
                1),
            new Book(
                "9780201896831",
                "The Art of Computer Programming, Vol. 1",
                "Donald E. Knuth",
                1997,
                7999,
                1));
    books.forEach(b -> rows.put(b.key(), b));
    keys = books.stream().map(Book::key).toList();
  }

  int size() {
    return rows.size();
  }

  /** The row as it is now, without the simulated latency (for printing). */
  Book peek(String key) {
    Book b = rows.get(key);
    if (b == null) throw new DemoFailure("the catalogue has no row " + key + "; it has " + keys);
    return b;
  }

  /** Reads a row: a few milliseconds, like a query to a real database. */
  Book load(String key) {
    simulateLatency();
    return peek(key);
  }

  /** Changes a row's price and bumps its version. */
  Book updatePrice(String key, long priceCents) {
    simulateLatency();
    peek(key);
    return rows.computeIfPresent(key, (k, b) -> b.withPrice(priceCents));
  }

  /** The only fixed wait in the demo: the pretend database being slow. */
  private static void simulateLatency() {
    long nanos =
        MIN_LATENCY.toNanos() + ThreadLocalRandom.current().nextLong(JITTER_MICROS) * 1_000;
    long until = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = until - System.nanoTime()) LockSupport.parkNanos(left);
  }
}
