package io.cachesync.operator.reconcile;

import io.cachesync.operator.config.SidecarConfigRenderer;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncStatus;
import io.cachesync.operator.model.RedisSpec;
import io.cachesync.operator.redis.RedisFacts;
import io.cachesync.operator.redis.RedisInspector;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a CacheSync: the ConfigMap is declared as a dependent (rendered only from a valid
 * spec), and the status says what is true, with a reason a person can search for.
 */
@Workflow(
    dependents =
        @Dependent(
            type = ConfigMapDependentResource.class,
            reconcilePrecondition = ValidSpecCondition.class))
@ControllerConfiguration
public class CacheSyncReconciler implements Reconciler<CacheSync> {
  private static final Logger log = LoggerFactory.getLogger(CacheSyncReconciler.class);
  static final Duration RETRY_UNREACHABLE = Duration.ofSeconds(5);
  static final Duration RECHECK = Duration.ofSeconds(60);
  private final Clock clock;
  private final RedisInspector redis;

  public CacheSyncReconciler(RedisInspector redis) {
    this(redis, Clock.systemUTC());
  }

  CacheSyncReconciler(RedisInspector redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  @Override
  public UpdateControl<CacheSync> reconcile(CacheSync cs, Context<CacheSync> context) {
    List<String> problems = SpecValidator.problems(cs.getSpec());
    Duration retry = null;
    CacheSyncStatus status = new CacheSyncStatus();
    long generation =
        cs.getMetadata().getGeneration() == null ? 0 : cs.getMetadata().getGeneration();
    StatusConditions conditions =
        new StatusConditions(
            cs.getStatus() == null ? null : cs.getStatus().getConditions(), generation, clock);
    if (!problems.isEmpty()) {
      String message = String.join("; ", problems);
      conditions
          .set("ConfigRendered", false, "InvalidSpec", message)
          .set("Ready", false, "InvalidSpec", message);
      log.info(
          "CacheSync {}/{}: invalid spec: {}",
          cs.getMetadata().getNamespace(),
          cs.getMetadata().getName(),
          message);
    } else {
      boolean rendered = context.getSecondaryResource(ConfigMap.class).isPresent();
      conditions.set(
          "ConfigRendered",
          rendered,
          rendered ? "Rendered" : "Pending",
          rendered
              ? "ConfigMap " + ConfigMapDependentResource.nameOf(cs) + " holds the sidecar config"
              : "the sidecar config is being written");
      RedisFacts facts = inspect(cs, context);
      conditions.set(
          "RedisReachable",
          facts.reachable(),
          facts.reachable() ? "Answered" : "Unreachable",
          facts.reachability());
      boolean keyspaceOk = keyspace(conditions, facts);
      status.setKeyspaceFlagsAdded(union(previousFlags(cs), facts.flagsAdded()));
      boolean ready = rendered && facts.reachable() && keyspaceOk;
      conditions.set(
          "Ready",
          ready,
          !rendered
              ? "Pending"
              : !facts.reachable()
                  ? "RedisUnreachable"
                  : !keyspaceOk ? "KeyspaceNotificationsMissing" : "Reconciled",
          ready
              ? "the sidecar config is in place and Redis answers"
              : !rendered
                  ? "waiting for the sidecar config"
                  : !facts.reachable() ? facts.reachability() : facts.keyspaceMessage());
      status.setCaches(cs.getSpec().getCaches().size());
      retry = facts.reachable() ? RECHECK : RETRY_UNREACHABLE;
      log.info(
          "CacheSync {}/{} reconciled: {} caches, config {}, Redis {}",
          cs.getMetadata().getNamespace(),
          cs.getMetadata().getName(),
          cs.getSpec().getCaches().size(),
          rendered ? "rendered" : "pending",
          facts.reachable() ? "reachable" : "unreachable");
    }
    status.setObservedGeneration(generation);
    status.setConditions(conditions.build());
    ReadyEvents.onTransition(
        context.getClient(),
        cs,
        cs.getStatus() == null ? null : cs.getStatus().getConditions(),
        status.getConditions());
    UpdateControl<CacheSync> control = UpdateControl.patchStatus(statusOnly(cs, status));
    return retry == null ? control : control.rescheduleAfter(retry);
  }

  private RedisFacts inspect(CacheSync cs, Context<CacheSync> context) {
    RedisSpec r = cs.getSpec().getRedis();
    String username = null;
    String password = null;
    if (r.getCredentials() != null) {
      Secret secret =
          context
              .getClient()
              .secrets()
              .inNamespace(cs.getMetadata().getNamespace())
              .withName(r.getCredentials().getSecretName())
              .get();
      if (secret == null) {
        return RedisFacts.unreachable(
            "the credentials Secret " + r.getCredentials().getSecretName() + " does not exist");
      }
      String passwordKey =
          r.getCredentials().getPasswordKey() == null
              ? "password"
              : r.getCredentials().getPasswordKey();
      String usernameKey =
          r.getCredentials().getUsernameKey() == null
              ? "username"
              : r.getCredentials().getUsernameKey();
      password = decode(secret, passwordKey);
      username = decode(secret, usernameKey);
      if (password == null) {
        return RedisFacts.unreachable(
            "the credentials Secret "
                + r.getCredentials().getSecretName()
                + " has no key '"
                + passwordKey
                + "'");
      }
    }
    String url = SidecarConfigRenderer.redisUrl(r);
    return redis.inspect(url, username, password, cs.getSpec().getKeyspaceNotifications());
  }

  private static boolean keyspace(StatusConditions conditions, RedisFacts facts) {
    switch (facts.keyspace()) {
      case NOT_REQUESTED -> {
        conditions.set("KeyspaceNotifications", true, "NotRequested", facts.keyspaceMessage());
        return true;
      }
      case ENABLED -> {
        conditions.set("KeyspaceNotifications", true, "Enabled", facts.keyspaceMessage());
        return true;
      }
      case MISSING ->
          conditions.set("KeyspaceNotifications", false, "FlagsMissing", facts.keyspaceMessage());
      case CONFIG_FORBIDDEN ->
          conditions.set(
              "KeyspaceNotifications", false, "ConfigForbidden", facts.keyspaceMessage());
      case UNKNOWN ->
          conditions.set("KeyspaceNotifications", false, "Unknown", facts.keyspaceMessage());
    }
    return false;
  }

  private static String decode(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return new String(
          Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    return secret.getStringData() == null ? null : secret.getStringData().get(key);
  }

  private static String previousFlags(CacheSync cs) {
    return cs.getStatus() == null || cs.getStatus().getKeyspaceFlagsAdded() == null
        ? ""
        : cs.getStatus().getKeyspaceFlagsAdded();
  }

  private static String union(String a, String b) {
    StringBuilder out = new StringBuilder(a);
    for (char c : b.toCharArray()) if (out.indexOf(String.valueOf(c)) < 0) out.append(c);
    return out.isEmpty() ? null : out.toString();
  }

  /**
   * A fresh object carrying name, namespace and status only: the cached resource is never mutated.
   */
  private static CacheSync statusOnly(CacheSync cs, CacheSyncStatus status) {
    CacheSync fresh = new CacheSync();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(cs.getMetadata().getName())
            .withNamespace(cs.getMetadata().getNamespace())
            .build());
    fresh.setStatus(status);
    return fresh;
  }
}
