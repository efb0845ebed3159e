package io.cachesync.sidecar.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.sidecar.config.RedisConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HostMismatchAdviceTest {

  @Test
  @DisplayName("a host of redis.url (standalone, the seed, a sentinel) gets the redis.url advice")
  void urlHosts() {
    assertThat(
            HostMismatchAdvice.of(
                    new RedisConfig("rediss://redis.local:6379", null, null, null, null))
                .forHost("10.0.0.1"))
        .startsWith("connect by one of those names (redis.url)");
    assertThat(HostMismatchAdvice.of(RedisConfig.cluster("rediss://seed:7000")).forHost("seed"))
        .startsWith("connect by one of those names (redis.url)");
    assertThat(
            HostMismatchAdvice.of(RedisConfig.sentinel("rediss-sentinel://s1:26379,s2:26379#m"))
                .forHost("s2"))
        .startsWith("connect by one of those names (redis.url)");
  }

  @Test
  @DisplayName(
      "an announced address (a discovered node, the master named) gets the announce advice")
  void announcedHosts() {
    assertThat(HostMismatchAdvice.of(RedisConfig.cluster("rediss://seed:7000")).forHost("10.0.0.7"))
        .startsWith("10.0.0.7 is the address the cluster announces for that node")
        .contains("redis.tls.verifyHostname: false");
    assertThat(
            HostMismatchAdvice.of(RedisConfig.sentinel("rediss-sentinel://s1:26379#m"))
                .forHost("10.0.0.8"))
        .startsWith("10.0.0.8 is the address the sentinels give for the master");
  }
}
