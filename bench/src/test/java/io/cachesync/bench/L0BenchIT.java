package io.cachesync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.bench.family.L0Family;
import io.cachesync.bench.report.Figure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A quick run of family l0 alone: real Redis, real sidecar processes, the Java client with L0. Pins
 * that its figures are produced beside their same-run baselines; never asserts timings.
 */
class L0BenchIT {

  @Test
  @DisplayName(
      "--only l0 produces the L0 hit figures with the sidecar hit and Redis GET beside them")
  void l0Figures() throws Exception {
    Path sidecarJar = Path.of(System.getProperty("cachesync.sidecar.jar", "missing"));
    assertThat(sidecarJar)
        .as("the sidecar's shaded jar (package the sidecar first)")
        .isRegularFile();
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    BenchOptions options =
        BenchOptions.parse("--quick", "--only", "l0", "--sidecar-jar", sidecarJar.toString());

    Bench.Outcome outcome =
        new Bench(options, new PrintStream(table, true, StandardCharsets.UTF_8), System.err).run();

    String printed = table.toString(StandardCharsets.UTF_8);
    System.out.println(printed);
    assertThat(outcome.status()).as(printed).isZero();
    for (String name : new L0Family().figures()) {
      assertThat(outcome.results().value(name))
          .as(name + " in\n" + printed)
          .isNotNull()
          .matches(Double::isFinite, "is finite");
    }
    assertThat(
            outcome.results().figures().stream()
                .filter(f -> f.name().startsWith("l0_hit_"))
                .map(Figure::ratio))
        .as("each L0 figure has its same-run baseline's ratio")
        .hasSize(3)
        .doesNotContainNull();
  }
}
