package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.template.PodMarks;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.NoEventSourceForClassException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod informers, one per namespace that holds a CacheSync, registered when the first CacheSync
 * of a namespace is reconciled and dropped when its last one is deleted: a CacheSync selects pods
 * of its own namespace only, so pods elsewhere are never cached. One informer each, not JOSDK's
 * namespace changes on one event source: those share one item store between the namespaces'
 * informers, and a relist in one namespace would drop every other namespace's pods from it.
 */
final class PodInformers {
  private static final Logger log = LoggerFactory.getLogger(PodInformers.class);
  private static final String PREFIX = "pods@";

  /** Pods by the CacheSync whose sidecar they run ("namespace/name", from the webhook's mark). */
  static final String BY_INJECTING_CACHESYNC = "by-injecting-cachesync";

  // @GuardedBy("this")
  private final Set<String> namespaces = new HashSet<>();

  static String nameFor(String namespace) {
    return PREFIX + namespace;
  }

  /** Registers and drops informers so that exactly the namespaces of live CacheSyncs have one. */
  synchronized void follow(EventSourceRetriever<CacheSync> sources, Collection<CacheSync> all) {
    Set<String> wanted =
        all.stream()
            .filter(cs -> cs.getMetadata().getDeletionTimestamp() == null)
            .map(cs -> cs.getMetadata().getNamespace())
            .collect(Collectors.toCollection(TreeSet::new));
    for (String ns : wanted) {
      if (namespaces.contains(ns)) continue;
      // registering starts the informer and waits for its first list
      sources.dynamicallyRegisterEventSource(
          informer(ns, sources.eventSourceContextForDynamicRegistration()));
      namespaces.add(ns);
      log.info("watching the pods of namespace {}: it holds a CacheSync", ns);
    }
    for (String ns : List.copyOf(namespaces)) {
      if (wanted.contains(ns)) continue;
      sources.dynamicallyDeRegisterEventSource(nameFor(ns));
      namespaces.remove(ns);
      log.info("no longer watching the pods of namespace {}: it holds no CacheSync", ns);
    }
  }

  /** The cached pods of a namespace; none before its informer is registered. */
  @SuppressWarnings("unchecked")
  static List<Pod> in(EventSourceRetriever<CacheSync> sources, String namespace) {
    try {
      var informer =
          (InformerEventSource<Pod, CacheSync>)
              sources.getEventSourceFor(Pod.class, nameFor(namespace));
      return informer.list(namespace, p -> true).toList();
    } catch (IllegalArgumentException | NoEventSourceForClassException e) {
      return List.of();
    }
  }

  /**
   * The cached pods running {@code cs}'s sidecar, from the informer's index: no scan of the
   * namespace. None before its informer is registered.
   */
  @SuppressWarnings("unchecked")
  static List<Pod> injectedBy(EventSourceRetriever<CacheSync> sources, CacheSync cs) {
    String namespace = cs.getMetadata().getNamespace();
    try {
      var informer =
          (InformerEventSource<Pod, CacheSync>)
              sources.getEventSourceFor(Pod.class, nameFor(namespace));
      return informer.byIndex(BY_INJECTING_CACHESYNC, namespace + "/" + cs.getMetadata().getName());
    } catch (IllegalArgumentException | NoEventSourceForClassException e) {
      return List.of();
    }
  }

  /** The index key of a pod: the CacheSync named in its injected mark, if any. */
  static List<String> injectingKeys(Pod pod) {
    var annotations = pod.getMetadata().getAnnotations();
    String cs = annotations == null ? null : annotations.get(PodMarks.INJECTED);
    return cs == null ? List.of() : List.of(pod.getMetadata().getNamespace() + "/" + cs);
  }

  /**
   * A pod maps to the CacheSyncs in its namespace whose selector matches it, or whose sidecar it
   * runs. The informer keeps a reduced copy of each pod: what the counts and rollouts read.
   */
  private static InformerEventSource<Pod, CacheSync> informer(
      String namespace,
      io.javaoperatorsdk.operator.api.reconciler.EventSourceContext<CacheSync> context) {
    var config =
        InformerEventSourceConfiguration.from(Pod.class, CacheSync.class)
            .withName(nameFor(namespace))
            .withNamespaces(Set.of(namespace))
            .withSecondaryToPrimaryMapper(
                (Pod pod) ->
                    context
                        .getPrimaryCache()
                        .list(pod.getMetadata().getNamespace())
                        .filter(cs -> PodCensus.selects(cs, pod) || runs(pod, cs))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withItemStore(
                new ReducedStateItemStore<>(
                    ReducedStateItemStore.NAME_KEY_STATE,
                    Pod.class,
                    context.getClient().getKubernetesSerialization(),
                    "metadata.labels",
                    "metadata.annotations",
                    "metadata.ownerReferences",
                    "metadata.deletionTimestamp"))
            .build();
    var informer = new InformerEventSource<>(config, context);
    // before registration: indexers cannot be added to a started informer
    informer.addIndexers(Map.of(BY_INJECTING_CACHESYNC, PodInformers::injectingKeys));
    return informer;
  }

  private static boolean runs(Pod pod, CacheSync cs) {
    var annotations = pod.getMetadata().getAnnotations();
    return annotations != null
        && cs.getMetadata().getName().equals(annotations.get(PodMarks.INJECTED));
  }
}
