package io.cachesync.operator;

import io.cachesync.operator.model.CacheSpec;
import io.cachesync.operator.model.CacheStrategy;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncSpec;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.operator.model.KeyspaceNotificationsSpec;
import io.cachesync.operator.model.LoaderSpec;
import io.cachesync.operator.model.RedisMode;
import io.cachesync.operator.model.RedisSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Fixture factory for CacheSync resources, instead of YAML copied between tests. */
public final class CacheSyncs {
  private CacheSyncs() {}

  /** Installs the checked-in CRD into a (mock) API server, as a cluster admin would. */
  public static void installCrd(KubernetesClient client) throws IOException {
    try (var crd = new FileInputStream("../crds/cachesyncs.cachesync.io-v1.yml")) {
      client
          .resource(
              client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class))
          .create();
    }
  }

  /** {@link #minimal} on a Redis of the given topology: {@code redisUrl} as that mode reads it. */
  public static CacheSync minimal(String namespace, String name, String redisUrl, RedisMode mode) {
    CacheSync cs = minimal(namespace, name, redisUrl);
    cs.getSpec().getRedis().setMode(mode);
    return cs;
  }

  public static CacheSync minimal(String namespace, String name, String redisUrl) {
    CacheSync cs = new CacheSync();
    cs.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    CacheSyncSpec spec = new CacheSyncSpec();
    RedisSpec redis = new RedisSpec();
    redis.setUrl(redisUrl);
    spec.setRedis(redis);
    spec.setCaches(new ArrayList<>(List.of(cache("books", CacheStrategy.LookAside))));
    cs.setSpec(spec);
    return cs;
  }

  /**
   * A Secret a CacheSync may name for Redis: {@code labelled} gives it the label
   * (cachesync.io/credentials=true) without which the operator refuses it.
   */
  public static Secret redisSecret(
      String namespace, String name, String type, Map<String, String> data, boolean labelled) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labelled ? Map.of("cachesync.io/credentials", "true") : Map.of())
        .endMetadata()
        .withType(type)
        .withStringData(data)
        .build();
  }

  /**
   * Edits the stored CacheSync to gain a look-aside cache {@code cache}: the smallest spec change,
   * which bumps its generation.
   */
  public static CacheSync addCache(
      KubernetesClient client, String namespace, String name, String cache) {
    return client
        .resources(CacheSync.class)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            cs -> {
              cs.getSpec().getCaches().add(cache(cache, CacheStrategy.LookAside));
              return cs;
            });
  }

  public static CacheSpec cache(String name, CacheStrategy strategy) {
    CacheSpec c = new CacheSpec();
    c.setName(name);
    c.setStrategy(strategy);
    c.setMaximumSize(1000L);
    c.setTtl("5m");
    return c;
  }

  /** {@code cs} asking for these keyspace events (the operator manages the flags by default). */
  public static CacheSync withEvents(CacheSync cs, KeyspaceEvent... events) {
    KeyspaceNotificationsSpec k = new KeyspaceNotificationsSpec();
    k.setEvents(List.of(events));
    cs.getSpec().setKeyspaceNotifications(k);
    return cs;
  }

  public static LoaderSpec loader(String target) {
    LoaderSpec l = new LoaderSpec();
    l.setTarget(target);
    return l;
  }
}
