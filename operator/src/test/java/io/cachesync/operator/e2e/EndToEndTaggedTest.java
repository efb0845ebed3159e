package io.cachesync.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Failsafe's e2e execution runs only classes tagged e2e (so {@code -Dit.test} never runs an IT in
 * both executions), and the default one excludes this package: an untagged e2e IT would run
 * nowhere, silently.
 */
class EndToEndTaggedTest {
  @Test
  @DisplayName("every *IT class of the e2e package carries @EndToEnd, else no execution runs it")
  void everyEndToEndItIsTagged() throws IOException, URISyntaxException {
    Path dir = Path.of(EndToEnd.class.getResource("").toURI());
    List<String> its;
    try (Stream<Path> files = Files.list(dir)) {
      its =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith("IT.class"))
              .map(n -> n.substring(0, n.length() - ".class".length()))
              .sorted()
              .toList();
    }
    assertThat(its).as("e2e ITs found in %s", dir).isNotEmpty();
    assertThat(its)
        .allSatisfy(
            name -> {
              Class<?> type = Class.forName(EndToEnd.class.getPackageName() + "." + name);
              assertThat(type.isAnnotationPresent(EndToEnd.class))
                  .as("%s is annotated @EndToEnd", name)
                  .isTrue();
            });
  }
}
