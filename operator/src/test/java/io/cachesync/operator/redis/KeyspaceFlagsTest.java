package io.cachesync.operator.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.model.KeyspaceEvent;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KeyspaceFlagsTest {

  @Test
  @DisplayName("E plus one flag per event class, each once")
  void required() {
    assertThat(
            KeyspaceFlags.required(
                List.of(KeyspaceEvent.expired, KeyspaceEvent.del, KeyspaceEvent.expire)))
        .isEqualTo("Exg");
    assertThat(KeyspaceFlags.required(List.of(KeyspaceEvent.set, KeyspaceEvent.evicted)))
        .isEqualTo("E$e");
  }

  @Test
  @DisplayName("'A' covers the class flags but not E; merging only ever adds")
  void missingAndMerge() {
    assertThat(KeyspaceFlags.missing("Exg$", "KA")).isEqualTo("E");
    assertThat(KeyspaceFlags.missing("Exg", "Kl")).isEqualTo("Exg");
    assertThat(KeyspaceFlags.missing("Ex", "xE")).isEmpty();
    assertThat(KeyspaceFlags.merge("Kl", "Exg")).isEqualTo("KlExg");
  }

  @Test
  @DisplayName("without, common and union keep the first argument's order")
  void setOperations() {
    assertThat(KeyspaceFlags.without("KlExg", "Exg")).isEqualTo("Kl");
    assertThat(KeyspaceFlags.common("Exg", "E$x")).isEqualTo("Ex");
    assertThat(KeyspaceFlags.union("Ex", "gEx$")).isEqualTo("Exg$");
    assertThat(KeyspaceFlags.union("", "")).isEmpty();
  }

  @Test
  @DisplayName(
      "a short host is a Service in the CacheSync's namespace; the database does not matter")
  void endpoints() {
    assertThat(RedisEndpoint.of("redis://redis:6379/0", "shop"))
        .isEqualTo(RedisEndpoint.of("redis://redis:6379/3", "shop"))
        .isEqualTo(RedisEndpoint.of("redis://redis.shop:6379", "billing"))
        .isNotEqualTo(RedisEndpoint.of("redis://redis:6379", "billing"));
    assertThat(RedisEndpoint.of("redis://localhost:6379", "shop"))
        .isEqualTo(RedisEndpoint.of("redis://localhost:6379", "billing"));
  }

  @Test
  @DisplayName("'A' is spelled out, so one flag it covers can be taken out")
  void expand() {
    assertThat(KeyspaceFlags.without(KeyspaceFlags.expand("AKE"), "g")).isEqualTo("$lshzxetdKE");
    assertThat(KeyspaceFlags.expand("Kx")).isEqualTo("Kx");
  }
}
