package io.cachesync.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheStrategy;
import io.cachesync.operator.model.CacheSyncSpec;
import io.cachesync.operator.model.SidecarSpec;
import io.cachesync.operator.model.SyncSpec;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the schema lets through but the sidecar would refuse: caught here, naming the field. */
class SpecValidatorTest {

  static java.util.List<String> problems(Consumer<CacheSyncSpec> edit) {
    CacheSyncSpec spec = CacheSyncs.minimal("shop", "x", "redis://redis:6379").getSpec();
    edit.accept(spec);
    return SpecValidator.problems(spec);
  }

  @Test
  @DisplayName("a valid spec has no problems")
  void valid() {
    assertThat(problems(s -> {})).isEmpty();
  }

  @Test
  @DisplayName("zero and overlong durations are refused; a heartbeat needs at least 10ms")
  void durations() {
    assertThat(problems(s -> s.getCaches().get(0).setTtl("0s")))
        .singleElement()
        .asString()
        .startsWith("spec.caches[0].ttl: '0s' is not a positive duration");
    assertThat(problems(s -> s.getCaches().get(0).setTtl("99999999999999999999s")))
        .singleElement()
        .asString()
        .startsWith("spec.caches[0].ttl:");
    assertThat(problems(s -> s.getCaches().get(0).setTtl("1h30m"))).isEmpty();
    SyncSpec sync = new SyncSpec();
    sync.setHeartbeatInterval("5ms");
    assertThat(problems(s -> s.setSync(sync)))
        .containsExactly("spec.sync.heartbeatInterval: '5ms' is below the minimum of 10ms");
  }

  @Test
  @DisplayName("a weight of zero or beyond 63 bits is refused; a plain number is a byte count")
  void weights() {
    assertThat(problems(s -> s.getCaches().get(0).setMaximumWeight("0")))
        .singleElement()
        .asString()
        .startsWith("spec.caches[0].maximumWeight:");
    assertThat(problems(s -> s.getCaches().get(0).setMaximumWeight("99999999999Gi")))
        .singleElement()
        .asString()
        .contains("fits in 63 bits");
    assertThat(problems(s -> s.getCaches().get(0).setMaximumWeight("1048576"))).isEmpty();
    assertThat(io.cachesync.operator.model.Patterns.bytes("64Mi")).isEqualTo(64L << 20);
  }

  @Test
  @DisplayName("a loader port beyond 65535, clashing ports and two databases are named")
  void crossField() {
    assertThat(
            problems(
                s -> {
                  s.getCaches().get(0).setStrategy(CacheStrategy.ReadThrough);
                  s.setLoader(CacheSyncs.loader("127.0.0.1:99999"));
                }))
        .containsExactly("spec.loader.target: '127.0.0.1:99999' needs a port from 1 to 65535");
    SidecarSpec sidecar = new SidecarSpec();
    sidecar.setGrpcPort(9464);
    assertThat(problems(s -> s.setSidecar(sidecar)))
        .singleElement()
        .asString()
        .startsWith("spec.sidecar.metricsPort: 9464 is the gRPC port too");
    assertThat(
            problems(
                s -> {
                  s.getRedis().setUrl("redis://redis:6379/2");
                  s.getRedis().setDatabase(5);
                }))
        .singleElement()
        .asString()
        .startsWith("spec.redis.database: 5 contradicts the database in spec.redis.url (2)");
    assertThat(
            problems(
                s -> {
                  s.getRedis().setUrl("redis://redis:6379/2");
                  s.getRedis().setDatabase(2);
                }))
        .isEmpty();
  }

  @Test
  @DisplayName("two caches whose given L2 prefixes are equal or nest are refused, naming both")
  void prefixes() {
    var l2 = new io.cachesync.operator.model.L2Spec();
    l2.setPrefix("shop:");
    var inner = new io.cachesync.operator.model.L2Spec();
    inner.setPrefix("shop:old:");
    assertThat(
            problems(
                s -> {
                  s.getCaches().get(0).setL2(l2);
                  var other = CacheSyncs.cache("archive", CacheStrategy.LookAside);
                  other.setL2(inner);
                  s.getCaches().add(other);
                }))
        .containsExactly(
            "spec.caches[1].l2.prefix: 'shop:old:' nests with the prefix 'shop:' of cache books;"
                + " give each cache a prefix that does not begin with another's");
    inner.setEnabled(false);
    assertThat(
            problems(
                s -> {
                  s.getCaches().get(0).setL2(l2);
                  var other = CacheSyncs.cache("archive", CacheStrategy.LookAside);
                  other.setL2(inner);
                  s.getCaches().add(other);
                }))
        .as("an L2 that is off keeps no keys")
        .isEmpty();
  }
}
