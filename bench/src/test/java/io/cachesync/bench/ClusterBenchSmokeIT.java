package io.cachesync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A quick run of the cluster families: a real 3+3 cluster, Lettuce's cluster client, sharded
 * Pub/Sub. The raw floors must be measured; the sidecar figures are measured when the sidecar
 * accepts {@code redis.mode: Cluster}, and otherwise reported not measured with its reason, without
 * failing the run. Benchmarks never assert timings.
 */
class ClusterBenchSmokeIT {
  private static final List<String> RAW =
      List.of(
          "fanout_cluster_raw_keys_per_s_4",
          "fanout_cluster_raw_keys_per_s_32",
          "fanout_cluster_raw_keys_per_s_128",
          "fanout_cluster_raw_redis_cpu_us_per_msg_4",
          "fanout_cluster_raw_redis_cpu_us_per_msg_128",
          "fanout_cluster_lost",
          "pubsub_raw_cluster_p50_us",
          "pubsub_raw_cluster_p99_us",
          "pubsub_raw_standalone_p99_us",
          "propagation_standalone_p99_us");
  private static final List<String> SIDECAR =
      List.of(
          "fanout_cluster_keys_per_s_4",
          "fanout_cluster_keys_per_s_128",
          "fanout_cluster_redis_cpu_us_per_msg_32",
          "propagation_cluster_p50_us",
          "propagation_cluster_p99_us",
          "propagation_cluster_lost");

  @Test
  @DisplayName(
      "a quick cluster run measures the raw sharded floors, and the sidecars' figures or why not")
  void clusterFloorsMeasured() {
    Path sidecarJar = Path.of(System.getProperty("cachesync.sidecar.jar", "missing"));
    assertThat(sidecarJar).as("the sidecar's shaded jar").isRegularFile();
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    BenchOptions options =
        BenchOptions.parse(
            "--quick",
            "--only",
            "cluster-fanout,cluster-propagation",
            "--topology",
            "cluster",
            "--sidecar-jar",
            sidecarJar.toString());

    Bench.Outcome outcome =
        new Bench(options, new PrintStream(table, true, StandardCharsets.UTF_8), System.err).run();

    String printed = table.toString(StandardCharsets.UTF_8);
    System.out.println(printed);
    assertThat(outcome.results().errors()).as(printed).isEmpty();
    assertThat(outcome.status()).as(printed).isZero();
    for (String name : RAW) {
      assertThat(outcome.results().value(name))
          .as(name + " in\n" + printed)
          .isNotNull()
          .matches(Double::isFinite, "is finite");
    }
    assertThat(outcome.results().value("fanout_cluster_lost")).isZero();
    for (String name : SIDECAR) {
      String why = outcome.results().notMeasured().get(name);
      if (why == null) {
        assertThat(outcome.results().value(name)).as(name).isNotNull();
      } else {
        assertThat(why).as(name).contains("redis.mode");
        assertThat(printed).contains("not measured: ").contains(name);
      }
    }
  }
}
