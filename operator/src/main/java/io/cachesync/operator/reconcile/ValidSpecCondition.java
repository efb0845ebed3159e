package io.cachesync.operator.reconcile;

import io.cachesync.operator.config.SpecValidator;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.policy.AdmissionPolicy;
import io.cachesync.operator.policy.MissingSecret;
import io.cachesync.operator.policy.SecretLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Nothing is rendered from a spec that is wrong, or that the platform's policy refuses: the status
 * says what to fix instead.
 */
public class ValidSpecCondition implements Condition<ConfigMap, CacheSync> {
  /**
   * JOSDK builds conditions itself, so the reconciler hands the policy over here; one operator runs
   * per process.
   */
  private static volatile AdmissionPolicy policy = AdmissionPolicy.defaultsFor(null);

  static void use(AdmissionPolicy p) {
    policy = p;
  }

  @Override
  public boolean isMet(
      DependentResource<ConfigMap, CacheSync> dependentResource,
      CacheSync primary,
      Context<CacheSync> context) {
    return valid(primary, context);
  }

  static boolean valid(CacheSync primary, Context<CacheSync> context) {
    return SpecValidator.problems(primary.getSpec()).isEmpty()
        && policy
            .violations(primary, SecretLabels.from(context.getClient()), MissingSecret.ALLOWED)
            .isEmpty();
  }
}
