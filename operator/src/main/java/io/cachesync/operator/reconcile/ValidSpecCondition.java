package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Nothing is rendered from a spec that is wrong: the status says what to fix instead. */
public class ValidSpecCondition implements Condition<ConfigMap, CacheSync> {
  @Override
  public boolean isMet(
      DependentResource<ConfigMap, CacheSync> dependentResource,
      CacheSync primary,
      Context<CacheSync> context) {
    return SpecValidator.problems(primary.getSpec()).isEmpty();
  }
}
