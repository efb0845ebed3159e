package io.cachesync.sidecar.keyspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.ConfigException;
import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.config.SidecarConfig;
import io.cachesync.sidecar.config.Strategy;
import io.cachesync.sidecar.config.SyncConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KeyPrefixesTest {

  static CacheConfig withL2(String name, L2Config l2) {
    return new CacheConfig(name, Strategy.LookAside, null, null, null, l2, null);
  }

  @Test
  @DisplayName("the longest matching prefix wins, whatever the order they were given in")
  void longestWins() {
    KeyPrefixes prefixes =
        new KeyPrefixes(Map.of("app:books:", "books", "app:books:old:", "archive", "app:", "app"));
    assertThat(prefixes.match("app:books:old:k1")).contains(new KeyPrefixes.Match("archive", "k1"));
    assertThat(prefixes.match("app:books:k1")).contains(new KeyPrefixes.Match("books", "k1"));
    assertThat(prefixes.match("app:books:older")).contains(new KeyPrefixes.Match("books", "older"));
    assertThat(prefixes.match("app:x")).contains(new KeyPrefixes.Match("app", "x"));
  }

  @Test
  @DisplayName("keys under no prefix, or equal to one, name no cache key")
  void unmatched() {
    KeyPrefixes prefixes = new KeyPrefixes(Map.of("cachesync:books:", "books"));
    assertThat(prefixes.match("session:42")).isEmpty();
    assertThat(prefixes.match("cachesync:books")).isEmpty();
    assertThat(prefixes.match("cachesync:books:")).isEmpty();
    assertThat(prefixes.match("")).isEmpty();
  }

  @Test
  @DisplayName(
      "only caches with l2 enabled are listened for, under the prefix the channel gives them or the one they set")
  void fromConfig() {
    SidecarConfig config =
        SidecarConfig.defaults()
            .withSync(SyncConfig.defaults().withChannel("cachesync.shop.catalogue"))
            .withCaches(
                List.of(
                    withL2("books", L2Config.on()),
                    withL2("books-old", L2Config.on()),
                    withL2("users", L2Config.off()),
                    withL2("prices", new L2Config(true, "shop:prices:", null))));
    KeyPrefixes prefixes = KeyPrefixes.of(config.caches());
    assertThat(prefixes.match("cachesync.shop.catalogue:l2:books:k1"))
        .contains(new KeyPrefixes.Match("books", "k1"));
    assertThat(prefixes.match("cachesync.shop.catalogue:l2:books-old:k1"))
        .contains(new KeyPrefixes.Match("books-old", "k1"));
    assertThat(prefixes.match("cachesync.shop.catalogue:l2:users:k1")).isEmpty();
    assertThat(prefixes.match("cachesync.shop.catalogue:wb:books")).isEmpty();
    assertThat(prefixes.match("shop:prices:k1")).contains(new KeyPrefixes.Match("prices", "k1"));
    assertThat(KeyPrefixes.of(List.of(CacheConfig.lookAside("plain"))).isEmpty()).isTrue();
  }

  @Test
  @DisplayName("two caches under one prefix are a configuration error naming both")
  void sharedPrefix() {
    assertThatThrownBy(
            () ->
                KeyPrefixes.of(
                    List.of(
                        withL2("a", new L2Config(true, "p:", null)),
                        withL2("b", new L2Config(true, "p:", null)))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("caches[b].l2.prefix")
        .hasMessageContaining("cache a");
  }
}
