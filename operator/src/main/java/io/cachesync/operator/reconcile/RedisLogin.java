package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.redis.RedisAccess;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A CacheSync's way into a Redis server at {@code url}: its credentials and TLS from the Secrets it
 * names, or in {@code problem} the sentence saying why they could not be read.
 */
record RedisLogin(RedisAccess access, String problem) {

  static RedisLogin of(CacheSync cs, KubernetesClient client, String url) {
    RedisCredentials credentials = RedisCredentials.of(cs, client);
    if (credentials.problem() != null) return new RedisLogin(null, credentials.problem());
    RedisTlsSecrets tls = RedisTlsSecrets.of(cs, client);
    if (tls.problem() != null) return new RedisLogin(null, tls.problem());
    return new RedisLogin(
        new RedisAccess(url, credentials.username(), credentials.password(), tls.trust()), null);
  }
}
