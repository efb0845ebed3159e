package io.cachesync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cachesync.bench.family.FanoutFamily;
import io.cachesync.bench.report.Figure;
import io.cachesync.bench.report.FigureCatalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke run of the harness: real Redis, real sidecar processes, {@code --quick}. It pins only
 * that every figure is produced and the JSON has its shape; benchmarks never assert timings.
 */
class BenchSmokeIT {

  @Test
  @DisplayName("a quick run produces every fixed figure with a finite value, and --json its shape")
  void quickRunProducesEveryFigure(@TempDir Path tmp) throws Exception {
    Path sidecarJar = Path.of(System.getProperty("cachesync.sidecar.jar", "missing"));
    assertThat(sidecarJar)
        .as("the sidecar's shaded jar (package the sidecar first)")
        .isRegularFile();
    Path json = tmp.resolve("bench.json");
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    BenchOptions options =
        BenchOptions.parse(
            "--quick",
            "--json",
            json.toString(),
            "--topology",
            "standalone", // the cluster families have ClusterBenchSmokeIT
            "--sidecar-jar",
            sidecarJar.toString());

    Bench.Outcome outcome =
        new Bench(options, new PrintStream(table, true, StandardCharsets.UTF_8), System.err).run();

    String printed = table.toString(StandardCharsets.UTF_8);
    System.out.println(printed);
    for (String name : FigureCatalog.fixedNames()) {
      assertThat(outcome.results().value(name))
          .as(name + " in\n" + printed)
          .isNotNull()
          .matches(Double::isFinite, "is finite");
      assertThat(printed).contains(name);
    }

    // issue 14's fan-out: every count's figure beside its raw floor, so the ratio is printed
    for (String name : new FanoutFamily().figures()) {
      assertThat(outcome.results().value(name)).as(name).isNotNull();
    }
    assertThat(
            outcome.results().figures().stream()
                .filter(f -> f.name().startsWith("fanout_keys_per_s_"))
                .map(Figure::ratio))
        .as("a ratio to the raw floor at each subscriber count")
        .hasSize(3)
        .doesNotContainNull();

    JsonNode root = new ObjectMapper().readTree(Files.readString(json));
    assertThat(root.path("machine").isObject()).isTrue();
    assertThat(root.path("machine").path("cores").isInt()).isTrue();
    assertThat(root.path("figures").isArray()).isTrue();
    Map<String, JsonNode> byName = new HashMap<>();
    for (JsonNode f : root.path("figures")) {
      assertThat(f.has("name") && f.has("value") && f.has("unit")).as(f.toString()).isTrue();
      assertThat(f.has("baseline") && f.has("ratio")).as(f.toString()).isTrue();
      byName.put(f.path("name").asText(), f);
    }
    for (String name : FigureCatalog.fixedNames()) {
      assertThat(byName).as("figures in the JSON").containsKey(name);
      assertThat(byName.get(name).path("value").isNumber()).as(name).isTrue();
      assertThat(byName.get(name).path("unit").isTextual()).as(name).isTrue();
    }
    assertThat(byName.get("get_hit_p50_us").path("baseline").asText())
        .isEqualTo("noop_grpc_p50_us");
    assertThat(byName.get("get_hit_p50_us").path("ratio").isNumber()).isTrue();
  }
}
