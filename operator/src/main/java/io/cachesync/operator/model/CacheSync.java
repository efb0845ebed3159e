package io.cachesync.operator.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A near cache for the pods its selector matches: the sidecar's caches, the Redis that keeps them
 * consistent, and the application's CacheLoader. The CRD in {@code crds/} is generated from here.
 */
@Group("cachesync.io")
@Version("v1alpha1")
@ShortNames("csync")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Caches",
    jsonPath = ".status.caches",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Pods",
    jsonPath = ".status.injectedPods",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class CacheSync extends CustomResource<CacheSyncSpec, CacheSyncStatus>
    implements Namespaced {

  @Override
  protected CacheSyncStatus initStatus() {
    return new CacheSyncStatus();
  }
}
