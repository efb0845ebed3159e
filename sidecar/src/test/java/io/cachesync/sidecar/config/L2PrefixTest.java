package io.cachesync.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachesync.sidecar.tier.writebehind.WriteBehindStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The L2 prefix: one per CacheSync by default, as given when given, never overlapping. */
class L2PrefixTest {

  @Test
  @DisplayName("the default L2 prefix is <channel>:l2:<cache>:, so two CacheSyncs never share one")
  void defaultFromChannel() {
    SidecarConfig c =
        ConfigLoader.parse(
            """
            sync: {channel: cachesync.shop.catalogue}
            loader: {target: 127.0.0.1:7071}
            caches:
              - {name: books, l2: {}}
              - {name: orders, strategy: WriteBehind}
              - {name: plain}
            """);
    assertThat(c.cache("books").orElseThrow().l2().prefix())
        .isEqualTo("cachesync.shop.catalogue:l2:books:");
    assertThat(c.cache("orders").orElseThrow().l2().prefix())
        .isEqualTo("cachesync.shop.catalogue:l2:orders:");
    assertThat(c.cache("plain").orElseThrow().l2().enabled()).isFalse();
    assertThat(c.cache("plain").orElseThrow().l2().prefix())
        .isEqualTo("cachesync.shop.catalogue:l2:plain:");

    SidecarConfig other =
        ConfigLoader.parse("sync: {channel: cachesync.team-b.catalogue}\ncaches: [{name: books}]");
    assertThat(other.cache("books").orElseThrow().l2().prefix())
        .isNotEqualTo(c.cache("books").orElseThrow().l2().prefix());
    assertThat(SidecarConfig.defaults().caches().get(0).l2().prefix())
        .isEqualTo("cachesync.default:l2:default:");
  }

  @Test
  @DisplayName("a prefix given explicitly is kept as it is, whatever the channel")
  void explicitKept() {
    SidecarConfig c =
        ConfigLoader.parse(
            "sync: {channel: cachesync.shop.catalogue}\n"
                + "caches: [{name: books, l2: {prefix: 'legacy:books:'}}]");
    assertThat(c.cache("books").orElseThrow().l2().prefix()).isEqualTo("legacy:books:");
    assertThat(c.withSync(c.sync().withChannel("x")).cache("books").orElseThrow().l2().prefix())
        .isEqualTo("legacy:books:");
  }

  @Test
  @DisplayName("a cache whose L2 prefix nests with another's is refused, naming both")
  void nested() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    """
                    caches:
                      - {name: books, l2: {prefix: 'app:books:'}}
                      - {name: archive, l2: {prefix: 'app:books:old:'}}
                    """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("caches[1].l2.prefix: 'app:books:old:' nests with")
        .hasMessageContaining("'app:books:' of cache books");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    """
                    caches:
                      - {name: a, l2: {prefix: 'p:'}}
                      - {name: b, l2: {prefix: 'p:'}}
                    """))
        .hasMessageContaining("caches[1].l2.prefix: 'p:' is also the prefix 'p:' of cache a");
    // disabled L2 keeps no keys, so it overlaps nothing
    ConfigLoader.parse(
        """
        caches:
          - {name: a, l2: {prefix: 'p:'}}
          - {name: b, l2: {prefix: 'p:', enabled: false}}
        """);
  }

  @Test
  @DisplayName("an L2 prefix that covers a write-behind stream is refused")
  void coversStream() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    """
                    sync: {channel: orders}
                    loader: {target: 127.0.0.1:7071}
                    caches:
                      - {name: all, l2: {prefix: 'orders:'}}
                      - {name: wb, strategy: WriteBehind, l2: {prefix: 'wb:'}}
                    """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("caches[0].l2.prefix: 'orders:' covers the write-behind stream")
        .hasMessageContaining("'orders:wb:wb' of cache wb");
  }

  @Test
  @DisplayName("the stream key the check uses is the one the write-behind tier writes")
  void streamKeyAgrees() {
    assertThat(L2Isolation.streamKey("cachesync.a.b", "orders"))
        .isEqualTo(WriteBehindStream.keyFor("cachesync.a.b", "orders"));
  }
}
