package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.RedisMode;
import io.cachesync.operator.redis.FlagsWithdrawal;
import io.cachesync.operator.redis.KeyspaceRegistration;
import io.cachesync.operator.redis.RedisEndpoint;
import io.cachesync.operator.redis.RedisInspector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.external.PerResourcePollingDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.ExternalResourceCachingEventSource;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CacheSync's keyspace flags on its Redis server, as an external dependent (JOSDK's mysql-schema
 * sample is the model): polled with {@code CONFIG GET} and the server's keyspace ledger, created
 * and updated by registering what the spec needs ({@code CONFIG SET} of what the server lacks),
 * deleted by giving the registration back, which takes back only what no other CacheSync on that
 * server needs and what CacheSync itself added. A spec moved to another server gives back its
 * registration on the old one first. On Sentinel and Cluster the "server" is the whole setup (its
 * sentinels and master name, or its seed node) and every data node, replicas included, gets the
 * flags ({@code TopologyLedger}); a poll that finds a node without them (a replica added, an old
 * master back after a failover) registers again.
 *
 * <p>Redis trouble never fails the reconcile: the outcome is the resource, and the status says it.
 * What this pass saw or did is left in the context for the status and the finalizer.
 */
public class KeyspaceFlagsDependentResource
    extends PerResourcePollingDependentResource<KeyspaceFlagsOnServer, CacheSync, String>
    implements Creator<KeyspaceFlagsOnServer, CacheSync>,
        Updater<KeyspaceFlagsOnServer, CacheSync>,
        Deleter<CacheSync> {
  private static final Logger log = LoggerFactory.getLogger(KeyspaceFlagsDependentResource.class);
  static final Duration POLL = Duration.ofSeconds(60);

  /** How often the server is looked at again; a test shortens it before the operator starts. */
  static volatile Duration pollEvery = POLL;

  /** JOSDK builds dependents itself, so the reconciler hands its Redis client over here. */
  private static volatile RedisInspector redis;

  private volatile KubernetesClient client;

  public KeyspaceFlagsDependentResource() {
    super(KeyspaceFlagsOnServer.class, pollEvery, KeyspaceFlagsOnServer::id);
  }

  static void use(RedisInspector inspector) {
    redis = inspector;
  }

  @Override
  protected ExternalResourceCachingEventSource<KeyspaceFlagsOnServer, CacheSync, String>
      createEventSource(EventSourceContext<CacheSync> context) {
    client = context.getClient(); // the poller reads Secrets outside any reconcile
    return super.createEventSource(context);
  }

  @Override
  public Set<KeyspaceFlagsOnServer> fetchResources(CacheSync cs) {
    RedisEndpoint server = KeyspaceFlagsOnServer.serverOf(cs);
    if (!KeyspaceFlagsOnServer.requested(cs) || server == null) return Set.of();
    RedisLogin login = RedisLogin.of(cs, client, KeyspaceFlagsOnServer.url(cs, server));
    KeyspaceRegistration seen =
        login.problem() != null
            ? KeyspaceRegistration.failed(login.problem())
            : redis.observe(
                login.access(),
                KeyspaceFlagsOnServer.modeOf(cs, server),
                KeyspaceFlagsOnServer.uid(cs));
    return Set.of(new KeyspaceFlagsOnServer(server, seen));
  }

  @Override
  protected KeyspaceFlagsOnServer desired(CacheSync cs, Context<CacheSync> context) {
    String needs = KeyspaceFlagsOnServer.needs(cs);
    return new KeyspaceFlagsOnServer(
        KeyspaceFlagsOnServer.serverOf(cs),
        new KeyspaceRegistration(KeyspaceRegistration.State.REGISTERED, "", needs, "", ""));
  }

  /** Matched when registered as the spec needs, or when CONFIG is forbidden (nothing to do). */
  @Override
  public Matcher.Result<KeyspaceFlagsOnServer> match(
      KeyspaceFlagsOnServer actual, CacheSync cs, Context<CacheSync> context) {
    KeyspaceFlagsOnServer desired = desired(cs, context);
    KeyspaceRegistration seen = actual.registration();
    return Matcher.Result.computed(
        seen.state() == KeyspaceRegistration.State.CONFIG_FORBIDDEN
            || seen.covers(desired.registration().needs()),
        desired);
  }

  @Override
  public ReconcileResult<KeyspaceFlagsOnServer> reconcile(
      CacheSync cs, Context<CacheSync> context) {
    ReconcileResult<KeyspaceFlagsOnServer> result = super.reconcile(cs, context);
    result
        .getSingleResource()
        .ifPresent(
            seen ->
                context
                    .managedWorkflowAndDependentResourceContext()
                    .put(KeyspaceFlagsOnServer.class, seen));
    return result;
  }

  @Override
  public KeyspaceFlagsOnServer create(
      KeyspaceFlagsOnServer desired, CacheSync cs, Context<CacheSync> context) {
    return register(desired, cs, context);
  }

  @Override
  public KeyspaceFlagsOnServer update(
      KeyspaceFlagsOnServer actual,
      KeyspaceFlagsOnServer desired,
      CacheSync cs,
      Context<CacheSync> context) {
    return register(desired, cs, context);
  }

  private KeyspaceFlagsOnServer register(
      KeyspaceFlagsOnServer desired, CacheSync cs, Context<CacheSync> context) {
    RedisEndpoint old = KeyspaceFlagsOnServer.recordedServer(cs);
    if (old != null && !old.equals(desired.server())) {
      KeyspaceMove.leave(cs, context, release(cs, context.getClient(), old, true));
    }
    RedisLogin login =
        RedisLogin.of(cs, context.getClient(), KeyspaceFlagsOnServer.url(cs, desired.server()));
    if (login.problem() != null) {
      return new KeyspaceFlagsOnServer(
          desired.server(), KeyspaceRegistration.failed(login.problem()));
    }
    KeyspaceRegistration made =
        redis.register(
            login.access(),
            KeyspaceFlagsOnServer.modeOf(cs, desired.server()),
            KeyspaceFlagsOnServer.uid(cs),
            desired.registration().needs(),
            KeyspaceFlagsOnServer.inherited(cs, desired.server()));
    log.info(
        "CacheSync {}/{}: keyspace flags on {}: {}",
        cs.getMetadata().getNamespace(),
        cs.getMetadata().getName(),
        desired.server().hostPort(),
        made.message());
    // on Sentinel and Cluster, say once per registration which nodes need the flags by hand
    // (matched afterwards, so not repeated on every poll); a standalone server's condition says it
    if (made.state() == KeyspaceRegistration.State.CONFIG_FORBIDDEN
        && KeyspaceFlagsOnServer.modeOf(cs, desired.server()) != RedisMode.Standalone) {
      CacheSyncEvents.emit(
          context.getClient(), cs, "Warning", "KeyspaceFlagsForbidden", made.message());
    }
    return new KeyspaceFlagsOnServer(desired.server(), made);
  }

  /**
   * Gives back the registration on the server the status names (or, for a CacheSync deleted before
   * its status said, the spec's); the outcome goes to the context for the finalizer and the status.
   * Called by JOSDK on deletion and when the spec stops asking for keyspace flags.
   */
  @Override
  public void delete(CacheSync cs, Context<CacheSync> context) {
    RedisEndpoint recorded = KeyspaceFlagsOnServer.recordedServer(cs);
    RedisEndpoint server = recorded;
    // registered, then deleted before the status said so: the spec's server may hold it
    if (server == null && cs.isMarkedForDeletion() && KeyspaceFlagsOnServer.requested(cs)) {
      server = KeyspaceFlagsOnServer.serverOf(cs);
    }
    if (server == null) return;
    KeyspaceRelease release = release(cs, context.getClient(), server, recorded != null);
    context.managedWorkflowAndDependentResourceContext().put(KeyspaceRelease.class, release);
    // the cached registration is gone now: a spec that asks again registers again
    RedisEndpoint gone = server;
    eventSource()
        .ifPresent(
            source -> {
              KeyspaceFlagsOnServer unregistered =
                  new KeyspaceFlagsOnServer(
                      gone,
                      new KeyspaceRegistration(
                          KeyspaceRegistration.State.UNREGISTERED, "", "", "", "released"));
              source.handleRecentResourceUpdate(
                  ResourceID.fromResource(cs), unregistered, unregistered);
            });
    if (!cs.isMarkedForDeletion()) {
      log.info(
          "CacheSync {}/{} no longer asks for keyspace flags on {}: {}",
          cs.getMetadata().getNamespace(),
          cs.getMetadata().getName(),
          server.hostPort(),
          release.withdrawal().message());
    }
  }

  private static KeyspaceRelease release(
      CacheSync cs, KubernetesClient client, RedisEndpoint server, boolean recorded) {
    String needs = KeyspaceFlagsOnServer.needs(cs);
    RedisLogin login = RedisLogin.of(cs, client, KeyspaceFlagsOnServer.url(cs, server));
    if (login.problem() != null) {
      return new KeyspaceRelease(
          server, needs, new FlagsWithdrawal(false, "", login.problem()), true, recorded);
    }
    FlagsWithdrawal withdrawal =
        redis.release(
            login.access(),
            KeyspaceFlagsOnServer.modeOf(cs, server),
            KeyspaceFlagsOnServer.uid(cs),
            KeyspaceFlagsOnServer.inherited(cs, server));
    return new KeyspaceRelease(server, needs, withdrawal, false, recorded);
  }
}
