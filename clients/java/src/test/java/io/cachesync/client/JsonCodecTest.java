package io.cachesync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
  record Book(String isbn, String title, double price) {}

  @Test
  @DisplayName("JSON through Jackson: a record goes out and comes back equal")
  void roundTrip() {
    ValueCodec<Book> codec = ValueCodec.json(Book.class);
    Book b = new Book("9780131103627", "The C Programming Language", 44.0);
    assertThat(codec.decode(codec.encode(b))).isEqualTo(b);
    assertThatThrownBy(() -> codec.decode("not json".getBytes()))
        .hasMessageContaining("is not JSON for");
  }

  @Test
  @DisplayName("asked for JSON without Jackson on the classpath: an error that says what to add")
  void withoutJackson() throws Exception {
    URL classes =
        Path.of(ValueCodec.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toUri()
            .toURL();
    // the client's classes alone, over the platform's: no Jackson to be found
    try (URLClassLoader bare =
        new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
      Class<?> codec = bare.loadClass(ValueCodec.class.getName());
      assertThatThrownBy(() -> invoke(codec, Book.class))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("needs Jackson")
          .hasMessageContaining("com.fasterxml.jackson.core:jackson-databind");
    }
  }

  static void invoke(Class<?> codec, Class<?> type) throws Throwable {
    try {
      codec.getMethod("json", Class.class).invoke(null, type);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
