package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.template.CacheSyncNames;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The Secret holding a CacheSync's sync key: 32 random bytes, base64url without padding (43
 * characters), which the sidecars use as their HMAC-SHA256 key. Owned by the CacheSync, so the
 * garbage collector deletes it; without blockOwnerDeletion, which would need update on
 * cachesyncs/finalizers for no gain (nothing waits on the Secret's deletion).
 */
public final class SyncKeySecrets {
  static final int KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SyncKeySecrets() {}

  static Secret fresh(CacheSync cs) {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    String text = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    return new SecretBuilder()
        .withNewMetadata()
        .withName(CacheSyncNames.syncKeySecret(cs))
        .withNamespace(cs.getMetadata().getNamespace())
        .withLabels(
            Map.of(
                "app.kubernetes.io/managed-by",
                "cachesync-operator",
                "cachesync.io/cachesync",
                cs.getMetadata().getName()))
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(cs.getApiVersion())
                .withKind(cs.getKind())
                .withName(cs.getMetadata().getName())
                .withUid(cs.getMetadata().getUid())
                .withController(true)
                .build())
        .endMetadata()
        .withType("Opaque")
        .withData(
            Map.of(
                CacheSyncNames.SYNC_KEY,
                Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII))))
        .build();
  }
}
