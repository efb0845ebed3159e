package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.SecretKeys;
import io.cachesync.operator.policy.NamedSecret;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A CacheSync's Redis username and password, read from the Secret its spec names; {@code problem}
 * says in a sentence why they could not be read.
 */
record RedisCredentials(String username, String password, String problem) {
  static final RedisCredentials NONE = new RedisCredentials(null, null, null);

  static RedisCredentials of(CacheSync cs, KubernetesClient client) {
    return of(cs, SecretLookup.of(client, cs.getMetadata().getNamespace()));
  }

  static RedisCredentials of(CacheSync cs, SecretLookup secrets) {
    SecretKeys keys = cs.getSpec().getRedis().getCredentials();
    if (keys == null) return NONE;
    // only Secrets the platform marked for CacheSyncs: otherwise any Secret could be read by name
    Secret secret = secrets.labelled(keys.getSecretName());
    if (secret == null && !secrets.exists(keys.getSecretName())) {
      return problem("the credentials Secret " + keys.getSecretName() + " does not exist");
    }
    if (secret == null) {
      return problem(
          "the credentials Secret "
              + keys.getSecretName()
              + " is not labelled "
              + NamedSecret.LABEL
              + "="
              + NamedSecret.LABEL_VALUE
              + "; its data is not used");
    }
    String passwordKey = keys.getPasswordKey() == null ? "password" : keys.getPasswordKey();
    String password = decode(secret, passwordKey);
    if (password == null) return missingKey(keys, passwordKey);
    if (keys.getUsernameKey() == null) return new RedisCredentials(null, password, null);
    String username = decode(secret, keys.getUsernameKey());
    if (username == null) return missingKey(keys, keys.getUsernameKey());
    return new RedisCredentials(username, password, null);
  }

  private static RedisCredentials missingKey(SecretKeys keys, String key) {
    return problem("the credentials Secret " + keys.getSecretName() + " has no key '" + key + "'");
  }

  private static RedisCredentials problem(String why) {
    return new RedisCredentials(null, null, why);
  }

  private static String decode(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return new String(
          Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    return secret.getStringData() == null ? null : secret.getStringData().get(key);
  }
}
