package io.cachesync.demo;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One row of the pretend catalogue, and the JSON bytes the pods cache for it. */
record Book(String isbn, String title, String author, int year, long priceCents, int version) {
  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(?:\"([^\"]*)\"|(-?\\d+))");

  /** The cache key: {@code isbn:9780131103627}. */
  String key() {
    return "isbn:" + isbn;
  }

  Book withPrice(long cents) {
    return new Book(isbn, title, author, year, cents, version + 1);
  }

  String price() {
    return String.format("$%d.%02d", priceCents / 100, priceCents % 100);
  }

  /** {@code v2 $47.50}: what the story prints for a value. */
  String brief() {
    return "v" + version + " " + price();
  }

  ByteString toBytes() {
    String json =
        String.format(
            "{\"isbn\":\"%s\",\"title\":\"%s\",\"author\":\"%s\",\"year\":%d,\"priceCents\":%d,\"version\":%d}",
            isbn, title, author, year, priceCents, version);
    return ByteString.copyFrom(json, StandardCharsets.UTF_8);
  }

  /**
   * @throws DemoFailure when the bytes are not a book this demo wrote
   */
  static Book fromBytes(ByteString bytes) {
    String json = bytes.toStringUtf8();
    String isbn = null, title = null, author = null;
    Long year = null, price = null, version = null;
    Matcher m = FIELD.matcher(json);
    while (m.find()) {
      String text = m.group(2);
      Long number = m.group(3) == null ? null : Long.valueOf(m.group(3));
      switch (m.group(1)) {
        case "isbn" -> isbn = text;
        case "title" -> title = text;
        case "author" -> author = text;
        case "year" -> year = number;
        case "priceCents" -> price = number;
        case "version" -> version = number;
        default -> {}
      }
    }
    if (isbn == null
        || title == null
        || author == null
        || year == null
        || price == null
        || version == null) {
      throw new DemoFailure("the cached value is not a book: '" + json + "'");
    }
    return new Book(isbn, title, author, year.intValue(), price, version.intValue());
  }
}
