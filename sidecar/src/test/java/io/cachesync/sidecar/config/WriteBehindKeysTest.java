package io.cachesync.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachesync.sidecar.tier.writebehind.WriteBehindStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WriteBehindKeysTest {
  static SidecarConfig parse(String mode, String cacheLines) {
    return ConfigLoader.parse(
        """
        redis: {url: 'redis://127.0.0.1:7000', mode: %s}
        sync: {channel: cs.shop}
        loader: {target: 127.0.0.1:7071}
        caches:
        %s
        """
            .formatted(mode, cacheLines));
  }

  @Test
  @DisplayName(
      "on a cluster a WriteBehind cache's stream and default L2 prefix share the hash tag {cache};"
          + " other caches' keys carry no tag")
  void clusterDefaults() {
    SidecarConfig c =
        parse(
            "Cluster",
            """
              - {name: orders, strategy: WriteBehind}
              - {name: books, l2: {enabled: true}}
            """);
    assertThat(c.cache("orders").orElseThrow().l2().prefix()).isEqualTo("cs.shop:l2:{orders}:");
    assertThat(WriteBehindStream.keyFor("cs.shop", "orders", RedisMode.Cluster))
        .isEqualTo("cs.shop:wb:{orders}");
    assertThat(c.cache("books").orElseThrow().l2().prefix()).isEqualTo("cs.shop:l2:books:");
  }

  @Test
  @DisplayName("Standalone and Sentinel keep today's names, so unflushed streams are still found")
  void standaloneUnchanged() {
    SidecarConfig c = parse("Standalone", "  - {name: orders, strategy: WriteBehind}\n");
    assertThat(c.cache("orders").orElseThrow().l2().prefix()).isEqualTo("cs.shop:l2:orders:");
    assertThat(WriteBehindStream.keyFor("cs.shop", "orders", RedisMode.Standalone))
        .isEqualTo("cs.shop:wb:orders")
        .isEqualTo(WriteBehindStream.keyFor("cs.shop", "orders"));
    assertThat(WriteBehindStream.keyFor("cs.shop", "orders", RedisMode.Sentinel))
        .isEqualTo("cs.shop:wb:orders");
    assertThat(parse("Standalone", "  - {name: orders, strategy: WriteBehind, l2: {prefix: 'o:'}}"))
        .as("an untagged prefix is fine off a cluster")
        .isNotNull();
  }

  @Test
  @DisplayName(
      "on a cluster an explicit prefix of a WriteBehind cache without the stream's tag is refused,"
          + " naming the key and what to write")
  void untaggedPrefixRefused() {
    for (String prefix :
        new String[] {"orders:", "app:{other}:", "app:{orders", "app:{}:{orders}:"}) {
      assertThatThrownBy(
              () ->
                  parse(
                      "Cluster",
                      "  - {name: orders, strategy: WriteBehind, l2: {prefix: '"
                          + prefix
                          + "'}}\n"))
          .as(prefix)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("caches[0].l2.prefix: '" + prefix + "'")
          .hasMessageContaining("hash tag '{orders}'")
          .hasMessageContaining("'cs.shop:wb:{orders}'")
          .hasMessageContaining("e.g. 'myapp:{orders}:'")
          .hasMessageContaining("default 'cs.shop:l2:{orders}:'");
    }
    SidecarConfig ok =
        parse(
            "Cluster", "  - {name: orders, strategy: WriteBehind, l2: {prefix: 'app:{orders}:'}}");
    assertThat(ok.cache("orders").orElseThrow().l2().prefix()).isEqualTo("app:{orders}:");
    assertThat(parse("Cluster", "  - {name: books, l2: {prefix: 'b:'}}"))
        .as("other caches need no tag")
        .isNotNull();
  }

  @Test
  @DisplayName("a config built for Standalone and moved to Cluster gets the tagged default")
  void movedToCluster() {
    SidecarConfig standalone = parse("Standalone", "  - {name: orders, strategy: WriteBehind}\n");
    SidecarConfig moved =
        standalone.withRedis(
            new RedisConfig(
                "redis://127.0.0.1:7000", null, null, null, null, null, null, RedisMode.Cluster));
    assertThat(moved.cache("orders").orElseThrow().l2().prefix()).isEqualTo("cs.shop:l2:{orders}:");
  }

  @Test
  @DisplayName("a reload on another channel moves the tagged default with the channel")
  void tagFollowsChannel() {
    CacheConfig c =
        parse("Cluster", "  - {name: orders, strategy: WriteBehind}\n")
            .cache("orders")
            .orElseThrow();
    assertThat(c.onChannel("cs.shop", "cs.other").l2().prefix()).isEqualTo("cs.other:l2:{orders}:");
  }
}
