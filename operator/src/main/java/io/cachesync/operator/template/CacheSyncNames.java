package io.cachesync.operator.template;

import io.cachesync.operator.model.CacheSync;

/**
 * The names of what a CacheSync owns in its namespace, in one place because the reconciler makes
 * them and the injected pod mounts them.
 */
public final class CacheSyncNames {
  /** The ConfigMap's data key, and so the name of the sidecar's mounted config file. */
  public static final String CONFIG_KEY = "cachesync.yaml";

  /** The sync-key Secret's data key, and so the name of the sidecar's mounted key file. */
  public static final String SYNC_KEY = "key";

  private CacheSyncNames() {}

  /** The ConfigMap holding the rendered sidecar config. */
  public static String configMap(CacheSync cs) {
    return cs.getMetadata().getName() + "-sidecar-config";
  }

  /** The Secret holding the key the sidecars sign their frames with. */
  public static String syncKeySecret(CacheSync cs) {
    return cs.getMetadata().getName() + "-sync-key";
  }
}
