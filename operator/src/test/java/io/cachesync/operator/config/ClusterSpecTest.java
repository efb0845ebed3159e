package io.cachesync.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.RedisMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code spec.redis.mode: Cluster}: a seed node, database 0 only, rendered as mode Cluster. */
class ClusterSpecTest {
  static CacheSync cluster(String url) {
    CacheSync cs = CacheSyncs.minimal("shop", "catalogue", url);
    cs.getSpec().getRedis().setMode(RedisMode.Cluster);
    return cs;
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
}
