package io.cachesync.operator.reconcile;

import io.cachesync.operator.config.SidecarConfigRenderer;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.template.CacheSyncNames;
import io.cachesync.operator.template.SidecarDefaults;
import io.cachesync.operator.template.SidecarHeap;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.util.Map;

/**
 * The sidecar's config file for a CacheSync, owned by it (deleted with it). It states the bounds of
 * the caches that set none, from the heap the injected sidecar will get ({@link SidecarHeap}), so
 * it needs the same sidecar defaults as the webhook: JOSDK builds it, so it reads them from the
 * environment, as the operator's main does.
 */
public class ConfigMapDependentResource
    extends CRUDKubernetesDependentResource<ConfigMap, CacheSync> {
  private final SidecarDefaults sidecarDefaults;

  public ConfigMapDependentResource() {
    this(SidecarDefaults.fromEnv(System.getenv()));
  }

  ConfigMapDependentResource(SidecarDefaults sidecarDefaults) {
    super(ConfigMap.class);
    this.sidecarDefaults = sidecarDefaults;
  }

  @Override
  protected ConfigMap desired(CacheSync primary, Context<CacheSync> context) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(CacheSyncNames.configMap(primary))
        .withNamespace(primary.getMetadata().getNamespace())
        .withLabels(
            Map.of(
                "app.kubernetes.io/managed-by",
                "cachesync-operator",
                "cachesync.io/cachesync",
                primary.getMetadata().getName()))
        .endMetadata()
        .withData(
            Map.of(
                CacheSyncNames.CONFIG_KEY,
                SidecarConfigRenderer.render(primary, SidecarHeap.of(primary, sidecarDefaults))))
        .build();
  }
}
