package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the finalizer decides once JOSDK's workflow cleanup ran: the keyspace dependent gave back
 * this CacheSync's registration ({@link KeyspaceFlagsDependentResource#delete}); the owned
 * ConfigMap and Secret go by owner-reference garbage collection. An unreachable Redis is retried
 * for {@link #PATIENCE}, then the deletion proceeds with a Warning Event naming the flags that may
 * be left: a Redis that is gone must not keep a resource from being deleted forever.
 */
final class CacheSyncCleanup {
  private static final Logger log = LoggerFactory.getLogger(CacheSyncCleanup.class);
  static final Duration PATIENCE = Duration.ofMinutes(2);
  private final Clock clock;

  CacheSyncCleanup(Clock clock) {
    this.clock = clock;
  }

  DeleteControl run(CacheSync cs, Context<CacheSync> context) {
    String namespace = cs.getMetadata().getNamespace();
    String name = cs.getMetadata().getName();
    Optional<KeyspaceRelease> released = KeyspaceOutcome.released(context);
    if (released.isEmpty()) {
      log.info("CacheSync {}/{} deleted: it registered no keyspace flags", namespace, name);
      return DeleteControl.defaultDelete();
    }
    KeyspaceRelease release = released.get();
    String at = release.server().hostPort();
    if (release.withdrawal().reached()) {
      log.info(
          "CacheSync {}/{} deleted: at {}, {}",
          namespace,
          name,
          at,
          release.withdrawal().message());
      if (!release.withdrawal().removed().isEmpty()) {
        CacheSyncEvents.emit(
            context.getClient(),
            cs,
            "Normal",
            "KeyspaceFlagsRemoved",
            "at " + at + ", " + release.withdrawal().message());
      }
      return DeleteControl.defaultDelete();
    }
    // a Secret deleted along with the CacheSync (kubectl delete -f, a namespace going away) will
    // not come back, and a registration the status never confirmed is likely none: waiting would
    // only hold up the deletion
    if (release.worthWaiting() && deletingFor(cs).compareTo(PATIENCE) < 0) {
      log.info(
          "CacheSync {}/{} deletion waits for Redis at {}: {}",
          namespace,
          name,
          at,
          release.withdrawal().message());
      return DeleteControl.noFinalizerRemoval()
          .rescheduleAfter(CacheSyncReconciler.RETRY_UNREACHABLE);
    }
    String left =
        (release.worthWaiting() ? "gave up after " + PATIENCE.toMinutes() + " minutes" : "gave up")
            + ", notify-keyspace-events at "
            + at
            + " may keep '"
            + release.needs()
            + "' added for this CacheSync: "
            + release.withdrawal().message();
    log.warn("CacheSync {}/{} deleted: {}", namespace, name, left);
    CacheSyncEvents.emit(context.getClient(), cs, "Warning", "KeyspaceFlagsLeft", left);
    return DeleteControl.defaultDelete();
  }

  private Duration deletingFor(CacheSync cs) {
    String since = cs.getMetadata().getDeletionTimestamp();
    if (since == null) return Duration.ZERO;
    return Duration.between(Instant.parse(since), clock.instant());
  }
}
