package io.cachesync.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The build copies crds/ into the chart (generate-resources); this catches a copy that was edited
 * by hand, or a build run with -Dcrds.copy.skip=true.
 */
class ChartCrdsTest {
  private static final String FIX =
      "the chart's CRDs differ from crds/; copy them: cp crds/*.yml helm/cachesync/crds/"
          + " (or run ./mvnw -pl helm generate-resources)";

  @Test
  @DisplayName("the chart's crds/ holds exactly the files of the top-level crds/, byte for byte")
  void chartCrdsAreACopy() throws IOException {
    Path source = Paths.get(System.getProperty("cachesync.crds.dir", "../crds"));
    Path copy = Chart.dir().resolve("crds");

    assertThat(names(copy)).as(FIX).isEqualTo(names(source)).isNotEmpty();
    for (String name : names(source)) {
      assertThat(Files.readAllBytes(copy.resolve(name)))
          .as(FIX + ": " + name)
          .isEqualTo(Files.readAllBytes(source.resolve(name)));
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
