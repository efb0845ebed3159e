package io.cachesync.operator.e2e;

import io.cachesync.operator.examples.Manifests;
import io.cachesync.operator.model.CacheSync;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;

/**
 * The quickstart of {@code examples/kubernetes/quickstart}, as a user applies it: the opted-in
 * namespace, the CacheSync and the app's Deployment. Its Redis Deployment is left out (no kubelet
 * runs it); the CacheSync is pointed at the test's redis-server instead.
 */
final class Quickstart {
  static final Path DIR = Path.of("../examples/kubernetes/quickstart");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Quickstart() {}

  static Namespace namespace() {
    return read("01-namespace.yaml", Namespace.class);
  }

  /** The quickstart's CacheSync, with its Redis URL replaced by {@code redisUrl}. */
  static CacheSync cacheSync(String redisUrl) {
    CacheSync cs = read("03-cachesync.yaml", CacheSync.class);
    cs.getSpec().getRedis().setUrl(redisUrl);
    return cs;
  }

  static Deployment app() {
    return read("04-app.yaml", Deployment.class);
  }

  private static <T> T read(String file, Class<T> type) {
    var docs = Manifests.read(DIR.resolve(file));
    if (docs.size() != 1) {
      throw new IllegalStateException(
          DIR.resolve(file) + " holds " + docs.size() + " objects, not 1");
    }
    return SERIALIZATION.unmarshal(docs.get(0).toString(), type);
  }
}
