package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncStatus;
import io.cachesync.operator.policy.PolicyViolation;
import io.cachesync.operator.redis.RedisFacts;
import io.cachesync.operator.redis.RedisFacts.KeyspaceState;
import io.cachesync.operator.redis.RedisPrivileges;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every fact of a pass, and the Ready it leads to, decided in one place. */
class StatusAggregatorTest {
  static final Clock T0 = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  static final Clock T1 = Clock.fixed(Instant.parse("2026-01-01T01:00:00Z"), ZoneOffset.UTC);

  static final RedisFacts ANSWERS =
      new RedisFacts(true, "PONG", KeyspaceState.NOT_REQUESTED, "none requested");
  static final RedisFacts SILENT = RedisFacts.unreachable("connection refused");
  static final RedisFacts FLAGS_MISSING =
      new RedisFacts(true, "PONG", KeyspaceState.MISSING, "Ex missing, manage: false");
  static final RedisPrivileges CONFINED =
      new RedisPrivileges(RedisPrivileges.State.CONFINED, "only what it needs");
  static final Isolation ALONE = new Isolation(true, "NothingShared", "alone", Set.of());
  static final Isolation SHARING = new Isolation(false, "SharedChannel", "shares it", Set.of("b"));
  static final PodCensus NO_PODS = new PodCensus(0, 0, List.of(), List.of());

  static CacheSync cs() {
    CacheSync cs = CacheSyncs.minimal("shop", "catalogue", "redis://127.0.0.1:6379");
    cs.getMetadata().setGeneration(3L);
    return cs;
  }

  static StatusAggregator healthy(CacheSync cs, Clock clock) {
    return new StatusAggregator(cs, clock)
        .config(true, "catalogue-sidecar-config")
        .isolation(ALONE)
        .redis(ANSWERS, CONFINED)
        .caches(1)
        .pods(NO_PODS);
  }

  static Condition condition(CacheSyncStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  static void assertReady(CacheSyncStatus status, String value, String reason, String message) {
    Condition ready = condition(status, Conditions.READY);
    assertThat(ready.getStatus()).isEqualTo(value);
    assertThat(ready.getReason()).isEqualTo(reason);
    assertThat(ready.getMessage()).contains(message);
  }

  @Test
  @DisplayName("all facts good: Ready=True Reconciled, every condition at this generation, sorted")
  void allGood() {
    CacheSyncStatus status = healthy(cs(), T0).build();
    assertReady(status, "True", "Reconciled", StatusAggregator.READY_MESSAGE);
    assertThat(status.getObservedGeneration()).isEqualTo(3L);
    assertThat(status.getConditions())
        .extracting(Condition::getType)
        .containsExactly(
            "ConfigRendered",
            "Isolated",
            "KeyspaceNotifications",
            "Ready",
            "RedisReachable",
            "RedisUserConfined",
            "SidecarsInjected");
    assertThat(status.getConditions())
        .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(3L));
    assertThat(status.getCaches()).isEqualTo(1);
  }

  @Test
  @DisplayName("an invalid spec: ConfigRendered and Ready False InvalidSpec, no Redis or pod facts")
  void invalidSpec() {
    CacheSyncStatus status =
        new StatusAggregator(cs(), T0)
            .invalidSpec(List.of("spec.caches[0].name: required", "spec.loader.target: required"))
            .build();
    assertReady(status, "False", "InvalidSpec", "spec.caches[0].name: required; spec.loader");
    assertThat(condition(status, "ConfigRendered").getReason()).isEqualTo("InvalidSpec");
    assertThat(status.getConditions())
        .extracting(Condition::getType)
        .containsExactly("ConfigRendered", "Ready");
    assertThat(status.getCaches()).isNull();
  }

