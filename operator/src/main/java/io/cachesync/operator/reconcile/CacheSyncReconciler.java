package io.cachesync.operator.reconcile;

import io.cachesync.operator.config.SidecarConfigRenderer;
import io.cachesync.operator.config.SpecValidator;
import io.cachesync.operator.metrics.OperatorMetrics;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncStatus;
import io.cachesync.operator.policy.AdmissionPolicy;
import io.cachesync.operator.policy.MissingSecret;
import io.cachesync.operator.policy.PolicyViolation;
import io.cachesync.operator.policy.SecretLabels;
import io.cachesync.operator.redis.RedisFacts;
import io.cachesync.operator.redis.RedisInspector;
import io.cachesync.operator.redis.RedisPrivileges;
import io.cachesync.operator.template.CacheSyncNames;
import io.cachesync.operator.template.SidecarDefaults;
import io.cachesync.operator.template.SidecarTemplate;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a CacheSync: the ConfigMap is declared as a dependent (rendered only from a valid
 * spec), and the status says what is true, with a reason a person can search for.
 */
@Workflow(
    dependents = {
      @Dependent(
          type = ConfigMapDependentResource.class,
          reconcilePrecondition = ValidSpecCondition.class),
      // made whatever the spec says: a key does not depend on it, and pods need it to start
      @Dependent(type = SyncKeySecretDependentResource.class),
      @Dependent(
          type = KeyspaceFlagsDependentResource.class,
          reconcilePrecondition = KeyspaceFlagsWanted.class)
    })
@ControllerConfiguration
public class CacheSyncReconciler implements Reconciler<CacheSync>, Cleaner<CacheSync> {
  private static final Logger log = LoggerFactory.getLogger(CacheSyncReconciler.class);
  static final Duration RETRY_UNREACHABLE = Duration.ofSeconds(5);
  static final Duration RECHECK = Duration.ofSeconds(60);

  /** The Ready reason of a CacheSync the platform's policy refuses. */
  public static final String POLICY_VIOLATION = "PolicyViolation";

  private final Clock clock;
  private final RedisInspector redis;
  private final CacheSyncCleanup cleanup;
  private final OperatorMetrics metrics;
  private final SidecarDefaults sidecarDefaults;
  private final AdmissionPolicy policy;
  private final PodsWithoutSidecar bare;
  private final PodInformers podInformers = new PodInformers();
  private final Map<ResourceID, RedisVisit> visits = new ConcurrentHashMap<>();

  /** What the last look at a CacheSync's Redis found, for which generation and when. */
  private record RedisVisit(
      long generation, Instant at, RedisFacts facts, RedisPrivileges privileges) {}

  /**
   * @param sidecarDefaults the image and JVM options the webhook injects when a CacheSync names
   *     none: they are part of the hash that tells an outdated pod
   */
  public CacheSyncReconciler(
      RedisInspector redis, Clock clock, OperatorMetrics metrics, SidecarDefaults sidecarDefaults) {
    this(
        redis,
        clock,
        metrics,
        sidecarDefaults,
        AdmissionPolicy.defaultsFor(sidecarDefaults.image()));
  }

  /** {@code policy}: a CacheSync that violates it is reported and not acted on. */
  public CacheSyncReconciler(
      RedisInspector redis,
      Clock clock,
      OperatorMetrics metrics,
      SidecarDefaults sidecarDefaults,
      AdmissionPolicy policy) {
    this.policy = policy;
    ValidSpecCondition.use(policy);
    KeyspaceFlagsDependentResource.use(redis);
    this.sidecarDefaults = sidecarDefaults;
    this.redis = redis;
    this.clock = clock;
    this.metrics = metrics;
    this.cleanup = new CacheSyncCleanup(clock);
    this.bare = new PodsWithoutSidecar(clock);
  }

