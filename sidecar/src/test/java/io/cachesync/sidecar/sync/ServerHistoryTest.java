package io.cachesync.sidecar.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ServerHistoryTest {
  static String info(String runId, String replid, String replid2) {
    return "# Server\r\nredis_version:7.0.15\r\nrun_id:"
        + runId
        + "\r\n\r\n# Replication\r\nrole:master\r\nmaster_replid:"
        + replid
        + "\r\nmaster_replid2:"
        + replid2
        + "\r\n";
  }

  final ServerHistory master = ServerHistory.of(info("r1", "A", "0000"));

  @Test
  @DisplayName("the same process continues its own history")
  void sameProcess() {
    assertThat(master.continuedBy(ServerHistory.of(info("r1", "A", "0000")))).isTrue();
  }

  @Test
  @DisplayName(
      "a replica promoted since carries the old master's replid as replid2: a continuation")
  void promotedReplica() {
    assertThat(master.continuedBy(ServerHistory.of(info("r2", "B", "A")))).isTrue();
  }

  @Test
  @DisplayName("a restarted server is not, even one that restored the old replid from its RDB")
  void restart() {
    assertThat(master.continuedBy(ServerHistory.of(info("r3", "C", "0000")))).isFalse();
    assertThat(master.continuedBy(ServerHistory.of(info("r3", "A", "0000")))).isFalse();
  }

  @Test
  @DisplayName("an INFO without the fields (a proxy, an old server) never counts as a continuation")
  void missingFields() {
    ServerHistory blind = ServerHistory.of("# Server\r\n");
    assertThat(blind.continuedBy(ServerHistory.of("# Server\r\n"))).isFalse();
    assertThat(blind.continuedBy(ServerHistory.of(info("r2", "B", "A")))).isFalse();
  }
}
