package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.policy.NamedSecret;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Redis Secrets CacheSyncs name (credentials, TLS CA, client certificate) as an event source: a
 * rotated password or certificate reconciles the CacheSyncs naming it at once. Only Secrets
 * labelled {@code cachesync.io/credentials=true} are listed and cached: those are the only ones
 * whose data the operator uses, and the rest of the cluster's Secrets stay out of its memory.
 */
final class RedisSecretSource {
  static final String NAME = "redis-secrets";

  private RedisSecretSource() {}

  static InformerEventSource<Secret, CacheSync> create(EventSourceContext<CacheSync> context) {
    var config =
        InformerEventSourceConfiguration.from(Secret.class, CacheSync.class)
            .withName(NAME)
            .withNamespacesInheritedFromController()
            .withLabelSelector(NamedSecret.LABEL + "=" + NamedSecret.LABEL_VALUE)
            .withSecondaryToPrimaryMapper(
                (Secret secret) ->
                    context
                        .getPrimaryCache()
                        .list(secret.getMetadata().getNamespace())
                        .filter(cs -> names(cs, secret.getMetadata().getName()))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return new InformerEventSource<>(config, context);
  }

  @SuppressWarnings("unchecked")
  static InformerEventSource<Secret, CacheSync> in(Context<CacheSync> context) {
    return (InformerEventSource<Secret, CacheSync>)
        context.eventSourceRetriever().getEventSourceFor(Secret.class, NAME);
  }

  /**
   * The resourceVersions of the labelled Secrets {@code cs} names, in spec order: a Redis visit
   * made with other versions is not reused.
   */
  static String versions(CacheSync cs, SecretLookup secrets) {
    return NamedSecret.in(cs.getSpec()).stream()
        .map(n -> Optional.ofNullable(secrets.labelled(n.name())))
        .map(s -> s.map(x -> x.getMetadata().getResourceVersion()).orElse("-"))
        .collect(Collectors.joining(","));
  }

  private static boolean names(CacheSync cs, String secret) {
    return NamedSecret.in(cs.getSpec()).stream().anyMatch(n -> n.name().equals(secret));
  }
}
