package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Clock;
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
  private final Clock clock;

  public CacheSyncReconciler() {
    this(Clock.systemUTC());
  }

  CacheSyncReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpdateControl<CacheSync> reconcile(CacheSync cs, Context<CacheSync> context) {
    List<String> problems = SpecValidator.problems(cs.getSpec());
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
      conditions.set(
          "Ready",
          rendered,
          rendered ? "Reconciled" : "Pending",
          rendered ? "the sidecar config is in place" : "waiting for the sidecar config");
      status.setCaches(cs.getSpec().getCaches().size());
      log.info(
          "CacheSync {}/{} reconciled: {} caches, config {}",
          cs.getMetadata().getNamespace(),
          cs.getMetadata().getName(),
          cs.getSpec().getCaches().size(),
          rendered ? "rendered" : "pending");
    }
    status.setObservedGeneration(generation);
    status.setConditions(conditions.build());
    return UpdateControl.patchStatus(statusOnly(cs, status));
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
