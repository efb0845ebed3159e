package io.cachesync.operator.template;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;

/**
 * What injection adds for one CacheSync: the sidecar container, the pod volumes it needs, and the
 * hash the pod is annotated with so the operator can tell an outdated sidecar from a current one.
 *
 * @param cacheSync the CacheSync's name
 * @param grpcPort where the app reaches the sidecar on loopback
 */
public record Sidecar(
    String cacheSync, Container container, List<Volume> volumes, String hash, int grpcPort) {
  public Sidecar {
    volumes = List.copyOf(volumes);
  }
}
