package io.cachesync.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSpec;
import io.cachesync.operator.model.CacheStrategy;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.Delivery;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.operator.model.KeyspaceNotificationsSpec;
import io.cachesync.operator.model.L2Spec;
import io.cachesync.operator.model.SecretKeys;
import io.cachesync.operator.model.SyncSpec;
import io.cachesync.operator.model.TlsSpec;
import io.cachesync.operator.model.WriteBehindSpec;
import io.cachesync.sidecar.config.ConfigLoader;
import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.SidecarConfig;
import io.cachesync.sidecar.config.Strategy;
import io.cachesync.sidecar.config.TlsConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The rendered file is read by the sidecar's own config loader: the schema cannot drift. */
class SidecarConfigRendererTest {

  @Test
  @DisplayName(
      "a minimal CacheSync renders a config the sidecar accepts, on the CacheSync's own channel")
  void minimal() {
    CacheSync cs = CacheSyncs.minimal("shop", "catalogue", "redis://redis.shop.svc:6379");
    SidecarConfig c = ConfigLoader.parse(SidecarConfigRenderer.render(cs));
    assertThat(c.redis().url()).isEqualTo("redis://redis.shop.svc:6379");
    assertThat(c.sync().channel()).isEqualTo("cachesync.shop.catalogue");
    assertThat(c.grpc().port()).isEqualTo(7070);
    assertThat(c.grpc().unixSocket()).isEqualTo(SidecarConfigRenderer.UNIX_SOCKET);
    assertThat(c.grpc().unixSocketMode())
        .as("the emptyDir bounds who reaches it")
        .isEqualTo("0666");
    assertThat(c.caches()).hasSize(1);
    assertThat(c.caches().get(0).name()).isEqualTo("books");
    assertThat(c.caches().get(0).ttl()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  @DisplayName(
      "delivery Stream and its length reach the sidecar's config; PubSub, the default, is left out")
  void delivery() {
    CacheSync cs = CacheSyncs.minimal("shop", "catalogue", "redis://redis.shop.svc:6379");
    assertThat(SidecarConfigRenderer.render(cs)).doesNotContain("delivery");
    SyncSpec sync = new SyncSpec();
    sync.setDelivery(Delivery.Stream);
    sync.setStreamMaxLength(5_000L);
    cs.getSpec().setSync(sync);
    SidecarConfig c = ConfigLoader.parse(SidecarConfigRenderer.render(cs));
    assertThat(c.sync().delivery()).isEqualTo(io.cachesync.sidecar.config.Delivery.Stream);
    assertThat(c.sync().streamMaxLength()).isEqualTo(5_000);
    assertThat(c.sync().streamKey()).isEqualTo("cachesync.shop.catalogue:stream");
  }

  @Test
  @DisplayName(
      "every field the sidecar knows is carried over: strategies, L2, write-behind, loader, keyspace, credentials, database, TLS")
  void full() {
    CacheSync cs = CacheSyncs.minimal("shop", "catalogue", "redis://redis.shop.svc:6379");
    cs.getSpec().getRedis().setDatabase(3);
    SecretKeys secret = new SecretKeys();
    secret.setSecretName("redis-auth");
    cs.getSpec().getRedis().setCredentials(secret);
    CacheSpec wb = CacheSyncs.cache("orders", CacheStrategy.WriteBehind);
    wb.setMaximumWeight("64Mi");
    WriteBehindSpec flush = new WriteBehindSpec();
    flush.setFlushInterval("250ms");
    flush.setMaxBatch(200);
    wb.setWriteBehind(flush);
    CacheSpec rt = CacheSyncs.cache("prices", CacheStrategy.ReadThrough);
    L2Spec l2 = new L2Spec();
    l2.setEnabled(true);
    l2.setTtl("1h");
    rt.setL2(l2);
    cs.getSpec().getCaches().addAll(List.of(wb, rt));
    cs.getSpec().setLoader(CacheSyncs.loader("127.0.0.1:7071"));
    KeyspaceNotificationsSpec ks = new KeyspaceNotificationsSpec();
    ks.setEvents(List.of(KeyspaceEvent.expired, KeyspaceEvent.del));
    cs.getSpec().setKeyspaceNotifications(ks);

    SidecarConfig c = ConfigLoader.parse(SidecarConfigRenderer.render(cs));
    assertThat(c.redis().url()).isEqualTo("redis://redis.shop.svc:6379/3");
    assertThat(c.redis().passwordFile()).isEqualTo(SidecarConfigRenderer.PASSWORD_FILE);
    assertThat(c.loader().target()).isEqualTo("127.0.0.1:7071");
    assertThat(c.keyspaceNotifications().events()).containsExactly("expired", "del");
    assertThat(c.cache("orders").orElseThrow().strategy()).isEqualTo(Strategy.WriteBehind);
    assertThat(c.cache("orders").orElseThrow().maximumWeight()).isEqualTo(64L << 20);
    assertThat(c.cache("orders").orElseThrow().l2().enabled()).isTrue();
    assertThat(c.cache("orders").orElseThrow().writeBehind().flushInterval())
        .isEqualTo(Duration.ofMillis(250));
    assertThat(c.cache("orders").orElseThrow().writeBehind().maxBatch()).isEqualTo(200);
    assertThat(c.cache("prices").orElseThrow().l2().ttl()).isEqualTo(Duration.ofHours(1));

    cs.getSpec().getRedis().setTls(new io.cachesync.operator.model.TlsSpec());
    cs.getSpec().getRedis().getTls().setEnabled(true);
    assertThat(ConfigLoader.parse(SidecarConfigRenderer.render(cs)).redis().url())
        .startsWith("rediss://");
  }

  @Test
  @DisplayName(
      "every cache with L2 gets its prefix written out, the one the sidecar would default to or the one given")
  void l2Prefixes() {
    CacheSync cs = CacheSyncs.minimal("shop", "catalogue", "redis://redis.shop.svc:6379");
    CacheSpec wb = CacheSyncs.cache("orders", CacheStrategy.WriteBehind);
    CacheSpec withL2 = CacheSyncs.cache("prices", CacheStrategy.LookAside);
    withL2.setL2(new L2Spec());
    CacheSpec given = CacheSyncs.cache("legacy", CacheStrategy.LookAside);
    given.setL2(new L2Spec());
    given.getL2().setPrefix("old:legacy:");
    cs.getSpec().getCaches().addAll(List.of(wb, withL2, given));
    cs.getSpec().setLoader(CacheSyncs.loader("127.0.0.1:7071"));

    String yaml = SidecarConfigRenderer.render(cs);
    assertThat(yaml)
        .contains("prefix: \"cachesync.shop.catalogue:l2:orders:\"")
        .contains("prefix: \"cachesync.shop.catalogue:l2:prices:\"")
        .contains("prefix: \"old:legacy:\"")
        .doesNotContain("l2:books");
    SidecarConfig c = ConfigLoader.parse(yaml);
    for (String cache : List.of("orders", "prices")) {
      assertThat(c.cache(cache).orElseThrow().l2().prefix())
          .isEqualTo(L2Config.defaultPrefix("cachesync.shop.catalogue", cache));
    }
    assertThat(c.cache("legacy").orElseThrow().l2().prefix()).isEqualTo("old:legacy:");
    assertThat(c.cache("books").orElseThrow().l2().enabled()).isFalse();

    cs.getSpec().setSync(new io.cachesync.operator.model.SyncSpec());
    cs.getSpec().getSync().setChannel("team-a");
    assertThat(SidecarConfigRenderer.render(cs)).contains("prefix: \"team-a:l2:prices:\"");
    assertThat(RedisKeys.defaultPrefix("x", "y")).isEqualTo(L2Config.defaultPrefix("x", "y"));
  }

  @Test
  @DisplayName(
      "with the sidecar's heap known, each cache without a bound gets the maximumWeight the sidecar would give it, in the ConfigMap")
  void heapDerivedWeights() {
    long heap = 300L << 20;
    CacheSync cs = CacheSyncs.minimal("shop", "catalogue", "redis://redis.shop.svc:6379");
    cs.getSpec().getCaches().get(0).setMaximumSize(null); // books: no bound
    CacheSpec open = CacheSyncs.cache("open", CacheStrategy.LookAside);
    open.setMaximumSize(null);
    CacheSpec weighed = CacheSyncs.cache("weighed", CacheStrategy.LookAside);
    weighed.setMaximumSize(null);
    weighed.setMaximumWeight("50Mi");
    CacheSpec counted = CacheSyncs.cache("counted", CacheStrategy.LookAside);
    cs.getSpec().getCaches().addAll(List.of(open, weighed, counted));

    String yaml = SidecarConfigRenderer.render(cs, heap);
    long each = (150L << 20) - (50L << 20);
    assertThat(yaml).contains("maximumWeight: " + each / 2);
    SidecarConfig rendered = ConfigLoader.parse(yaml, heap);
    SidecarConfig sidecarOwn = ConfigLoader.parse(SidecarConfigRenderer.render(cs), heap);
    for (String name : List.of("books", "open", "weighed", "counted")) {
      assertThat(rendered.cache(name).orElseThrow().maximumWeight())
          .as(name)
          .isEqualTo(sidecarOwn.cache(name).orElseThrow().maximumWeight());
    }
    assertThat(rendered.cache("books").orElseThrow().maximumWeight()).isEqualTo(each / 2);
    assertThat(rendered.cache("counted").orElseThrow().maximumWeight()).isNull();
    assertThat(SidecarConfigRenderer.L1_HEAP_SHARE)
        .isEqualTo(io.cachesync.sidecar.config.LimitsConfig.defaults().l1HeapShare());

    assertThat(SidecarConfigRenderer.render(cs, 0))
        .as("heap unknown: the sidecar works it out")
        .doesNotContain("maximumWeight: " + each / 2);
  }

  @Test
  @DisplayName(
      "redis.tls: the mounted CA and client certificate paths, and verifyHostname only when off")
  void tls() {
    CacheSync cs = CacheSyncs.minimal("shop", "catalogue", "rediss://redis.shop.svc:6380");
    assertThat(SidecarConfigRenderer.render(cs)).doesNotContain("tls");

    TlsSpec tls = new TlsSpec();
    tls.setCaSecretName("redis-ca");
    cs.getSpec().getRedis().setTls(tls);
    RedisConfig trusting = ConfigLoader.parse(SidecarConfigRenderer.render(cs)).redis();
    assertThat(trusting.tlsEnabled()).isTrue();
    assertThat(trusting.tls())
        .isEqualTo(TlsConfig.defaults().withCaFile(SidecarConfigRenderer.TLS_CA_FILE));

    tls.setClientCertSecretName("redis-client");
    tls.setVerifyHostname(false);
    assertThat(ConfigLoader.parse(SidecarConfigRenderer.render(cs)).redis().tls())
        .isEqualTo(
            new TlsConfig(
                false,
                "/etc/cachesync/tls/ca/ca.crt",
                "/etc/cachesync/tls/client/tls.crt",
                "/etc/cachesync/tls/client/tls.key",
                false));
  }
}
