package io.cachesync.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.RedisMode;
import io.cachesync.operator.model.TlsSpec;
import io.cachesync.sidecar.config.ConfigLoader;
import io.cachesync.sidecar.config.RedisConfig;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code spec.redis.mode: Sentinel}: checked, and rendered into a file the sidecar accepts. */
class SentinelSpecTest {
  static final String URL = "redis-sentinel://sentinel-0:26379,sentinel-1:26379#mymaster";

  static CacheSync sentinel(String url) {
    return CacheSyncs.minimal("shop", "catalogue", url, RedisMode.Sentinel);
  }

  @Test
  @DisplayName(
      "a Sentinel spec renders mode Sentinel, the database before #, and TLS in the scheme")
  void renders() {
    CacheSync cs = sentinel(URL);
    assertThat(SpecValidator.problems(cs.getSpec())).isEmpty();
    RedisConfig r = ConfigLoader.parse(SidecarConfigRenderer.render(cs)).redis();
    assertThat(r.mode()).isEqualTo(io.cachesync.sidecar.config.RedisMode.Sentinel);
    assertThat(r.url()).isEqualTo(URL);

    cs.getSpec().getRedis().setDatabase(3);
    TlsSpec tls = new TlsSpec();
    tls.setEnabled(true);
    cs.getSpec().getRedis().setTls(tls);
    r = ConfigLoader.parse(SidecarConfigRenderer.render(cs)).redis();
    assertThat(r.url()).isEqualTo("rediss-sentinel://sentinel-0:26379,sentinel-1:26379/3#mymaster");
    assertThat(r.tlsEnabled()).isTrue();
  }

  @Test
  @DisplayName("a Standalone spec renders no mode: its file is what it was")
  void standaloneUnchanged() {
    CacheSync cs = CacheSyncs.minimal("shop", "catalogue", "redis://redis:6379");
    assertThat(SidecarConfigRenderer.render(cs)).doesNotContain("mode");
  }

  @Test
  @DisplayName("a url that does not fit the mode is an actionable spec problem")
  void mismatches() {
    assertThat(SpecValidator.problems(sentinel("redis://redis:6379").getSpec()))
        .anySatisfy(
            p -> assertThat(p).startsWith("spec.redis.url: 'redis://redis:6379' must name the"));
    assertThat(SpecValidator.problems(sentinel("redis-sentinel://s0:26379").getSpec()))
        .anySatisfy(p -> assertThat(p).contains("must name the sentinels and the master"));
    List<String> standalone =
        SpecValidator.problems(CacheSyncs.minimal("shop", "c", URL).getSpec());
    assertThat(standalone)
        .contains("spec.redis.url: '" + URL + "' names sentinels; set spec.redis.mode: Sentinel");
    CacheSync db = sentinel("redis-sentinel://s0/2#m");
    db.getSpec().getRedis().setDatabase(1);
    assertThat(SpecValidator.problems(db.getSpec()))
        .anySatisfy(p -> assertThat(p).startsWith("spec.redis.database: 1 contradicts"));
  }
}
