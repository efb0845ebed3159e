package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.SecretKeys;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The operator reads a Secret's data only when the platform marked it for CacheSyncs. */
@EnableKubernetesMockClient(crud = true)
class RedisCredentialsTest {
  KubernetesClient client;

  void secret(String name, Map<String, String> labels) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("shop")
                .withLabels(labels)
                .endMetadata()
                .withStringData(Map.of("password", "hunter2"))
                .build())
        .create();
  }

  static CacheSync naming(String secret) {
    CacheSync cs = CacheSyncs.minimal("shop", "catalogue", "redis://redis.shop.svc:6379");
    SecretKeys keys = new SecretKeys();
    keys.setSecretName(secret);
    cs.getSpec().getRedis().setCredentials(keys);
    return cs;
  }

  @Test
  @DisplayName("an unlabelled Secret (e.g. another app's database password) is not read")
  void unlabelled() {
    secret("db-root", Map.of("app", "postgres"));

    RedisCredentials credentials = RedisCredentials.of(naming("db-root"), client);

    assertThat(credentials.password()).isNull();
    assertThat(credentials.problem())
        .isEqualTo(
            "the credentials Secret db-root is not labelled cachesync.io/credentials=true;"
                + " its data is not used");
  }

  @Test
  @DisplayName("a Secret labelled cachesync.io/credentials=true is read")
  void labelled() {
    secret("redis-auth", Map.of("cachesync.io/credentials", "true"));

    RedisCredentials credentials = RedisCredentials.of(naming("redis-auth"), client);

    assertThat(credentials.problem()).isNull();
    assertThat(credentials.password()).isEqualTo("hunter2");
  }
}
