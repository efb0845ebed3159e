package io.cachesync.sidecar.keyspace;

import static io.cachesync.sidecar.keyspace.KeyspaceEventKind.DELETED;
import static io.cachesync.sidecar.keyspace.KeyspaceEventKind.EXPIRED;
import static io.cachesync.sidecar.keyspace.KeyspaceEventKind.UPDATED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KeyspaceEventKindTest {

  @Test
  @DisplayName("Redis event names map to expired, deleted, or (any other write) updated")
  void mapping() {
    assertThat(KeyspaceEventKind.of("expired")).isEqualTo(EXPIRED);
    assertThat(KeyspaceEventKind.of("evicted")).isEqualTo(DELETED);
    assertThat(KeyspaceEventKind.of("del")).isEqualTo(DELETED);
    assertThat(KeyspaceEventKind.of("unlink")).isEqualTo(DELETED);
    assertThat(KeyspaceEventKind.of("rename_from")).isEqualTo(DELETED);
    assertThat(KeyspaceEventKind.of("set")).isEqualTo(UPDATED);
    assertThat(KeyspaceEventKind.of("rename_to")).isEqualTo(UPDATED);
    assertThat(KeyspaceEventKind.of("expire")).isEqualTo(UPDATED);
    assertThat(KeyspaceEventKind.of("hset")).isEqualTo(UPDATED);
  }
}
