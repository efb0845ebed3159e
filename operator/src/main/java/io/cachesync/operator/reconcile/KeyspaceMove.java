package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spec names another server than the one the CacheSync registered its keyspace flags on: the
 * registration there was given back, in one attempt. An old server that does not answer is not
 * waited for (a move often retires it): a Warning Event names the flags that may stay on it. Either
 * way the status stops naming the old server.
 */
final class KeyspaceMove {
  private static final Logger log = LoggerFactory.getLogger(KeyspaceMove.class);

  private KeyspaceMove() {}

  static void leave(CacheSync cs, Context<CacheSync> context, KeyspaceRelease release) {
    context.managedWorkflowAndDependentResourceContext().put(KeyspaceRelease.class, release);
    String old = release.server().hostPort();
    if (release.withdrawal().reached()) {
      String message = "spec.redis moved off " + old + ": " + release.withdrawal().message();
      log.info(
          "CacheSync {}/{}: {}",
          cs.getMetadata().getNamespace(),
          cs.getMetadata().getName(),
          message);
      if (!release.withdrawal().removed().isEmpty()) {
        CacheSyncEvents.emit(context.getClient(), cs, "Normal", "KeyspaceFlagsRemoved", message);
      }
      return;
    }
    String left =
        "spec.redis moved off "
            + old
            + ", whose notify-keyspace-events may keep '"
            + release.needs()
            + "' added for this CacheSync: "
            + release.withdrawal().message();
    log.warn(
        "CacheSync {}/{}: {}", cs.getMetadata().getNamespace(), cs.getMetadata().getName(), left);
    CacheSyncEvents.emit(context.getClient(), cs, "Warning", "KeyspaceFlagsLeft", left);
  }
}
