package io.cachesync.operator.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RedisEndpointTest {

  @Test
  @DisplayName(
      "a master behind sentinels is named by its name and its sentinels, in any order, not by a host")
  void sentinel() {
    RedisEndpoint a = RedisEndpoint.of("redis-sentinel://s1:26379,S0:26380#cache", "shop");
    assertThat(a.host()).isEqualTo("cache@s0.shop:26380,s1.shop:26379");
    assertThat(RedisEndpoint.of("redis-sentinel://s0:26380,s1:26379#cache", "shop")).isEqualTo(a);
    assertThat(RedisEndpoint.of("redis-sentinel://s0:26380,s1:26379#other", "shop"))
        .isNotEqualTo(a);
    assertThat(RedisEndpoint.of("redis://redis:6379", "shop").hostPort())
        .isEqualTo("redis.shop:6379");
  }
}
