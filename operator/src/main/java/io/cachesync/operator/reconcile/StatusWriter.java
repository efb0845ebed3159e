package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncStatus;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes a CacheSync's status through the status subresource with optimistic locking (the
 * resourceVersion read goes with the request; a conflict re-reads and recomputes), and puts what
 * the server returned into JOSDK's cache, so the next pass starts from its own write rather than a
 * stale informer copy. Skipped when nothing changed.
 *
 * <p>With server-side apply on (how the operator runs) the request is an apply of a fresh object
 * holding name, namespace and status only, under the controller's field manager: the finalizer and
 * the spec are not in it, so neither can be touched. An apply removes only fields no other manager
 * shares, so a write that drops a status field while another manager owns some of the status (a
 * status PUT by an older operator version, say) replaces the status instead. With server-side apply
 * off (fabric8's mock server, which cannot apply) the status is always replaced by a PUT on the
 * same subresource, as JOSDK does in that mode.
 */
final class StatusWriter {
  private StatusWriter() {}

  /** {@code statusFor} gets the stored resource (re-read after a conflict) and says its status. */
  static void write(
      CacheSync cs, Context<CacheSync> context, Function<CacheSync, CacheSyncStatus> statusFor) {
    var json = context.getClient().getKubernetesSerialization();
    CacheSyncStatus first = statusFor.apply(cs);
    if (cs.getStatus() != null && json.asJson(cs.getStatus()).equals(json.asJson(first))) return;
    var configuration = context.getControllerConfiguration();
    if (configuration.getConfigurationService().useSSAToPatchPrimaryResource()
        && !(drops(json, cs.getStatus(), first)
            && sharesStatus(cs, configuration.fieldManager()))) {
      PrimaryUpdateAndCacheUtils.updateAndCacheResource(
          cs,
          context,
          current -> statusOnly(current, statusFor.apply(current)),
          fresh ->
              context
                  .getClient()
                  .resource(fresh)
                  .subresource("status")
                  .patch(
                      new PatchContext.Builder()
                          .withForce(true)
                          .withFieldManager(configuration.fieldManager())
                          .withPatchType(PatchType.SERVER_SIDE_APPLY)
                          .build()));
    } else {
      var cloner = configuration.getConfigurationService().getResourceCloner();
      PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
          cs,
          context,
          current -> {
            CacheSync next = cloner.clone(current);
            next.setStatus(statusFor.apply(current));
            return next;
          });
    }
  }

  /** Whether {@code next} leaves out a top-level field {@code stored} has. */
  static boolean drops(KubernetesSerialization json, CacheSyncStatus stored, CacheSyncStatus next) {
    if (stored == null) return false;
    Map<?, ?> before = json.convertValue(stored, Map.class);
    Map<?, ?> after = json.convertValue(next, Map.class);
    return !after.keySet().containsAll(before.keySet());
  }

  /** Whether a manager other than ours owns status fields (a PUT by an older operator, say). */
  static boolean sharesStatus(CacheSync cs, String ours) {
    var entries = cs.getMetadata().getManagedFields();
    return entries != null
        && entries.stream()
            .anyMatch(
                e ->
                    !ours.equals(e.getManager())
                        && e.getFieldsV1() != null
                        && e.getFieldsV1().getAdditionalProperties().containsKey("f:status"));
  }

  /** What an apply carries: identity and status, nothing a user or JOSDK owns. */
  static CacheSync statusOnly(CacheSync of, CacheSyncStatus status) {
    CacheSync fresh = new CacheSync();
    fresh.getMetadata().setName(of.getMetadata().getName());
    fresh.getMetadata().setNamespace(of.getMetadata().getNamespace());
    fresh.setSpec(null);
    fresh.setStatus(status);
    return fresh;
  }
}
