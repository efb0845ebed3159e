package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncStatus;
import io.cachesync.operator.redis.FlagsWithdrawal;
import io.cachesync.operator.redis.KeyspaceFlags;
import io.cachesync.operator.redis.RedisEndpoint;
import io.cachesync.operator.redis.RedisInspector;
import io.cachesync.operator.template.CacheSyncNames;
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
 * keyspace flags it added are taken back, on the server it added them on. An unreachable Redis is
 * retried for {@link #PATIENCE}, then the deletion proceeds with a Warning Event naming the flags
 * left behind: a Redis that is gone must not keep a resource from being deleted forever.
 *
 * <p>The same giving back, tried once, when the spec moves to another server ({@link #leave}).
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
    client.configMaps().inNamespace(namespace).withName(CacheSyncNames.configMap(cs)).delete();
    KeyspaceRelease release = KeyspaceRelease.of(cs, context.getPrimaryCache().list().toList());
    if (release.withdraw().isEmpty()) {
      handOver(client, release);
      log.info("CacheSync {}/{} deleted: no keyspace flags to take back", namespace, name);
      return DeleteControl.defaultDelete();
    }
    RedisCredentials credentials = RedisCredentials.of(cs, client);
    FlagsWithdrawal withdrawal = giveBack(cs, client, release, credentials);
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
   * The spec names another server than the one the recorded flags were added on: they are given
   * back there now, with the spec's credentials, in one attempt. An old server that does not answer
   * is not waited for (a move often retires it): a Warning Event names the flags left on it. Either
   * way the caller drops the old record.
   */
  void leave(CacheSync cs, Context<CacheSync> context) {
    KubernetesClient client = context.getClient();
    KeyspaceRelease release = KeyspaceRelease.of(cs, context.getPrimaryCache().list().toList());
    String old = release.server().hostPort();
    if (release.withdraw().isEmpty()) {
      handOver(client, release);
      log.info(
          "CacheSync {}/{} moved off {}: its keyspace flags there are needed by others",
          cs.getMetadata().getNamespace(),
          cs.getMetadata().getName(),
          old);
      return;
    }
    FlagsWithdrawal withdrawal = giveBack(cs, client, release, RedisCredentials.of(cs, client));
    if (withdrawal.reached()) {
      String message = "spec.redis moved off " + old + ": " + withdrawal.message();
      log.info(
          "CacheSync {}/{}: {}",
          cs.getMetadata().getNamespace(),
          cs.getMetadata().getName(),
          message);
      CacheSyncEvents.emit(client, cs, "Normal", "KeyspaceFlagsRemoved", message);
      return;
    }
    String left =
        "spec.redis moved off "
            + old
            + ", which keeps '"
            + release.withdraw()
            + "' in notify-keyspace-events: "
            + withdrawal.message();
    log.warn(
        "CacheSync {}/{}: {}", cs.getMetadata().getNamespace(), cs.getMetadata().getName(), left);
    CacheSyncEvents.emit(client, cs, "Warning", "KeyspaceFlagsLeft", left);
  }

  /** Hands over what others need, then takes the rest back on the release's server. */
  private FlagsWithdrawal giveBack(
      CacheSync cs,
      KubernetesClient client,
      KeyspaceRelease release,
      RedisCredentials credentials) {
    handOver(client, release);
    if (credentials.problem() != null) return new FlagsWithdrawal(false, credentials.problem());
    RedisTlsSecrets tls = RedisTlsSecrets.of(cs, client);
    if (tls.problem() != null) return new FlagsWithdrawal(false, tls.problem());
    return redis.withdraw(
        AddedFlags.of(cs).url(cs),
        credentials.username(),
        credentials.password(),
        tls.trust(),
        release.withdraw());
  }

  private static void handOver(KubernetesClient client, KeyspaceRelease release) {
    for (Map.Entry<CacheSync, String> heir : release.handOver().entrySet()) {
      handOver(client, heir.getKey(), heir.getValue(), release.server());
    }
  }

  /**
   * Adds {@code flags} to the heir's record of flags the operator added on {@code server}, with
   * optimistic locking. An heir whose record still names another server (its own move not yet
   * reconciled) cannot hold a second one: the flags stay on the server, unrecorded.
   */
  private static void handOver(
      KubernetesClient client, CacheSync heir, String flags, RedisEndpoint server) {
    var resource =
        client
            .resources(CacheSync.class)
            .inNamespace(heir.getMetadata().getNamespace())
            .withName(heir.getMetadata().getName());
    for (int attempt = 1; ; attempt++) {
      CacheSync fresh = resource.get();
      if (fresh == null) return;
      AddedFlags had = AddedFlags.of(fresh);
      if (!had.flags().isEmpty() && !server.equals(had.server())) {
        log.warn(
            "keyspace flags '{}' stay on {} unrecorded: CacheSync {}/{} needs them but records"
                + " flags on {}",
            flags,
            server.hostPort(),
            heir.getMetadata().getNamespace(),
            heir.getMetadata().getName(),
            had.server() == null ? "an unknown server" : had.server().hostPort());
        return;
      }
      String merged = KeyspaceFlags.union(had.flags(), flags);
      if (merged.equals(had.flags())) return;
      if (fresh.getStatus() == null) fresh.setStatus(new CacheSyncStatus());
      fresh.getStatus().setKeyspaceFlagsAdded(merged);
      fresh.getStatus().setKeyspaceFlagsServer(server.hostPort());
      try {
        client.resource(fresh).updateStatus();
        log.info(
            "keyspace flags '{}' on {} handed over to CacheSync {}/{}, which still needs them",
            flags,
            server.hostPort(),
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