  @Test
  @DisplayName("a policy violation: Ready False PolicyViolation naming the field")
  void policy() {
    CacheSyncStatus status =
        new StatusAggregator(cs(), T0)
            .policyViolations(
                List.of(new PolicyViolation("spec.sidecar.image", "evil:1", "registry/x")))
            .build();
    assertReady(status, "False", "PolicyViolation", "spec.sidecar.image");
    assertThat(condition(status, "ConfigRendered").getReason()).isEqualTo("PolicyViolation");
  }

  @Test
  @DisplayName("config not yet rendered: Ready False Pending, even when Redis is down too")
  void pendingFirst() {
    CacheSyncStatus status =
        new StatusAggregator(cs(), T0)
            .config(false, "x")
            .isolation(SHARING)
            .redis(SILENT, RedisPrivileges.unknown("connection refused"))
            .build();
    assertReady(status, "False", "Pending", "waiting for the sidecar config");
    assertThat(condition(status, "ConfigRendered").getReason()).isEqualTo("Pending");
    assertThat(condition(status, "RedisReachable").getReason()).isEqualTo("Unreachable");
  }

  @Test
  @DisplayName("sharing keys with another CacheSync outranks Redis: Ready False NotIsolated")
  void notIsolated() {
    CacheSyncStatus status =
        new StatusAggregator(cs(), T0)
            .config(true, "x")
            .isolation(SHARING)
            .redis(SILENT, RedisPrivileges.unknown("connection refused"))
            .build();
    assertReady(status, "False", "NotIsolated", "shares it");
    assertThat(condition(status, "Isolated").getReason()).isEqualTo("SharedChannel");
  }

  @Test
  @DisplayName("Redis silent: RedisReachable False Unreachable, Ready False RedisUnreachable")
  void unreachable() {
    CacheSyncStatus status =
        new StatusAggregator(cs(), T0)
            .config(true, "x")
            .isolation(ALONE)
            .redis(SILENT, RedisPrivileges.unknown("connection refused"))
            .build();
    assertReady(status, "False", "RedisUnreachable", "connection refused");
    assertThat(condition(status, "KeyspaceNotifications").getReason()).isEqualTo("Unknown");
    assertThat(condition(status, "RedisUserConfined").getReason()).isEqualTo("Unknown");
  }

  @Test
  @DisplayName(
      "every master answers but a replica does not: RedisReachable False NodesUnreachable, Ready stays True")
  void nodesUnreachable() {
    RedisFacts facts =
        new RedisFacts(
            true,
            "10.0.0.1:6379 (master) answer; not reached: 10.0.0.2:6379 (replica) did not answer",
            KeyspaceState.NOT_REQUESTED,
            "none requested",
            false);
    CacheSyncStatus status =
        new StatusAggregator(cs(), T0)
            .config(true, "x")
            .isolation(ALONE)
            .redis(facts, CONFINED)
            .build();
    Condition reachable = condition(status, "RedisReachable");
    assertThat(reachable.getStatus()).isEqualTo("False");
    assertThat(reachable.getReason()).isEqualTo("NodesUnreachable");
    assertThat(reachable.getMessage()).contains("10.0.0.2:6379 (replica)");
    assertReady(status, "True", "Reconciled", "");
  }

  @Test
  @DisplayName("keyspace flags missing: Ready False KeyspaceNotificationsMissing")
  void keyspace() {
    CacheSyncStatus status =
        new StatusAggregator(cs(), T0)
            .config(true, "x")
            .isolation(ALONE)
            .redis(FLAGS_MISSING, CONFINED)
            .build();
    assertReady(status, "False", "KeyspaceNotificationsMissing", "Ex missing");
    assertThat(condition(status, "KeyspaceNotifications").getReason()).isEqualTo("FlagsMissing");
    for (var state : List.of(KeyspaceState.ENABLED, KeyspaceState.CONFIG_FORBIDDEN)) {
      var facts = new RedisFacts(true, "PONG", state, "m");
      var s =
          new StatusAggregator(cs(), T0)
              .config(true, "x")
              .isolation(ALONE)
              .redis(facts, CONFINED)
              .build();
      assertThat(condition(s, "KeyspaceNotifications").getReason())
          .isEqualTo(state == KeyspaceState.ENABLED ? "Enabled" : "ConfigForbidden");
      assertThat(condition(s, "Ready").getStatus())
          .isEqualTo(state == KeyspaceState.ENABLED ? "True" : "False");
    }
  }

