package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncStatus;
import io.cachesync.operator.redis.KeyspaceRegistration;
import io.cachesync.operator.redis.RedisFacts;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;

/**
 * What the keyspace dependent saw or did in this pass, for the CacheSync's own status: the
 * KeyspaceNotifications condition and the server its registration lives on (so a move or a deletion
 * knows where to give it back). The ledger on the server, not the status, counts who needs which
 * flag.
 */
final class KeyspaceOutcome {
  private KeyspaceOutcome() {}

  static Optional<KeyspaceFlagsOnServer> seen(Context<CacheSync> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .get(KeyspaceFlagsOnServer.class, KeyspaceFlagsOnServer.class);
  }

  static Optional<KeyspaceRelease> released(Context<CacheSync> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .get(KeyspaceRelease.class, KeyspaceRelease.class);
  }

  /**
   * The visit's keyspace findings, with the dependent's word where it has one: what it added, or
   * why the ledger refused (a CONFIG the user may not run is already the visit's finding).
   */
  static RedisFacts refine(RedisFacts facts, Context<CacheSync> context) {
    Optional<KeyspaceFlagsOnServer> seen = seen(context);
    if (seen.isEmpty() || !facts.reachable()) return facts;
    KeyspaceRegistration registration = seen.get().registration();
    return switch (registration.state()) {
      case REGISTERED ->
          facts.keyspace() == RedisFacts.KeyspaceState.ENABLED
              ? new RedisFacts(
                  true,
                  facts.reachability(),
                  RedisFacts.KeyspaceState.ENABLED,
                  registration.message())
              : facts;
      case CONFIG_FORBIDDEN -> facts;
      case FAILED, UNREGISTERED ->
          new RedisFacts(
              true,
              facts.reachability(),
              RedisFacts.KeyspaceState.UNKNOWN,
              "keyspace flags not registered: " + registration.message());
    };
  }

  /**
   * Records the server this CacheSync's registration lives on, and stops writing the flags an older
   * operator recorded as added once the ledger holds them.
   */
  static void record(CacheSyncStatus status, CacheSync cs, Context<CacheSync> context) {
    String old = cs.getStatus() == null ? null : cs.getStatus().getKeyspaceFlagsServer();
    String oldAdded = cs.getStatus() == null ? null : cs.getStatus().getKeyspaceFlagsAdded();
    Optional<KeyspaceFlagsOnServer> seen = seen(context);
    Optional<KeyspaceRelease> released = released(context);
    String server;
    if (seen.isPresent()
        && seen.get().registration().state() == KeyspaceRegistration.State.REGISTERED) {
      server = seen.get().server().hostPort();
      oldAdded = null; // the ledger took them over
    } else if (seen.isPresent()
        && seen.get().registration().state() == KeyspaceRegistration.State.CONFIG_FORBIDDEN) {
      server = null;
    } else if (released.isPresent()) {
      // given back (or, on a move, given up on): the old record goes either way
      boolean gone = released.get().withdrawal().reached() || seen.isPresent();
      server = gone ? null : old;
      if (gone) oldAdded = null;
    } else {
      server = old;
    }
    status.setKeyspaceFlagsServer(server);
    status.setKeyspaceFlagsAdded(oldAdded);
  }
}
