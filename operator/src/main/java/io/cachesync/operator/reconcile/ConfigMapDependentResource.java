package io.cachesync.operator.reconcile;

import io.cachesync.operator.config.SidecarConfigRenderer;
import io.cachesync.operator.model.CacheSync;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.util.Map;

/** The sidecar's config file for a CacheSync, owned by it (deleted with it). */
public class ConfigMapDependentResource
    extends CRUDKubernetesDependentResource<ConfigMap, CacheSync> {
  public static final String CONFIG_KEY = "cachesync.yaml";

  public ConfigMapDependentResource() {
    super(ConfigMap.class);
  }

  public static String nameOf(CacheSync cs) {
    return cs.getMetadata().getName() + "-sidecar-config";
  }

  @Override
  protected ConfigMap desired(CacheSync primary, Context<CacheSync> context) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(nameOf(primary))
        .withNamespace(primary.getMetadata().getNamespace())
        .withLabels(
            Map.of(
                "app.kubernetes.io/managed-by",
                "cachesync-operator",
                "cachesync.io/cachesync",
                primary.getMetadata().getName()))
        .endMetadata()
        .withData(Map.of(CONFIG_KEY, SidecarConfigRenderer.render(primary)))
        .build();
  }
}