  @Test
  @DisplayName("a too powerful Redis user and bare pods are reported but keep Ready=True")
  void reportedOnly() {
    CacheSyncStatus status =
        new StatusAggregator(cs(), T0)
            .config(true, "x")
            .isolation(ALONE)
            .redis(ANSWERS, new RedisPrivileges(RedisPrivileges.State.TOO_BROAD, "may FLUSHALL"))
            .pods(new PodCensus(2, 1, List.of(), List.of("web-1")))
            .build();
    assertReady(status, "True", "Reconciled", "");
    assertThat(condition(status, "RedisUserConfined").getReason()).isEqualTo("TooBroad");
    assertThat(condition(status, "SidecarsInjected").getReason()).isEqualTo("PodsWithoutSidecar");
    assertThat(condition(status, "SidecarsInjected").getMessage()).contains("web-1");
    assertThat(status.getSelectedPods()).isEqualTo(2);
    assertThat(status.getInjectedPods()).isEqualTo(1);
    assertThat(status.getPodsWithoutSidecar()).isEqualTo(1);
  }

  @Test
  @DisplayName("lastTransitionTime moves only for the condition that flipped")
  void transitions() {
    CacheSync cs = cs();
    cs.setStatus(healthy(cs, T0).build());
    CacheSyncStatus next =
        new StatusAggregator(cs, T1)
            .config(true, "x")
            .isolation(ALONE)
            .redis(SILENT, RedisPrivileges.unknown("refused"))
            .build();
    assertThat(condition(next, "ConfigRendered").getLastTransitionTime())
        .isEqualTo("2026-01-01T00:00:00Z");
    assertThat(condition(next, "Ready").getLastTransitionTime()).isEqualTo("2026-01-01T01:00:00Z");
    assertThat(condition(next, "RedisReachable").getLastTransitionTime())
        .isEqualTo("2026-01-01T01:00:00Z");
  }

  @Test
  @DisplayName(
      "a failed pass turns an old Ready=True into False ReconcileError with the error's message,"
          + " keeping the other conditions and counts as they were")
  void afterFailure() {
    CacheSync cs = cs();
    cs.setStatus(healthy(cs, T0).pods(new PodCensus(4, 4, List.of(), List.of())).build());
    cs.getMetadata().setGeneration(4L);
    var error =
        new IllegalStateException(
            "ConfigMap update failed", new KubernetesClientException("Internal Server Error"));
    CacheSyncStatus next = StatusAggregator.afterFailure(cs, T1, error).build();
    assertReady(
        next,
        "False",
        "ReconcileError",
        "ConfigMap update failed; caused by: Internal Server Error");
    assertThat(condition(next, "Ready").getObservedGeneration()).isEqualTo(4L);
    assertThat(condition(next, "RedisReachable").getObservedGeneration()).isEqualTo(3L);
    assertThat(condition(next, "RedisReachable").getStatus()).isEqualTo("True");
    assertThat(next.getSelectedPods()).isEqualTo(4);
    assertThat(next.getInjectedPods()).isEqualTo(4);
    assertThat(next.getCaches()).isEqualTo(1);
  }

  @Test
  @DisplayName("a failure before any status still says Ready=False ReconcileError")
  void failureFirst() {
    CacheSyncStatus next =
        StatusAggregator.afterFailure(cs(), T0, new NullPointerException()).build();
    assertReady(next, "False", "ReconcileError", "NullPointerException");
    assertThat(next.getConditions()).hasSize(1);
  }
}
