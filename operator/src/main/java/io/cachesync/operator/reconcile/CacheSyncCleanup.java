package io.cachesync.operator.reconcile;

import io.cachesync.operator.config.SidecarConfigRenderer;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncStatus;
import io.cachesync.operator.redis.FlagsWithdrawal;
import io.cachesync.operator.redis.KeyspaceFlags;
import io.cachesync.operator.redis.RedisInspector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the finalizer does when a CacheSync is deleted: its ConfigMap goes (an API server would
 * collect it through its owner reference; the finalizer does not leave that to chance), flags
 * another CacheSync on the same Redis still needs are handed over to it, and the rest of the
 * keyspace flags it added are taken back. An unreachable Redis is retried for {@link #PATIENCE},
 * then the deletion proceeds with a Warning Event naming the flags left behind: a Redis that is
 * gone must not keep a resource from being deleted forever.
 */
final class CacheSyncCleanup {
  private static final Logger log = LoggerFactory.getLogger(CacheSyncCleanup.class);
  static final Duration PATIENCE = Duration.ofMinutes(2);
  private static final int HANDOVER_ATTEMPTS = 5;
  private final RedisInspector redis;
  private final Clock clock;

  CacheSyncCleanup(RedisInspector redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  DeleteControl run(CacheSync cs, Context<CacheSync> context) {
    KubernetesClient client = context.getClient();
    String namespace = cs.getMetadata().getNamespace();
    String name = cs.getMetadata().getName();
    client
        .configMaps()
        .inNamespace(namespace)
        .withName(ConfigMapDependentResource.nameOf(cs))
        .delete();
    KeyspaceRelease release = KeyspaceRelease.of(cs, context.getPrimaryCache().list().toList());
    for (Map.Entry<CacheSync, String> heir : release.handOver().entrySet()) {
      handOver(client, heir.getKey(), heir.getValue());
    }
    if (release.withdraw().isEmpty()) {
      log.info("CacheSync {}/{} deleted: no keyspace flags to take back", namespace, name);
      return DeleteControl.defaultDelete();
    }
    RedisCredentials credentials = RedisCredentials.of(cs, client);
    FlagsWithdrawal withdrawal =
        credentials.problem() != null
            ? new FlagsWithdrawal(false, credentials.problem())
            : redis.withdraw(
                SidecarConfigRenderer.redisUrl(cs.getSpec().getRedis()),
                credentials.username(),
                credentials.password(),
                release.withdraw());
    if (withdrawal.reached()) {
      log.info("CacheSync {}/{} deleted: {}", namespace, name, withdrawal.message());
      CacheSyncEvents.emit(client, cs, "Normal", "KeyspaceFlagsRemoved", withdrawal.message());
      return DeleteControl.defaultDelete();
    }
    // a Secret deleted along with the CacheSync (kubectl delete -f, a namespace going away) will
    // not come back: waiting would only hold up the deletion
    if (credentials.problem() == null && deletingFor(cs).compareTo(PATIENCE) < 0) {
      log.info(
          "CacheSync {}/{} deletion waits for Redis: {}", namespace, name, withdrawal.message());
      return DeleteControl.noFinalizerRemoval()
          .rescheduleAfter(CacheSyncReconciler.RETRY_UNREACHABLE);
    }
    String left =
        (credentials.problem() != null
                ? "gave up"
                : "gave up after " + PATIENCE.toMinutes() + " minutes")
            + ", notify-keyspace-events keeps '"
            + release.withdraw()
            + "': "
            + withdrawal.message();
    log.warn("CacheSync {}/{} deleted: {}", namespace, name, left);
    CacheSyncEvents.emit(client, cs, "Warning", "KeyspaceFlagsLeft", left);
    return DeleteControl.defaultDelete();
  }

  /**
   * Adds {@code flags} to the heir's record of flags the operator added, with optimistic locking.
   */
  private static void handOver(KubernetesClient client, CacheSync heir, String flags) {
    var resource =
        client
            .resources(CacheSync.class)
            .inNamespace(heir.getMetadata().getNamespace())
            .withName(heir.getMetadata().getName());
    for (int attempt = 1; ; attempt++) {
      CacheSync fresh = resource.get();
      if (fresh == null) return;
      String had = CacheSyncReconciler.flagsOf(fresh);
      String merged = KeyspaceFlags.union(had, flags);
      if (merged.equals(had)) return;
      if (fresh.getStatus() == null) fresh.setStatus(new CacheSyncStatus());
      fresh.getStatus().setKeyspaceFlagsAdded(merged);
      try {
        client.resource(fresh).updateStatus();
        log.info(
            "keyspace flags '{}' handed over to CacheSync {}/{}, which still needs them",
            flags,
            heir.getMetadata().getNamespace(),
            heir.getMetadata().getName());
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= HANDOVER_ATTEMPTS) throw e;
      }
    }
  }

  private Duration deletingFor(CacheSync cs) {
    String since = cs.getMetadata().getDeletionTimestamp();
    if (since == null) return Duration.ZERO;
    return Duration.between(Instant.parse(since), clock.instant());
  }
}
