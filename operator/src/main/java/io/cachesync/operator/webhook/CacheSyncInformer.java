package io.cachesync.operator.webhook;

import io.cachesync.operator.model.CacheSync;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's own watch of every CacheSync, indexed by namespace. Its own, not JOSDK's: with
 * leader election only the leader reconciles, but every replica behind the webhook's Service
 * answers admission requests.
 */
public final class CacheSyncInformer implements CacheSyncLookup, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CacheSyncInformer.class);
  private final SharedIndexInformer<CacheSync> informer;

  private CacheSyncInformer(SharedIndexInformer<CacheSync> informer) {
    this.informer = informer;
  }

  /** Starts watching; {@link #hasSynced} says when the first list has arrived. */
  public static CacheSyncInformer start(KubernetesClient client) {
    SharedIndexInformer<CacheSync> informer =
        client.resources(CacheSync.class).inAnyNamespace().runnableInformer(0);
    // keep retrying when the first list fails (the CRD not installed yet, RBAC being applied)
    informer.exceptionHandler(
        (started, t) -> {
          log.warn("watching CacheSyncs for the webhook: {}; retrying", t.toString());
          return true;
        });
    informer.start();
    return new CacheSyncInformer(informer);
  }

  public boolean hasSynced() {
    return informer.hasSynced();
  }

  @Override
  public List<CacheSync> inNamespace(String namespace) {
    return informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
  }

  @Override
  public void close() {
    informer.close();
  }
}