  @Override
  public UpdateControl<CacheSync> reconcile(CacheSync cs, Context<CacheSync> context) {
    List<String> problems = SpecValidator.problems(cs.getSpec());
    List<PolicyViolation> violations =
        problems.isEmpty()
            ? policy.violations(cs, SecretLabels.from(context.getClient()), MissingSecret.ALLOWED)
            : List.of();
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
    } else if (!violations.isEmpty()) {
      // the second line behind the validating webhook: nothing is rendered, visited or rolled out
      String message =
          violations.stream().map(PolicyViolation::message).collect(Collectors.joining("; "));
      conditions
          .set("ConfigRendered", false, POLICY_VIOLATION, message)
          .set("Ready", false, POLICY_VIOLATION, message);
      log.info(
          "CacheSync {}/{}: violates the policy: {}",
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
              ? "ConfigMap " + CacheSyncNames.configMap(cs) + " holds the sidecar config"
              : "the sidecar config is being written");
      Isolation isolation = Isolation.of(cs, context.getPrimaryCache().list().toList());
      conditions.set(Isolation.TYPE, isolation.isolated(), isolation.reason(), isolation.message());
      RedisVisit seen = visit(cs, generation, context);
      RedisFacts facts = KeyspaceOutcome.refine(seen.facts(), context);
      privileges(conditions, seen.privileges());
      conditions.set(
          "RedisReachable",
          facts.reachable(),
          facts.reachable() ? "Answered" : "Unreachable",
          facts.reachability());
      boolean keyspaceOk = keyspace(conditions, facts);
      boolean ready = rendered && isolation.isolated() && facts.reachable() && keyspaceOk;
      conditions.set(
          "Ready",
          ready,
          !rendered
              ? "Pending"
              : !isolation.isolated()
                  ? "NotIsolated"
                  : !facts.reachable()
                      ? "RedisUnreachable"
                      : !keyspaceOk ? "KeyspaceNotificationsMissing" : "Reconciled",
          ready
              ? "the sidecar config is in place and Redis answers"
              : !rendered
                  ? "waiting for the sidecar config"
                  : !isolation.isolated()
                      ? isolation.message()
                      : !facts.reachable() ? facts.reachability() : facts.keyspaceMessage());
      status.setCaches(cs.getSpec().getCaches().size());
      pods(cs, context, status, conditions);
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
    metrics.readyState(
        ResourceID.fromResource(cs),
        status.getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")));
    CacheSyncEvents.onReadyTransition(
        context.getClient(),
        cs,
        cs.getStatus() == null ? null : cs.getStatus().getConditions(),
        status.getConditions());
    KeyspaceOutcome.record(status, cs, context);
    writeStatus(cs, status, context);
    UpdateControl<CacheSync> control = UpdateControl.noUpdate();
    return retry == null ? control : control.rescheduleAfter(retry);
  }

  /**
   * Other CacheSyncs are watched (their spec and deletion) so that sharing Redis keys is noticed on
   * both sides at once. Pods are watched so the counts follow them, through informers registered
   * per namespace as CacheSyncs appear there ({@link PodInformers}).
   */
  @Override
  public List<EventSource<?, CacheSync>> prepareEventSources(
      EventSourceContext<CacheSync> context) {
    // another CacheSync created, edited or deleted may start or end sharing Redis keys with one
    var peers =
        InformerEventSourceConfiguration.from(CacheSync.class, CacheSync.class)
            .withName("peers")
            .withSecondaryToPrimaryMapper(
                (CacheSync changed) ->
                    Isolation.affectedBy(changed, context.getPrimaryCache().list().toList())
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withOnUpdateFilter(
                (now, before) ->
                    !Objects.equals(
                            now.getMetadata().getGeneration(), before.getMetadata().getGeneration())
                        || !Objects.equals(
                            now.getMetadata().getDeletionTimestamp(),
                            before.getMetadata().getDeletionTimestamp()))
            .build();
    return List.of(new InformerEventSource<>(peers, context));
  }

  /** Counts the pods and, with rolloutOnChange, restarts the workloads of outdated ones. */
  private void pods(
      CacheSync cs,
      Context<CacheSync> context,
      CacheSyncStatus status,
      StatusConditions conditions) {
    podInformers.follow(context.eventSourceRetriever(), context.getPrimaryCache().list().toList());
    String hash = SidecarTemplate.hashFor(cs, sidecarDefaults);
    PodCensus census =
        PodCensus.of(
            cs,
            PodInformers.in(context.eventSourceRetriever(), cs.getMetadata().getNamespace()),
            hash);
    status.setSelectedPods(census.selected());
    status.setInjectedPods(census.injected());
    status.setOutdatedPods(census.outdated().size());
    status.setPodsWithoutSidecar(census.withoutSidecar().size());
    bare.condition(conditions, census.withoutSidecar());
    bare.notice(context.getClient(), cs, census.withoutSidecar());
    boolean rollout =
        cs.getSpec().getSidecar() != null
            && Boolean.TRUE.equals(cs.getSpec().getSidecar().getRolloutOnChange());
    if (!rollout || census.outdated().isEmpty()) return;
    Set<String> restarted;
    try {
      restarted = WorkloadRollout.restart(context.getClient(), census.outdated(), hash);
    } catch (KubernetesClientException e) {
      // a workload that went away or changed meanwhile: the next pass tries again; the counts
      // are written either way
      log.warn(
          "CacheSync {}/{}: restarting the workloads of outdated pods failed: {}",
          cs.getMetadata().getNamespace(),
          cs.getMetadata().getName(),
          e.getMessage());
      CacheSyncEvents.emit(
          context.getClient(),
          cs,
          "Warning",
          "RolloutFailed",
          "restarting the workloads of outdated pods failed: " + e.getMessage());
      return;
    }
    if (restarted.isEmpty()) return;
    String message =
        "restarting "
            + String.join(", ", restarted)
            + ": their pods run a sidecar that differs from the current spec";
    log.info(
        "CacheSync {}/{}: {}",
        cs.getMetadata().getNamespace(),
        cs.getMetadata().getName(),
        message);
    CacheSyncEvents.emit(context.getClient(), cs, "Normal", "RolloutStarted", message);
  }

  @Override
  public DeleteControl cleanup(CacheSync cs, Context<CacheSync> context) {
    visits.remove(ResourceID.fromResource(cs));
    bare.forget(cs);
    // the namespace's pods are no longer needed once its last CacheSync goes (a deleting one
    // counts as gone)
    podInformers.follow(context.eventSourceRetriever(), context.getPrimaryCache().list().toList());
    return cleanup.run(cs, context);
  }

  /**
   * Replaces the status subresource (a PUT with optimistic locking), skipped when nothing changed,
   * and caches the result for the next pass. Not JOSDK's JSON Patch: its paths break once the
   * stored object lost its empty status (fabric8's mock server drops it when a finalizer is added);
   * not a merge patch: the mock appends lists where an API server replaces them. The status is ours
   * whole, so replacing it is the plain statement of what is true.
   */
  private static void writeStatus(
      CacheSync cs, CacheSyncStatus status, Context<CacheSync> context) {
    var json = context.getClient().getKubernetesSerialization();
    if (cs.getStatus() != null && json.asJson(cs.getStatus()).equals(json.asJson(status))) return;
    var cloner = context.getControllerConfiguration().getConfigurationService().getResourceCloner();
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
        cs,
        context,
        current -> {
          CacheSync next = cloner.clone(current);
          next.setStatus(status);
          return next;
        });
  }

  /**
   * Redis is visited (a Secret read, a login, PING, CONFIG GET) when the spec changed, when it did
   * not answer last time, and on the {@link #RECHECK} timer; a pass caused by pods coming and going
   * reuses a recent answer, so a rollout of hundreds of pods does not mean hundreds of logins.
   */
  private RedisVisit visit(CacheSync cs, long generation, Context<CacheSync> context) {
    ResourceID id = ResourceID.fromResource(cs);
    RedisVisit last = visits.get(id);
    Instant now = clock.instant();
    if (last != null
        && last.generation() == generation
        && last.facts().reachable()
        && last.at().plus(RECHECK.dividedBy(2)).isAfter(now)) {
      return last;
    }
    RedisVisit seen = inspect(cs, generation, now, context);
    visits.put(id, seen);
    return seen;
  }

  private RedisVisit inspect(
      CacheSync cs, long generation, Instant now, Context<CacheSync> context) {
    RedisCredentials credentials = RedisCredentials.of(cs, context.getClient());
    if (credentials.problem() != null) {
      return new RedisVisit(
          generation,
          now,
          RedisFacts.unreachable(credentials.problem()),
          RedisPrivileges.unknown(credentials.problem()));
    }
    RedisTlsSecrets tls = RedisTlsSecrets.of(cs, context.getClient());
    if (tls.problem() != null) {
      return new RedisVisit(
          generation,
          now,
          RedisFacts.unreachable(tls.problem()),
          RedisPrivileges.unknown(tls.problem()));
    }
    String url = SidecarConfigRenderer.redisUrl(cs.getSpec().getRedis());
    RedisFacts facts =
        redis.inspect(
            url,
            credentials.username(),
            credentials.password(),
            tls.trust(),
            cs.getSpec().getKeyspaceNotifications());
    RedisPrivileges privileges =
        facts.reachable()
            ? redis.privileges(url, credentials.username(), credentials.password(), tls.trust())
            : RedisPrivileges.unknown(facts.reachability());
    return new RedisVisit(generation, now, facts, privileges);
  }

  /**
   * Reported, never part of Ready: a user with too much power works, it only widens what a leaked
   * password or a compromised pod can do.
   */
  private static void privileges(StatusConditions conditions, RedisPrivileges privileges) {
    switch (privileges.state()) {
      case CONFINED -> conditions.set("RedisUserConfined", true, "Confined", privileges.message());
      case TOO_BROAD ->
          conditions.set("RedisUserConfined", false, "TooBroad", privileges.message());
      case UNKNOWN -> conditions.set("RedisUserConfined", false, "Unknown", privileges.message());
    }
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
}
