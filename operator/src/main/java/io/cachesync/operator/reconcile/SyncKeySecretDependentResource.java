package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.template.CacheSyncNames;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import java.net.HttpURLConnection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CacheSync's sync-key Secret ({@link SyncKeySecrets}): created when missing, never updated, so
 * a key once handed to the sidecars stays theirs. Not a KubernetesDependentResource: that needs an
 * informer on Secrets, i.e. list and watch of every Secret in the cluster, far more than reading
 * and creating the one Secret it needs by name. A GET per reconcile is the price.
 */
public class SyncKeySecretDependentResource implements DependentResource<Secret, CacheSync> {
  private static final Logger log = LoggerFactory.getLogger(SyncKeySecretDependentResource.class);

  @Override
  public Class<Secret> resourceType() {
    return Secret.class;
  }

  @Override
  public Optional<Secret> getSecondaryResource(CacheSync cs, Context<CacheSync> context) {
    return Optional.ofNullable(get(context.getClient(), cs));
  }

  @Override
  public ReconcileResult<Secret> reconcile(CacheSync cs, Context<CacheSync> context) {
    KubernetesClient client = context.getClient();
    Secret existing = get(client, cs);
    if (existing != null) return ReconcileResult.noOperation(existing);
    Secret created;
    try {
      created = client.secrets().resource(SyncKeySecrets.fresh(cs)).create();
    } catch (KubernetesClientException e) {
      // another replica or pass created it first: that key is the one
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) throw e;
      return ReconcileResult.noOperation(get(client, cs));
    }
    String name = CacheSyncNames.syncKeySecret(cs);
    log.info(
        "CacheSync {}/{}: created the sync key Secret {}",
        cs.getMetadata().getNamespace(),
        cs.getMetadata().getName(),
        name);
    // a status means the CacheSync ran before: its pods hold a key that is now gone
    if (cs.getStatus() != null && cs.getStatus().getObservedGeneration() != null) {
      CacheSyncEvents.emit(
          client,
          cs,
          "Warning",
          "SyncKeyRegenerated",
          "the Secret "
              + name
              + " was missing and has a new key: running sidecars take it from their mounted"
              + " file once the kubelet refreshes it (about a minute); until then a pod drops"
              + " frames signed with the new key, so invalidations may be missed");
    }
    return ReconcileResult.resourceCreated(created);
  }

  private static Secret get(KubernetesClient client, CacheSync cs) {
    return client
        .secrets()
        .inNamespace(cs.getMetadata().getNamespace())
        .withName(CacheSyncNames.syncKeySecret(cs))
        .get();
  }
}
