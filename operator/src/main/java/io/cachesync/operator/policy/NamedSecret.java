package io.cachesync.operator.policy;

import io.cachesync.operator.model.CacheSyncSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Secret a CacheSync names, and the field that names it.
 *
 * @param field e.g. {@code spec.redis.credentials.secretName}
 * @param name the Secret's name, in the CacheSync's namespace
 */
public record NamedSecret(String field, String name) {
  /** The label the platform puts on Secrets a CacheSync may use. */
  public static final String LABEL = "cachesync.io/credentials";

  public static final String LABEL_VALUE = "true";

  /**
   * Every Secret {@code spec} names, whose data would reach the sidecar or the operator. A new
   * field that names a Secret (e.g. TLS material) is added here, and is then covered by the label
   * rule everywhere.
   */
  public static List<NamedSecret> in(CacheSyncSpec spec) {
    List<NamedSecret> out = new ArrayList<>();
    if (spec == null || spec.getRedis() == null) return out;
    var credentials = spec.getRedis().getCredentials();
    if (credentials != null && credentials.getSecretName() != null) {
      out.add(new NamedSecret("spec.redis.credentials.secretName", credentials.getSecretName()));
    }
    var tls = spec.getRedis().getTls();
    if (tls != null && tls.getCaSecretName() != null) {
      out.add(new NamedSecret("spec.redis.tls.caSecretName", tls.getCaSecretName()));
    }
    if (tls != null && tls.getClientCertSecretName() != null) {
      out.add(
          new NamedSecret("spec.redis.tls.clientCertSecretName", tls.getClientCertSecretName()));
    }
    return out;
  }

  /** True when {@code labels} (null: no Secret) mark a Secret for CacheSync credentials. */
  public static boolean marked(Map<String, String> labels) {
    return labels != null && LABEL_VALUE.equals(labels.get(LABEL));
  }
}
