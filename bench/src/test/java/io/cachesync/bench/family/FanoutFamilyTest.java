package io.cachesync.bench.family;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.bench.report.FigureCatalog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FanoutFamilyTest {
  @Test
  @DisplayName("the standalone fan-out family produces issue 14's names, each in the catalog")
  void figureNames() {
    FanoutFamily f = new FanoutFamily();

    assertThat(f.name()).isEqualTo("fanout");
    assertThat(f.figures())
        .containsExactly(
            "fanout_keys_per_s_4",
            "fanout_keys_per_s_32",
            "fanout_keys_per_s_128",
            "fanout_raw_keys_per_s_4",
            "fanout_raw_keys_per_s_32",
            "fanout_raw_keys_per_s_128",
            "fanout_redis_cpu_us_per_msg_4",
            "fanout_redis_cpu_us_per_msg_32",
            "fanout_redis_cpu_us_per_msg_128",
            "fanout_raw_redis_cpu_us_per_msg_4",
            "fanout_raw_redis_cpu_us_per_msg_32",
            "fanout_raw_redis_cpu_us_per_msg_128",
            "fanout_lost");
    f.figures().forEach(FigureCatalog::spec);
  }

  @Test
  @DisplayName(
      "the cluster fan-out family keeps the standalone names apart (fanout_cluster_...), each in"
          + " the catalog, each sidecar figure beside its raw sharded floor")
  void clusterFigureNames() {
    FanoutFamily f = new FanoutFamily(Topology.CLUSTER);

    assertThat(f.name()).isEqualTo("cluster-fanout");
    assertThat(f.topology()).isEqualTo(Topology.CLUSTER);
    assertThat(f.figures())
        .contains(
            "fanout_cluster_keys_per_s_4",
            "fanout_cluster_keys_per_s_128",
            "fanout_cluster_raw_keys_per_s_32",
            "fanout_cluster_redis_cpu_us_per_msg_4",
            "fanout_cluster_raw_redis_cpu_us_per_msg_128",
            "fanout_cluster_lost")
        .doesNotContainAnyElementsOf(new FanoutFamily().figures());
    f.figures().forEach(FigureCatalog::spec);
    assertThat(FigureCatalog.spec("fanout_cluster_keys_per_s_32").baseline())
        .isEqualTo("fanout_cluster_raw_keys_per_s_32");
    new ClusterPropagationFamily().figures().forEach(FigureCatalog::spec);
  }
}
