package io.cachesync.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachesync.consistency.faults.FaultKind;
import io.cachesync.consistency.redis.Topology;
import io.cachesync.consistency.run.CacheUnderTest.L2Mode;
import io.cachesync.consistency.run.Strategy;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConsistencyOptionsTest {
  @Test
  @DisplayName("flags pick the seed, duration, strategies, L2 and faults")
  void flags() {
    ConsistencyOptions o =
        ConsistencyOptions.parse(
            "--seed",
            "9",
            "--duration",
            "5m",
            "--sidecars",
            "4",
            "--strategies",
            "la,WriteBehind",
            "--l2",
            "on",
            "--faults",
            "sidecar-kill,config-reload",
            "--bound",
            "500ms",
            "--delivery",
            "stream");
    assertThat(o.seed()).isEqualTo(9);
    assertThat(o.duration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(o.sidecars()).isEqualTo(4);
    assertThat(o.strategies()).containsExactly(Strategy.LOOK_ASIDE, Strategy.WRITE_BEHIND);
    assertThat(o.l2()).isEqualTo(L2Mode.ON);
    assertThat(o.faults()).containsExactly(FaultKind.SIDECAR_KILL, FaultKind.CONFIG_RELOAD);
    assertThat(o.bound()).isEqualTo(Duration.ofMillis(500));
    assertThat(o.delivery()).isEqualTo("Stream");
    assertThat(ConsistencyOptions.parse().delivery()).isEqualTo("PubSub");
    assertThat(ConsistencyOptions.parse("--faults", "none").faults()).isEmpty();
  }

  @Test
  @DisplayName(
      "--topology picks the Redis; faults it cannot take are left out of the schedule, with why")
  void topology() {
    ConsistencyOptions standalone = ConsistencyOptions.parse();
    assertThat(standalone.topology()).isEqualTo(Topology.STANDALONE);
    assertThat(standalone.scheduledFaults())
        .contains(FaultKind.REDIS_RESTART)
        .doesNotContain(FaultKind.FAILOVER);
    assertThat(standalone.leftOutFaults()).singleElement().asString().startsWith("failover (");

    ConsistencyOptions sentinel = ConsistencyOptions.parse("--topology", "sentinel");
    assertThat(sentinel.topology()).isEqualTo(Topology.SENTINEL);
    assertThat(sentinel.scheduledFaults())
        .contains(FaultKind.FAILOVER, FaultKind.PUBSUB_KILL, FaultKind.OUTPUT_BUFFER_CUT)
        .doesNotContain(FaultKind.REDIS_RESTART);
    assertThat(sentinel.leftOutFaults()).singleElement().asString().startsWith("redis-restart (");

    ConsistencyOptions cluster =
        ConsistencyOptions.parse("--topology", "Cluster", "--faults", "failover,sidecar-kill");
    assertThat(cluster.scheduledFaults())
        .containsExactly(FaultKind.FAILOVER, FaultKind.SIDECAR_KILL);
    assertThat(cluster.leftOutFaults()).isEmpty();

    assertThatThrownBy(() -> ConsistencyOptions.parse("--topology", "Mesh"))
        .hasMessageContaining("--topology Mesh: Standalone|Sentinel|Cluster");
  }

  @Test
  @DisplayName("a wrong flag is refused with a message naming it")
  void refused() {
    assertThatThrownBy(() -> ConsistencyOptions.parse("--faults", "meteor"))
        .hasMessageContaining("unknown fault 'meteor'");
    assertThatThrownBy(() -> ConsistencyOptions.parse("--duration", "soon"))
        .hasMessageContaining("--duration soon");
    assertThatThrownBy(() -> ConsistencyOptions.parse("--delivery", "Carrier"))
        .hasMessageContaining("--delivery Carrier: PubSub or Stream");
    assertThatThrownBy(() -> ConsistencyOptions.parse("--seed"))
        .hasMessageContaining("--seed needs a value");
  }

  @Test
  @DisplayName("--l0-workers picks how many client threads read through the Java client's L0")
  void l0Workers() {
    assertThat(ConsistencyOptions.parse().l0Workers()).isZero();
    assertThat(ConsistencyOptions.parse("--workers", "4", "--l0-workers", "2").l0Workers())
        .isEqualTo(2);
    assertThatThrownBy(() -> ConsistencyOptions.parse("--workers", "2", "--l0-workers", "3"))
        .hasMessageContaining("--l0-workers 3: at most --workers (2)");
  }
}
