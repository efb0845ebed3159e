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
   * The visit's keyspace findings, with the dependent's word where it has one: what it added, why
   * CONFIG SET was refused, or why the ledger refused.
   */
  static RedisFacts refine(RedisFacts facts, Context<CacheSync> context) {
    return refine(facts, seen(context));
  }

  static RedisFacts refine(RedisFacts facts, Optional<KeyspaceFlagsOnServer> seen) {
    if (seen.isEmpty() || !facts.reachable()) return facts;
    KeyspaceRegistration registration = seen.get().registration();
    return switch (registration.state()) {
      case REGISTERED ->
          facts.keyspace() == RedisFacts.KeyspaceState.ENABLED
              ? facts.withKeyspace(RedisFacts.KeyspaceState.ENABLED, registration.message())
              : facts;
      // CONFIG GET may be allowed where CONFIG SET is not
      case CONFIG_FORBIDDEN ->
          facts.keyspace() == RedisFacts.KeyspaceState.CONFIG_FORBIDDEN
              ? facts
              : facts.withKeyspace(
                  RedisFacts.KeyspaceState.CONFIG_FORBIDDEN, registration.message());
      case FAILED, UNREGISTERED ->
          facts.withKeyspace(
              RedisFacts.KeyspaceState.UNKNOWN,
              "keyspace flags not registered: " + registration.message());
    };
  }

  /**
   * Records the server this CacheSync's registration lives on, and stops writing the flags an older
   * operator recorded as added once the ledger holds them (or they were given back).
   */
  static void record(CacheSyncStatus status, CacheSync cs, Context<CacheSync> context) {
    String old = cs.getStatus() == null ? null : cs.getStatus().getKeyspaceFlagsServer();
    Optional<KeyspaceFlagsOnServer> seen = seen(context);
    Optional<KeyspaceRelease> released = released(context);
    status.setKeyspaceFlagsServer(serverAfter(old, seen, released));
    boolean takenOver =
        seen.map(s -> s.registration().state() == KeyspaceRegistration.State.REGISTERED)
                .orElse(false)
            || released.map(r -> r.withdrawal().reached()).orElse(false);
    status.setKeyspaceFlagsAdded(
        takenOver || cs.getStatus() == null ? null : cs.getStatus().getKeyspaceFlagsAdded());
  }

  /**
   * The server to record after this pass: the one registered on; none when CONFIG is forbidden or
   * the registration was given back (or, on a move, given up on); else the old record, so a
   * registration not yet confirmed is still given back there later.
   */
  static String serverAfter(
      String old, Optional<KeyspaceFlagsOnServer> seen, Optional<KeyspaceRelease> released) {
    if (seen.isPresent()) {
      switch (seen.get().registration().state()) {
        case REGISTERED -> {
          return seen.get().server().hostPort();
        }
        case CONFIG_FORBIDDEN -> {
          // on Sentinel and Cluster the ledger holds the registration (needs set) and the nodes
          // that allow CONFIG got the flags: they are given back there later
          return seen.get().registration().needs().isEmpty()
              ? null
              : seen.get().server().hostPort();
        }
        default -> {
          // a move tried the old server once and reported what it left there
          return released.isPresent() ? null : old;
        }
      }
    }
    if (released.isPresent()) return released.get().withdrawal().reached() ? null : old;
    return old;
  }
}
