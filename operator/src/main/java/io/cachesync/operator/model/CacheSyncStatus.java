package io.cachesync.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What is true now: the generation seen, conditions sorted by type, and counts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CacheSyncStatus {
  @JsonPropertyDescription("The metadata.generation this status describes")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready, RedisReachable, KeyspaceNotifications, ConfigRendered, SidecarsInjected,"
          + " RedisUserConfined")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Caches configured")
  private Integer caches;

  @JsonPropertyDescription("Pods the selector matches")
  private Integer selectedPods;

  @JsonPropertyDescription("Selected pods running the sidecar")
  private Integer injectedPods;

  @JsonPropertyDescription("Pods whose sidecar differs from what the current spec would inject")
  private Integer outdatedPods;

  @JsonPropertyDescription(
      "Selected pods running no cachesync sidecar (created while the webhook was unreachable, or"
          + " before the CacheSync): they send no invalidations; delete them to have it injected")
  private Integer podsWithoutSidecar;

  @JsonPropertyDescription(
      "Deprecated, no longer written: notify-keyspace-events flags an older operator"
          + " recorded as added for this CacheSync; the server's hash cachesync:keyspace-flags"
          + " now records who needs which flag, and takes these over on the next reconcile")
  private String keyspaceFlagsAdded;

  @JsonPropertyDescription(
      "The Redis server (host:port) holding this CacheSync's registration in its"
          + " cachesync:keyspace-flags hash, where a move or a deletion gives it back")
  private String keyspaceFlagsServer;

  public String getKeyspaceFlagsServer() {
    return keyspaceFlagsServer;
  }

  public void setKeyspaceFlagsServer(String keyspaceFlagsServer) {
    this.keyspaceFlagsServer = keyspaceFlagsServer;
  }

  public String getKeyspaceFlagsAdded() {
    return keyspaceFlagsAdded;
  }

  public void setKeyspaceFlagsAdded(String keyspaceFlagsAdded) {
    this.keyspaceFlagsAdded = keyspaceFlagsAdded;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Integer getCaches() {
    return caches;
  }

  public void setCaches(Integer caches) {
    this.caches = caches;
  }

  public Integer getSelectedPods() {
    return selectedPods;
  }

  public void setSelectedPods(Integer selectedPods) {
    this.selectedPods = selectedPods;
  }

  public Integer getInjectedPods() {
    return injectedPods;
  }

  public void setInjectedPods(Integer injectedPods) {
    this.injectedPods = injectedPods;
  }

  public Integer getOutdatedPods() {
    return outdatedPods;
  }

  public void setOutdatedPods(Integer outdatedPods) {
    this.outdatedPods = outdatedPods;
  }

  public Integer getPodsWithoutSidecar() {
    return podsWithoutSidecar;
  }

  public void setPodsWithoutSidecar(Integer podsWithoutSidecar) {
    this.podsWithoutSidecar = podsWithoutSidecar;
  }
}
