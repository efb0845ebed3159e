package io.cachesync.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSpec;
import io.cachesync.operator.model.CacheStrategy;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.L2Spec;
import io.cachesync.operator.model.LoaderSpec;
import io.cachesync.operator.model.RedisMode;
import io.cachesync.sidecar.config.ConfigLoader;
import io.cachesync.sidecar.config.SidecarConfig;
import io.cachesync.sidecar.config.WriteBehindKeys;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code spec.redis.mode: Cluster}: a seed node, database 0 only, rendered as mode Cluster. */
class ClusterSpecTest {
  static CacheSync cluster(String url) {
    return CacheSyncs.minimal("shop", "catalogue", url, RedisMode.Cluster);
  }

  @Test
  @DisplayName("a Cluster spec with a seed node is valid and renders redis.mode: Cluster")
  void renders() {
    CacheSync cs = cluster("redis://redis-cluster-0.redis-cluster:6379");
    assertThat(SpecValidator.problems(cs.getSpec())).isEmpty();
    assertThat(SidecarConfigRenderer.render(cs))
        .contains("mode: \"Cluster\"")
        .contains("url: \"redis://redis-cluster-0.redis-cluster:6379\"");
    assertThat(SpecValidator.problems(cluster("rediss://seed:6379/0").getSpec())).isEmpty();
  }

  @Test
  @DisplayName(
      "a database other than 0, in the url or the field, names the field: clusters have only 0")
  void databaseZeroOnly() {
    assertThat(SpecValidator.problems(cluster("redis://seed:6379/2").getSpec()))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("spec.redis.url: 'redis://seed:6379/2' names database 2")
                    .contains("only database 0"));
    CacheSync field = cluster("redis://seed:6379");
    field.getSpec().getRedis().setDatabase(3);
    assertThat(SpecValidator.problems(field.getSpec()))
        .anySatisfy(p -> assertThat(p).startsWith("spec.redis.database: 3").contains("Cluster"));
  }

  @Test
  @DisplayName(
      "sentinels or several hosts are not a seed node: the message says what Cluster needs")
  void notASeed() {
    assertThat(
            SpecValidator.problems(
                cluster("redis-sentinel://s0:26379,s1:26379#mymaster").getSpec()))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("must name one seed node of the cluster")
                    .contains("spec.redis.mode is Cluster"));
    assertThat(SpecValidator.problems(cluster("redis://a:6379,b:6379").getSpec()))
        .anySatisfy(p -> assertThat(p).contains("must name one seed node"));
  }

  @Test
  @DisplayName(
      "a WriteBehind cache's stream and default L2 prefix carry its hash tag on a cluster, as the"
          + " sidecar names them; other caches' keys stay untagged")
  void writeBehindHashTag() {
    CacheSync cs = cluster("redis://seed:6379");
    cs.getSpec().setLoader(new LoaderSpec());
    cs.getSpec().getLoader().setTarget("127.0.0.1:7071");
    cs.getSpec().getCaches().add(CacheSyncs.cache("sessions", CacheStrategy.WriteBehind));
    CacheSpec lookAside = CacheSyncs.cache("profiles", CacheStrategy.LookAside);
    lookAside.setL2(new L2Spec());
    cs.getSpec().getCaches().add(lookAside);
    assertThat(SpecValidator.problems(cs.getSpec())).isEmpty();

    RedisKeys keys = RedisKeys.of(cs);
    String channel = "cachesync.shop.catalogue";
    assertThat(keys.streams())
        .containsEntry(
            "sessions",
            WriteBehindKeys.streamKey(
                channel, "sessions", io.cachesync.sidecar.config.RedisMode.Cluster))
        .containsEntry("sessions", channel + ":wb:{sessions}");
    SidecarConfig parsed = ConfigLoader.parse(SidecarConfigRenderer.render(cs));
    assertThat(keys.l2Prefixes())
        .containsEntry("sessions", parsed.cache("sessions").orElseThrow().l2().prefix())
        .containsEntry("sessions", channel + ":l2:{sessions}:")
        .containsEntry("profiles", parsed.cache("profiles").orElseThrow().l2().prefix())
        .containsEntry("profiles", channel + ":l2:profiles:");
  }

  @Test
  @DisplayName(
      "a WriteBehind cache's own l2.prefix without its hash tag is refused on a cluster, naming"
          + " the field and the tag to write; with the tag, or on one server, it is fine")
  void untaggedPrefixRefused() {
    CacheSync cs = cluster("redis://seed:6379");
    cs.getSpec().setLoader(new LoaderSpec());
    cs.getSpec().getLoader().setTarget("127.0.0.1:7071");
    CacheSpec sessions = CacheSyncs.cache("sessions", CacheStrategy.WriteBehind);
    sessions.setL2(new L2Spec());
    sessions.getL2().setPrefix("shop:sessions:");
    cs.getSpec().getCaches().add(sessions);
    assertThat(SpecValidator.problems(cs.getSpec()))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("spec.caches[1].l2.prefix: 'shop:sessions:' lacks the hash tag")
                    .contains("'myapp:{sessions}:'"));
    sessions.getL2().setPrefix("shop:{sessions}:");
    assertThat(SpecValidator.problems(cs.getSpec())).isEmpty();
    sessions.getL2().setPrefix("shop:sessions:");
    cs.getSpec().getRedis().setMode(RedisMode.Standalone);
    assertThat(SpecValidator.problems(cs.getSpec())).isEmpty();
  }
}
