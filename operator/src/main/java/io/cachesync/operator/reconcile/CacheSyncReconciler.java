package io.cachesync.operator.reconcile;

import io.cachesync.operator.config.SidecarConfigRenderer;
import io.cachesync.operator.config.SpecValidator;
import io.cachesync.operator.metrics.OperatorMetrics;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncStatus;
import io.cachesync.operator.model.RedisMode;
import io.cachesync.operator.policy.AdmissionPolicy;
import io.cachesync.operator.policy.MissingSecret;
import io.cachesync.operator.policy.PolicyViolation;
import io.cachesync.operator.redis.RedisAccess;
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
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
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
  public static final String POLICY_VIOLATION = Conditions.POLICY_VIOLATION;

  private final Clock clock;
  private final RedisInspector redis;
  private final CacheSyncCleanup cleanup;
  private final OperatorMetrics metrics;
  private final SidecarDefaults sidecarDefaults;
  private final AdmissionPolicy policy;
  private final PodsWithoutSidecar bare;
  private final PodInformers podInformers = new PodInformers();
  private final Map<ResourceID, RedisVisit> visits = new ConcurrentHashMap<>();

  /**
   * What the last look at a CacheSync's Redis found, for which generation and versions of the
   * Secrets it names, and when.
   */
  private record RedisVisit(
      long generation,
      String secrets,
      String polled,
      Instant at,
      RedisFacts facts,
      RedisPrivileges privileges) {}

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
    StatusAggregator status = new StatusAggregator(cs, clock);
    List<String> problems = SpecValidator.problems(cs.getSpec());
    if (!problems.isEmpty()) {
      status.invalidSpec(problems);
      log.info("CacheSync {}: invalid spec: {}", nameOf(cs), String.join("; ", problems));
      return finish(cs, status, context, null);
    }
    List<PolicyViolation> violations =
        policy.violations(cs, SecretLookup.labels(context), MissingSecret.ALLOWED);
    if (!violations.isEmpty()) {
      // the second line behind the validating webhook: nothing is rendered, visited or rolled out
      status.policyViolations(violations);
      log.info(
          "CacheSync {}: violates the policy: {}",
          nameOf(cs),
          violations.stream().map(PolicyViolation::message).collect(Collectors.joining("; ")));
      return finish(cs, status, context, null);
    }
    boolean rendered = context.getSecondaryResource(ConfigMap.class).isPresent();
    status.config(rendered, CacheSyncNames.configMap(cs));
    status.isolation(Isolation.of(cs, context.getPrimaryCache().list().toList()));
    RedisVisit seen = visit(cs, context);
    RedisFacts facts = KeyspaceOutcome.refine(seen.facts(), context);
    status.redis(facts, seen.privileges());
    status.caches(cs.getSpec().getCaches().size());
    pods(cs, context, status);
    log.info(
        "CacheSync {} reconciled: {} caches, config {}, Redis {}",
        nameOf(cs),
        cs.getSpec().getCaches().size(),
        rendered ? "rendered" : "pending",
        facts.reachable() ? "reachable" : "unreachable");
    return finish(cs, status, context, facts.reachable() ? RECHECK : RETRY_UNREACHABLE);
  }

  /**
   * A pass that threw (a client error, a failing dependent, a bug) becomes Ready=False with reason
   * {@link Conditions#RECONCILE_ERROR} and the error's message, written through the same writer as
   * every status; JOSDK retries with backoff, and after its last attempt the pass is rescheduled on
   * the {@link #RECHECK} timer rather than left for the next event.
   */
  @Override
  public ErrorStatusUpdateControl<CacheSync> updateErrorStatus(
      CacheSync cs, Context<CacheSync> context, Exception e) {
    log.warn("CacheSync {}: the reconcile failed: {}", nameOf(cs), e.toString(), e);
    try {
      finish(cs, StatusAggregator.afterFailure(cs, clock, e), context, null);
    } catch (RuntimeException writing) {
      log.warn("CacheSync {}: could not record the failure in status: {}", nameOf(cs), writing);
    }
    boolean last = context.getRetryInfo().map(r -> r.isLastAttempt()).orElse(true);
    return last
        ? ErrorStatusUpdateControl.<CacheSync>noStatusUpdate()
            .withNoRetry()
            .rescheduleAfter(RECHECK)
        : ErrorStatusUpdateControl.noStatusUpdate();
  }

  /** Writes the pass's status, reports Ready to metrics and Events, and schedules the next pass. */
  private UpdateControl<CacheSync> finish(
      CacheSync cs, StatusAggregator aggregated, Context<CacheSync> context, Duration retry) {
    CacheSyncStatus status = aggregated.build();
    metrics.readyState(ResourceID.fromResource(cs), aggregated.ready());
    CacheSyncEvents.onReadyTransition(
        context.getClient(),
        cs,
        cs.getStatus() == null ? null : cs.getStatus().getConditions(),
        status.getConditions());
    KeyspaceOutcome.record(status, cs, context);
    StatusWriter.write(cs, context, current -> status);
    UpdateControl<CacheSync> control = UpdateControl.noUpdate();
    return retry == null ? control : control.rescheduleAfter(retry);
  }

  private static String nameOf(CacheSync cs) {
    return cs.getMetadata().getNamespace() + "/" + cs.getMetadata().getName();
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
    return List.of(new InformerEventSource<>(peers, context), RedisSecretSource.create(context));
  }

  /** Counts the pods and, with rolloutOnChange, restarts the workloads of outdated ones. */
  private void pods(CacheSync cs, Context<CacheSync> context, StatusAggregator status) {
    podInformers.follow(context.eventSourceRetriever(), context.getPrimaryCache().list().toList());
    String hash = SidecarTemplate.hashFor(cs, sidecarDefaults);
    PodCensus census =
        PodCensus.of(
            cs,
            PodInformers.in(context.eventSourceRetriever(), cs.getMetadata().getNamespace()),
            PodInformers.injectedBy(context.eventSourceRetriever(), cs),
            hash);
    status.pods(census);
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
   * Redis is visited (a Secret read, a login, PING, CONFIG GET) when the spec changed, when it did
   * not answer last time, and on the {@link #RECHECK} timer; a pass caused by pods coming and going
   * reuses a recent answer, so a rollout of hundreds of pods does not mean hundreds of logins. A
   * changed Secret (a rotated password) is a new visit at once: its event starts the pass.
   */
  private RedisVisit visit(CacheSync cs, Context<CacheSync> context) {
    ResourceID id = ResourceID.fromResource(cs);
    long generation =
        cs.getMetadata().getGeneration() == null ? 0 : cs.getMetadata().getGeneration();
    SecretLookup secrets = SecretLookup.of(context, cs.getMetadata().getNamespace());
    String versions = RedisSecretSource.versions(cs, secrets);
    // what the keyspace poll saw: a failover it noticed (a node's role changed) is a new visit
    String polled = KeyspaceOutcome.seen(context).map(s -> s.registration().message()).orElse("");
    RedisVisit last = visits.get(id);
    Instant now = clock.instant();
    if (last != null
        && last.generation() == generation
        && last.secrets().equals(versions)
        && last.polled().equals(polled)
        && last.facts().reachable()
        && last.at().plus(RECHECK.dividedBy(2)).isAfter(now)) {
      return last;
    }
    RedisVisit seen = inspect(cs, generation, versions, polled, now, secrets);
    visits.put(id, seen);
    return seen;
  }

  private RedisVisit inspect(
      CacheSync cs,
      long generation,
      String versions,
      String polled,
      Instant now,
      SecretLookup secrets) {
    RedisCredentials credentials = RedisCredentials.of(cs, secrets);
    if (credentials.problem() != null) {
      return new RedisVisit(
          generation,
          versions,
          polled,
          now,
          RedisFacts.unreachable(credentials.problem()),
          RedisPrivileges.unknown(credentials.problem()));
    }
    RedisTlsSecrets tls = RedisTlsSecrets.of(cs, secrets);
    if (tls.problem() != null) {
      return new RedisVisit(
          generation,
          versions,
          polled,
          now,
          RedisFacts.unreachable(tls.problem()),
          RedisPrivileges.unknown(tls.problem()));
    }
    RedisAccess access =
        new RedisAccess(
            SidecarConfigRenderer.redisUrl(cs.getSpec().getRedis()),
            credentials.username(),
            credentials.password(),
            tls.trust());
    // Sentinel and Cluster: every data node, replicas included, is visited
    RedisMode mode = cs.getSpec().getRedis().getMode();
    RedisFacts facts = redis.inspect(mode, access, cs.getSpec().getKeyspaceNotifications());
    RedisPrivileges privileges =
        facts.reachable()
            ? redis.privileges(mode, access)
            : RedisPrivileges.unknown(facts.reachability());
    return new RedisVisit(generation, versions, polled, now, facts, privileges);
  }
}
