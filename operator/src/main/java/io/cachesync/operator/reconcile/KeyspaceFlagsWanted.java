package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Keyspace flags are kept on the server only for a valid, policy-clean spec that asks for keyspace
 * events and lets the operator manage them; otherwise JOSDK gives a registration back.
 */
public class KeyspaceFlagsWanted implements Condition<KeyspaceFlagsOnServer, CacheSync> {
  @Override
  public boolean isMet(
      DependentResource<KeyspaceFlagsOnServer, CacheSync> dependentResource,
      CacheSync primary,
      Context<CacheSync> context) {
    return KeyspaceFlagsOnServer.requested(primary)
        && KeyspaceFlagsOnServer.serverOf(primary) != null
        && ValidSpecCondition.valid(primary, context);
  }
}
