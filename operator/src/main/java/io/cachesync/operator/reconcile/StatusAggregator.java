package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncStatus;
import io.cachesync.operator.policy.PolicyViolation;
import io.cachesync.operator.redis.RedisFacts;
import io.cachesync.operator.redis.RedisPrivileges;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one place that turns what a pass found into the next {@link CacheSyncStatus} (the habit of
 * Keycloak's status aggregator): each fact sets its own condition and may hold Ready back; Ready is
 * True only when nothing does, else False with the reason of the first thing a person must fix, in
 * the order of {@link #HOLD_BACK_ORDER}.
 */
final class StatusAggregator {
  /** Which reason Ready shows when several hold it back: the one to fix first. */
  static final List<String> HOLD_BACK_ORDER =
      List.of(
          Conditions.RECONCILE_ERROR,
          Conditions.INVALID_SPEC,
          Conditions.POLICY_VIOLATION,
          Conditions.PENDING,
          Conditions.NOT_ISOLATED,
          Conditions.REDIS_UNREACHABLE,
          Conditions.KEYSPACE_NOTIFICATIONS_MISSING);

  static final String READY_MESSAGE = "the sidecar config is in place and Redis answers";

  private final CacheSync cs;
  private final long generation;
  private final StatusConditions conditions;
  private final CacheSyncStatus status = new CacheSyncStatus();
  private final Map<String, String> heldBackBy = new LinkedHashMap<>();

  StatusAggregator(CacheSync cs, Clock clock) {
    this.cs = cs;
    this.generation = generationOf(cs);
    this.conditions = new StatusConditions(previousConditions(cs), generation, clock);
  }

  /**
   * A pass that threw: Ready=False with the error, never an old Ready=True left standing. The rest
   * of the last status is kept as it was (each condition's observedGeneration tells its age).
   */
  static StatusAggregator afterFailure(CacheSync cs, Clock clock, Exception error) {
    StatusAggregator next = new StatusAggregator(cs, clock);
    CacheSyncStatus last = cs.getStatus();
    if (last != null) {
      previousConditions(cs).stream()
          .filter(c -> !Conditions.READY.equals(c.getType()))
          .forEach(next.conditions::keep);
      next.status.setCaches(last.getCaches());
      next.status.setSelectedPods(last.getSelectedPods());
      next.status.setInjectedPods(last.getInjectedPods());
      next.status.setOutdatedPods(last.getOutdatedPods());
      next.status.setPodsWithoutSidecar(last.getPodsWithoutSidecar());
    }
    next.holdBack(Conditions.RECONCILE_ERROR, describe(error));
    return next;
  }

  StatusAggregator invalidSpec(List<String> problems) {
    refuse(Conditions.INVALID_SPEC, String.join("; ", problems));
    return this;
  }

  StatusAggregator policyViolations(List<PolicyViolation> violations) {
    refuse(
        Conditions.POLICY_VIOLATION,
        violations.stream().map(PolicyViolation::message).collect(Collectors.joining("; ")));
    return this;
  }

  StatusAggregator config(boolean rendered, String configMap) {
    if (rendered) {
      conditions.set(
          Conditions.CONFIG_RENDERED,
          true,
          Conditions.RENDERED,
          "ConfigMap " + configMap + " holds the sidecar config");
    } else {
      conditions.set(
          Conditions.CONFIG_RENDERED,
          false,
          Conditions.PENDING,
          "the sidecar config is being written");
      holdBack(Conditions.PENDING, "waiting for the sidecar config");
    }
    return this;
  }

  StatusAggregator isolation(Isolation isolation) {
    conditions.set(
        Conditions.ISOLATED, isolation.isolated(), isolation.reason(), isolation.message());
    if (!isolation.isolated()) holdBack(Conditions.NOT_ISOLATED, isolation.message());
    return this;
  }

  StatusAggregator redis(RedisFacts facts, RedisPrivileges privileges) {
    // reported, never part of Ready: too much power works, it only widens what a leak can do
    switch (privileges.state()) {
      case CONFINED ->
          conditions.set(
              Conditions.REDIS_USER_CONFINED, true, Conditions.CONFINED, privileges.message());
      case TOO_BROAD ->
          conditions.set(
              Conditions.REDIS_USER_CONFINED, false, Conditions.TOO_BROAD, privileges.message());
      case UNKNOWN ->
          conditions.set(
              Conditions.REDIS_USER_CONFINED, false, Conditions.UNKNOWN, privileges.message());
    }
    // a replica that does not answer is reported; only a master that does not holds Ready back
    conditions.set(
        Conditions.REDIS_REACHABLE,
        facts.reachable() && facts.everyNode(),
        !facts.reachable()
            ? Conditions.UNREACHABLE
            : facts.everyNode() ? Conditions.ANSWERED : Conditions.NODES_UNREACHABLE,
        facts.reachability());
    if (!facts.reachable()) holdBack(Conditions.REDIS_UNREACHABLE, facts.reachability());
    String reason =
        switch (facts.keyspace()) {
          case NOT_REQUESTED -> Conditions.NOT_REQUESTED;
          case ENABLED -> Conditions.ENABLED;
          case MISSING -> Conditions.FLAGS_MISSING;
          case CONFIG_FORBIDDEN -> Conditions.CONFIG_FORBIDDEN;
          case UNKNOWN -> Conditions.UNKNOWN;
        };
    boolean keyspaceOk =
        facts.keyspace() == RedisFacts.KeyspaceState.NOT_REQUESTED
            || facts.keyspace() == RedisFacts.KeyspaceState.ENABLED;
    conditions.set(Conditions.KEYSPACE_NOTIFICATIONS, keyspaceOk, reason, facts.keyspaceMessage());
    if (!keyspaceOk) {
      holdBack(Conditions.KEYSPACE_NOTIFICATIONS_MISSING, facts.keyspaceMessage());
    }
    return this;
  }

  StatusAggregator caches(int count) {
    status.setCaches(count);
    return this;
  }

  /** Counts and the SidecarsInjected condition; bare pods are reported, not part of Ready. */
  StatusAggregator pods(PodCensus census) {
    status.setSelectedPods(census.selected());
    status.setInjectedPods(census.injected());
    status.setOutdatedPods(census.outdated().size());
    status.setPodsWithoutSidecar(census.withoutSidecar().size());
    if (census.withoutSidecar().isEmpty()) {
      conditions.set(
          Conditions.SIDECARS_INJECTED,
          true,
          Conditions.ALL_INJECTED,
          "every selected pod runs a cachesync sidecar");
    } else {
      conditions.set(
          Conditions.SIDECARS_INJECTED,
          false,
          Conditions.PODS_WITHOUT_SIDECAR,
          PodsWithoutSidecar.message(census.withoutSidecar()));
    }
    return this;
  }

  boolean ready() {
    return heldBackBy.isEmpty();
  }

  /** The next status (keyspace-flag bookkeeping aside: the reconciler records that). */
  CacheSyncStatus build() {
    String first =
        HOLD_BACK_ORDER.stream().filter(heldBackBy::containsKey).findFirst().orElse(null);
    if (first == null) {
      conditions.set(Conditions.READY, true, Conditions.RECONCILED, READY_MESSAGE);
    } else {
      conditions.set(Conditions.READY, false, first, heldBackBy.get(first));
    }
    status.setObservedGeneration(generation);
    status.setConditions(conditions.build());
    return status;
  }

  /** Nothing rendered, visited or rolled out: the config condition and Ready say why. */
  private void refuse(String reason, String message) {
    conditions.set(Conditions.CONFIG_RENDERED, false, reason, message);
    holdBack(reason, message);
  }

  private void holdBack(String reason, String message) {
    heldBackBy.putIfAbsent(reason, message);
  }

  /** A sentence for the Ready message: the error's own words, bounded, with its causes. */
  static String describe(Throwable error) {
    StringBuilder out = new StringBuilder("the reconcile failed: ");
    String sep = "";
    for (Throwable t = error; t != null && out.length() < 1000; t = t.getCause()) {
      out.append(sep)
          .append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
      sep = "; caused by: ";
      if (t.getCause() == t) break;
    }
    String text = out.toString();
    return (text.length() > 1000 ? text.substring(0, 1000) + "..." : text)
        + " (retried with backoff; see the operator log)";
  }

  private static long generationOf(CacheSync cs) {
    Long g = cs.getMetadata().getGeneration();
    return g == null ? 0 : g;
  }

  private static List<Condition> previousConditions(CacheSync cs) {
    return cs.getStatus() == null || cs.getStatus().getConditions() == null
        ? List.of()
        : cs.getStatus().getConditions();
  }
}
