package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.template.CacheSyncNames;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each CacheSync gets a sync key Secret once; the operator never replaces a key in use. */
class SyncKeySecretIT extends OperatorOnMockServer {

  Secret secret(String cacheSync) {
    return client.secrets().inNamespace(NS).withName(cacheSync + "-sync-key").get();
  }

  static String key(Secret s) {
    return new String(
        Base64.getDecoder().decode(s.getData().get(CacheSyncNames.SYNC_KEY)),
        StandardCharsets.UTF_8);
  }

  CacheSync reconciled(String name) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              CacheSync cs = client.resources(CacheSync.class).inNamespace(NS).withName(name).get();
              return cs.getStatus() != null && cs.getStatus().getObservedGeneration() != null;
            });
    return client.resources(CacheSync.class).inNamespace(NS).withName(name).get();
  }

  @Test
  @DisplayName(
      "a CacheSync gets <name>-sync-key: 32 random bytes as 43 base64url characters, owned by it without blocking its deletion")
  void created() {
    client.resource(CacheSyncs.minimal(NS, "catalogue", redis.uri())).create();
    CacheSync cs = reconciled("catalogue");
    await().atMost(Duration.ofSeconds(30)).until(() -> secret("catalogue") != null);
    Secret s = secret("catalogue");

    assertThat(key(s)).matches("[A-Za-z0-9_-]{43}");
    assertThat(Base64.getUrlDecoder().decode(key(s))).hasSize(32);
    assertThat(s.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "cachesync-operator")
        .containsEntry("cachesync.io/cachesync", "catalogue");
    assertThat(s.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getUid()).isEqualTo(cs.getMetadata().getUid());
              assertThat(o.getKind()).isEqualTo("CacheSync");
              assertThat(o.getBlockOwnerDeletion()).isNotEqualTo(true);
            });

    client.resource(CacheSyncs.minimal(NS, "orders", redis.uri())).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> secret("orders") != null);
    assertThat(key(secret("orders"))).as("one key per CacheSync").isNotEqualTo(key(s));
  }

  @Test
  @DisplayName("later reconciles, after a spec change, keep the key the pods already have")
  void neverRegenerated() {
    client.resource(CacheSyncs.minimal(NS, "catalogue", redis.uri())).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> secret("catalogue") != null);
    String first = key(secret("catalogue"));
    long generation = reconciled("catalogue").getStatus().getObservedGeneration();

    CacheSyncs.addCache(client, NS, "catalogue", "authors");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                reconciled("catalogue").getStatus().getObservedGeneration() > generation
                    && reconciled("catalogue").getStatus().getCaches() == 2);

    assertThat(key(secret("catalogue"))).isEqualTo(first);
  }

  @Test
  @DisplayName(
      "a deleted key Secret is made again with a new key, and a Warning says the pods must restart")
  void deletedIsRemade() {
    client.resource(CacheSyncs.minimal(NS, "catalogue", redis.uri())).create();
    reconciled("catalogue");
    await().atMost(Duration.ofSeconds(30)).until(() -> secret("catalogue") != null);
    String first = key(secret("catalogue"));

    client.secrets().inNamespace(NS).withName("catalogue-sync-key").delete();
    // any change brings the next pass at once, as the minute's recheck would later
    client
        .resources(CacheSync.class)
        .inNamespace(NS)
        .withName("catalogue")
        .edit(
            c -> {
              c.getSpec().getCaches().get(0).setTtl("6m");
              return c;
            });

    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> secret("catalogue") != null && !key(secret("catalogue")).equals(first));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(NS).list().getItems())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getReason()).isEqualTo("SyncKeyRegenerated");
                          assertThat(e.getMessage()).contains("catalogue-sync-key", "new key");
                        }));
  }

  @Test
  @DisplayName("a key Secret the platform team created first is used as it is")
  void broughtKeyKept() {
    String own = "a-key-the-platform-team-made-itself-0123456789";
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("catalogue-sync-key")
                .withNamespace(NS)
                .endMetadata()
                .withStringData(Map.of("key", own))
                .build())
        .create();
    client.resource(CacheSyncs.minimal(NS, "catalogue", redis.uri())).create();
    reconciled("catalogue");

    Secret s = secret("catalogue");
    String stored =
        s.getData() != null && s.getData().containsKey("key")
            ? key(s)
            : s.getStringData().get("key");
    assertThat(stored).isEqualTo(own);
  }
}
